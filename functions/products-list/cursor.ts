import * as z from 'zod';
import { text, timestamp } from '../../shared/domain/storable';

export const sorts = ['newest', 'price', '-price', 'name'] as const;
export type Sort = (typeof sorts)[number];

/** Where the previous page ended: the sort key's value and the id of its last item (the tiebreaker). */
export interface Cursor {
  sort: Sort;
  after: string | number;
  id: string;
}

/** A sort key as the column it stands for can hold it: anything else would reach PostgreSQL and fail there. */
const keyOf: Record<Sort, z.ZodType<string | number>> = {
  newest: timestamp(),
  price: z.int().min(0).max(2_147_483_647),
  '-price': z.int().min(0).max(2_147_483_647),
  name: text().max(200),
};

const encoded = z.object({ s: z.enum(sorts), k: z.unknown(), id: z.uuid() });

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, k: cursor.after, id: cursor.id })).toString('base64url');
}

/** The cursor a client sent back, or undefined when it is not one Brisk made. */
export function decodeCursor(text: string): Cursor | undefined {
  try {
    const parsed = encoded.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    if (!parsed.success) return undefined;
    const { s, id } = parsed.data;
    const key = keyOf[s].safeParse(parsed.data.k);
    return key.success ? { sort: s, after: key.data, id } : undefined;
  } catch {
    return undefined;
  }
}
