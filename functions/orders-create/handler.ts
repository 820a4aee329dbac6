import { newId } from '../../shared/process/new-id';
import { acceptedAt, forgetAccepted, rememberAccepted } from '../../shared/domain/accepted';
import { DomainError } from '../../shared/domain/errors';
import { claimIdempotencyKey, idempotencyKeyOf, settleIdempotencyKey } from '../../shared/domain/idempotency';
import { acceptedOrder } from '../../shared/domain/orders';
import { acceptCommand } from '../../shared/events';
import { json, type Reply } from '../../shared/http';
import { logger } from '../../shared/log';

type Items = { productId: string; quantity: number }[];

const accepted = (orderId: string): Reply =>
  json({ orderId, status: 'accepted' }, 202, { location: `/v1/orders/${orderId}` });

async function claim(customerId: string, key: string, items: Items, orderId: string) {
  try {
    return await claimIdempotencyKey(customerId, key, items, orderId);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('unavailable', 'Idempotency keys cannot be checked right now; nothing was accepted. Retry shortly.');
  }
}

/**
 * Accepts an order: claims the Idempotency-Key, publishes `order.placed` and waits for the broker's
 * confirm, then makes the order readable as `accepted`. Nothing is written when the publish fails.
 */
export async function createOrder(customerId: string, items: Items, headers: Record<string, string | string[] | undefined>): Promise<Reply> {
  const key = idempotencyKeyOf(headers);
  const orderId = newId();
  if (key) {
    const claimed = await claim(customerId, key, items, orderId);
    if (claimed.kind === 'replay') return accepted(claimed.resourceId);
  }
  // Recorded while the broker confirms, not after: no one knows this order's id before its 202, and a
  // publish that fails takes the record back before answering.
  const remembered = rememberAccepted('order', orderId, JSON.stringify(acceptedOrder(orderId, customerId, items, acceptedAt(orderId)))).then(
    () => true,
    (error: unknown) => {
      logger().warn({ err: error, orderId }, 'accepted order not recorded in Redis; readable once processed');
      return false;
    },
  );
  try {
    await acceptCommand('brisk.orders.order.placed', { orderId, customerId, items }, { id: orderId, subject: orderId });
  } catch (error) {
    await Promise.all([
      remembered.then((kept) => (kept ? forgetAccepted('order', orderId) : undefined)).catch(() => undefined),
      key && settleIdempotencyKey(customerId, key, 'release').catch(() => undefined),
    ]);
    throw error;
  }
  await Promise.all([
    remembered,
    key && settleIdempotencyKey(customerId, key, 'done').catch((error: unknown) => logger().warn({ err: error, orderId }, 'Idempotency-Key not marked done')),
  ]);
  return accepted(orderId);
}
