import type { TransactionSql } from 'postgres';
import { forgetProducts } from '../../shared/cache';
import { primary } from '../../shared/db';
import { writeThrough } from '../../shared/db/read-your-writes';
import { acceptedAt } from '../../shared/domain/accepted';
import { type EventData, recordFact, relayAfterCommit, RetryLater } from '../../shared/events';
import { config } from '../../shared/config';
import { logger } from '../../shared/log';
import { authorizePayment, type PaymentResult, PaymentUnavailable } from '../../shared/payments';
import { type OrderState, orderState, reserve } from './reserve';

/** Puts reserved stock back; only inside the transaction that moves the order out of `reserved`. */
export async function releaseStock(tx: TransactionSql, order: OrderState): Promise<void> {
  for (const item of order.items) {
    await tx`UPDATE products SET stock = stock + ${item.quantity}, updated_at = date_trunc('milliseconds', now()) WHERE id = ${item.productId}`;
  }
}

/** Moves the order on from `from` in one transaction (with its fact); false, changing nothing, when it is not in `from` (a cancel got there first). */
async function advance(orderId: string, from: OrderState['status'], change: (tx: TransactionSql, order: OrderState) => Promise<void>): Promise<boolean> {
  return writeThrough([['order', orderId]], () =>
    primary().begin(async (tx) => {
      const order = await orderState(tx, orderId);
      if (order?.status !== from) return false;
      await change(tx, order);
      return true;
    }),
  );
}

const fact = (order: OrderState, status: 'confirmed' | 'payment_failed', reason?: string) => ({
  orderId: order.id,
  customerId: order.customerId,
  status,
  ...(reason && { reason }),
});

/** When an order stops waiting for a payment provider: ORDER_PAYMENT_DEADLINE_SECONDS after its acceptance. */
export const paymentDeadline = (orderId: string): number => acceptedAt(orderId).getTime() + config().ORDER_PAYMENT_DEADLINE_SECONDS * 1000;

/**
 * The provider's answer, or the order's fate when none came: wait in the retry queue, or fail. No
 * request to a provider is sent or left waiting past the deadline, and the order fails only a payment
 * timeout after it, so an answer that came just in time has been recorded before anyone gives up.
 */
async function authorize(order: OrderState): Promise<PaymentResult> {
  const deadline = paymentDeadline(order.id);
  const givesUpAt = deadline + config().PAYMENT_TIMEOUT_MS;
  try {
    return await authorizePayment(order.id, order.total!, order.currency!, deadline);
  } catch (error) {
    if (!(error instanceof PaymentUnavailable)) throw error;
    if (Date.now() < givesUpAt) throw new RetryLater(error.message, givesUpAt);
    return { status: 'declined', reason: 'provider_unavailable' };
  }
}

async function pay(order: OrderState): Promise<void> {
  const result = await authorize(order);
  if (result.status === 'authorized') {
    const paid = await advance(order.id, 'reserved', async (tx) => {
      await tx`UPDATE orders SET status = 'paid', payment_id = ${result.paymentId}, updated_at = date_trunc('milliseconds', now()) WHERE id = ${order.id}`;
    });
    if (!paid) logger().error({ orderId: order.id, paymentId: result.paymentId }, 'payment authorized for an order no longer reserved; void it at the provider');
    return;
  }
  const failed = await advance(order.id, 'reserved', async (tx, current) => {
    await tx`UPDATE orders SET status = 'payment_failed', reason = ${result.reason}, updated_at = date_trunc('milliseconds', now()) WHERE id = ${order.id}`;
    await releaseStock(tx, current);
    await recordFact(tx, 'brisk.orders.order.payment_failed', fact(current, 'payment_failed', result.reason), order.id);
  });
  if (failed) await forgetProducts(order.items.map((item) => item.productId));
}

async function confirm(orderId: string): Promise<void> {
  await advance(orderId, 'paid', async (tx, order) => {
    await tx`UPDATE orders SET status = 'confirmed', updated_at = date_trunc('milliseconds', now()) WHERE id = ${orderId}`;
    await recordFact(tx, 'brisk.orders.order.confirmed', fact(order, 'confirmed'), orderId);
  });
}

/**
 * reserved → paid → confirmed (or rejected, or payment_failed with the stock released). Each step
 * commits before the next, and the payment call happens outside any transaction with the order id as
 * idempotency key; a redelivered event resumes at the order's current step, so a crash anywhere
 * completes the order exactly once. While no provider answers, the event waits in the retry queue;
 * past the payment deadline the order fails with reason `provider_unavailable`.
 */
export async function processOrder(placed: EventData<'brisk.orders.order.placed'>, eventId: string): Promise<void> {
  const order = await reserve(placed, eventId);
  if (order.status === 'reserved') {
    await forgetProducts(order.items.map((item) => item.productId));
    await pay(order);
  }
  await confirm(order.id);
  relayAfterCommit('an order');
}
