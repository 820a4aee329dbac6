import * as z from 'zod';

export const sorts = ['newest', 'price', '-price', 'name'] as const;
export type Sort = (typeof sorts)[number];

/** Where the previous page ended: the sort key's value and the id of its last item (the tiebreaker). */
export interface Cursor {
  sort: Sort;
  after: string | number;
  id: string;
}

const encoded = z.object({
  s: z.enum(sorts),
  k: z.union([z.string().max(300), z.int()]),
  id: z.uuid(),
});

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, k: cursor.after, id: cursor.id })).toString('base64url');
}

/** The cursor a client sent back, or undefined when it is not one Brisk made. */
export function decodeCursor(text: string): Cursor | undefined {
  try {
    const parsed = encoded.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    if (!parsed.success) return undefined;
    const { s, k, id } = parsed.data;
    const keyFits = s === 'price' || s === '-price' ? typeof k === 'number' : typeof k === 'string';
    if (!keyFits || (s === 'newest' && Number.isNaN(Date.parse(k as string)))) return undefined;
    return { sort: s, after: k, id };
  } catch {
    return undefined;
  }
}
