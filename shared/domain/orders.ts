import * as z from 'zod';
import { read } from '../db';
import { readAccepted } from './accepted';
import { readPosition } from './read-your-writes';

const orderStatuses = ['accepted', 'reserved', 'paid', 'confirmed', 'rejected', 'payment_failed', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];
/** Where an order ends: nothing moves it on from these. */
export const finalOrderStatuses: OrderStatus[] = ['confirmed', 'rejected', 'payment_failed', 'cancelled'];

export const orderItemInput = z.strictObject({
  productId: z.uuid({ error: 'must be a UUID' }),
  quantity: z.int({ error: 'must be a whole number' }).min(1, 'must be at least 1').max(1000, 'must be at most 1000'),
});

export const order = z
  .object({
    id: z.uuid(),
    customerId: z.string(),
    status: z.enum(orderStatuses),
    reason: z.string().nullable().describe('Why it was rejected, failed or cancelled'),
    items: z.array(z.object({ productId: z.uuid(), quantity: z.int(), unitPrice: z.int().nullable() })),
    total: z.int().nullable().describe('Integer minor units; null until stock is reserved'),
    currency: z.string().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Order' });

export type Order = z.output<typeof order>;

/** What GET shows from the moment of the 202 until the order processor has taken the order. */
export function acceptedOrder(id: string, customerId: string, items: { productId: string; quantity: number }[], at: Date): Order {
  const time = at.toISOString();
  return {
    id, customerId, status: 'accepted', reason: null,
    items: items.map((item) => ({ ...item, unitPrice: null })),
    total: null, currency: null, createdAt: time, updatedAt: time,
  };
}

/** Columns of the order representation, for `FROM orders o`. */
export const orderColumns = `
  o.id, o.customer_id AS "customerId", o.status, o.reason, o.total::float8 AS total, o.currency,
  to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt",
  coalesce((SELECT json_agg(json_build_object('productId', i.product_id, 'quantity', i.quantity, 'unitPrice', i.unit_price) ORDER BY i.product_id)
            FROM order_items i WHERE i.order_id = o.id), '[]') AS items`;

/**
 * The order as it stands: the processor's row once it exists — from a replica only when it has
 * replayed the order's latest write (read-your-writes), so a status once shown is never followed by an
 * older one — else what was accepted.
 */
export async function readOrder(id: string): Promise<Order | null> {
  const [row] = await read(
    (sql) => sql<Order[]>`SELECT ${sql.unsafe(orderColumns)} FROM orders o WHERE o.id = ${id}`,
    await readPosition('order', id),
  );
  if (row) return row;
  const accepted = await readAccepted('order', id);
  return accepted === null ? null : (JSON.parse(accepted) as Order);
}
