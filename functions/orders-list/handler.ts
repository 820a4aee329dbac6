import * as z from 'zod';
import { primary } from '../../shared/db';
import { type Order, orderColumns } from '../../shared/domain/orders';
import { invalidRequest } from '../../shared/http';
import { timestamp } from '../../shared/domain/storable';

const cursorSchema = z.object({ t: timestamp(), id: z.uuid() });

function decodeCursor(text: string): z.output<typeof cursorSchema> {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw invalidRequest([{ in: 'query', name: 'cursor', detail: 'is not a cursor from this API' }]);
  }
}

const encodeCursor = (last: Order): string => Buffer.from(JSON.stringify({ t: last.createdAt, id: last.id })).toString('base64url');

/** The caller's orders, newest first, in keyset pages over (created_at, id). */
export async function listOrders(customerId: string, limit: number, cursor?: string) {
  const sql = primary();
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const rows = await sql<Order[]>`
    SELECT ${sql.unsafe(orderColumns)} FROM orders o
    WHERE o.customer_id = ${customerId}
      ${after ? sql`AND (o.created_at, o.id) < (${after.t}::timestamptz, ${after.id}::uuid)` : sql``}
    ORDER BY o.created_at DESC, o.id DESC
    LIMIT ${limit + 1}`;
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!) : null };
}
