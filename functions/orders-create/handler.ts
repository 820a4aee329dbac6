import { v7 as uuidv7 } from 'uuid';
import { acceptedAt, rememberAccepted } from '../../shared/domain/accepted';
import { claimIdempotencyKey, idempotencyKeyOf, settleIdempotencyKey } from '../../shared/domain/idempotency';
import { acceptedOrder } from '../../shared/domain/orders';
import { acceptCommand } from '../../shared/events';
import { HttpProblem, json, type Reply, serviceUnavailable } from '../../shared/http';
import { logger } from '../../shared/log';

type Items = { productId: string; quantity: number }[];

const accepted = (orderId: string): Reply =>
  json({ orderId, status: 'accepted' }, 202, { location: `/v1/orders/${orderId}` });

async function claim(customerId: string, key: string, items: Items, orderId: string) {
  try {
    return await claimIdempotencyKey(customerId, key, items, orderId);
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    throw serviceUnavailable('Idempotency keys cannot be checked right now; nothing was accepted. Retry shortly.', 1);
  }
}

/**
 * Accepts an order: claims the Idempotency-Key, publishes `order.placed` and waits for the broker's
 * confirm, then makes the order readable as `accepted`. Nothing is written when the publish fails.
 */
export async function createOrder(customerId: string, items: Items, headers: Record<string, string | string[] | undefined>): Promise<Reply> {
  const key = idempotencyKeyOf(headers);
  const orderId = uuidv7();
  if (key) {
    const claimed = await claim(customerId, key, items, orderId);
    if (claimed.kind === 'replay') return accepted(claimed.resourceId);
  }
  try {
    await acceptCommand('brisk.orders.order.placed', { orderId, customerId, items }, { id: orderId, subject: orderId });
  } catch (error) {
    if (key) await settleIdempotencyKey(customerId, key, 'release').catch(() => undefined);
    throw error;
  }
  await Promise.all([
    rememberAccepted('order', orderId, JSON.stringify(acceptedOrder(orderId, customerId, items, acceptedAt(orderId)))),
    key && settleIdempotencyKey(customerId, key, 'done'),
  ]).catch((error: unknown) => logger().warn({ err: error, orderId }, 'accepted order not recorded in Redis; readable once processed'));
  return accepted(orderId);
}
