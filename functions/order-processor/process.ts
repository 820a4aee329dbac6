import type { TransactionSql } from 'postgres';
import { forgetProducts } from '../../shared/cache';
import { primary } from '../../shared/db';
import { writeThrough } from '../../shared/db/read-your-writes';
import { acceptedAt } from '../../shared/domain/accepted';
import { type EventData, recordFact, relayAfterCommit, RetryLater } from '../../shared/events';
import { config } from '../../shared/config';
import { logger } from '../../shared/log';
import { timeOrderStage } from '../../shared/metrics';
import { authorizePayment, type PaymentResult, PaymentUnavailable } from '../../shared/payments';
import { stage, transaction } from '../../shared/tracing';
import { changeStock, type OrderState, reserveIn } from './reserve';

/** Puts reserved stock back (one statement); only inside the transaction that moves the order out of `reserved`. */
export async function releaseStock(tx: TransactionSql, order: OrderState): Promise<void> {
  await changeStock(tx, order.items, 1);
}

/**
 * Moves the order out of `reserved` in one transaction, starting with `move`: a conditional UPDATE
 * (… WHERE status = 'reserved' RETURNING id) that takes the row's lock and checks its state in one
 * round trip; `then` runs only when it matched. False, changing nothing, when the order is no longer
 * reserved (a cancel got there first).
 */
function advance(move: (tx: TransactionSql) => Promise<readonly unknown[]>, then: (tx: TransactionSql) => Promise<void>): Promise<boolean> {
  return transaction(primary(), 'record payment', async (tx) => {
    if ((await move(tx)).length === 0) return false;
    await then(tx);
    return true;
  });
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
    return await stage('authorize payment', () => authorizePayment(order.id, order.total!, order.currency!, deadline));
  } catch (error) {
    if (!(error instanceof PaymentUnavailable)) throw error;
    if (Date.now() < givesUpAt) throw new RetryLater(error.message, givesUpAt);
    return { status: 'declined', reason: 'provider_unavailable' };
  }
}

/**
 * After the provider's answer, one transaction: reserved → paid → confirmed with its fact (both
 * UPDATEs, so the row's history stays reserved, paid, confirmed; no one sees `paid` in between), or
 * reserved → payment_failed with the stock released and its fact.
 */
async function pay(order: OrderState): Promise<void> {
  const result = await timeOrderStage('payment', () => authorize(order));
  if (result.status === 'authorized') {
    const confirmed = await timeOrderStage('answer', () => advance(
      (tx) => tx`UPDATE orders SET status = 'paid', payment_id = ${result.paymentId}, updated_at = date_trunc('milliseconds', now()) WHERE id = ${order.id} AND status = 'reserved' RETURNING id`,
      (tx) => confirmIn(tx, order),
    ));
    if (!confirmed) logger().error({ orderId: order.id, paymentId: result.paymentId }, 'payment authorized for an order no longer reserved; void it at the provider');
    return;
  }
  const failed = await timeOrderStage('answer', () => advance(
    (tx) => tx`UPDATE orders SET status = 'payment_failed', reason = ${result.reason}, updated_at = date_trunc('milliseconds', now()) WHERE id = ${order.id} AND status = 'reserved' RETURNING id`,
    async (tx) => {
      await Promise.all([releaseStock(tx, order), recordFact(tx, 'brisk.orders.order.payment_failed', fact(order, 'payment_failed', result.reason), order.id)]);
    },
  ));
  if (failed) await forgetProducts(order.items.map((item) => item.productId));
}

async function confirmIn(tx: TransactionSql, order: OrderState): Promise<void> {
  // One write, one round trip: both sent before either is awaited.
  await Promise.all([
    tx`UPDATE orders SET status = 'confirmed', updated_at = date_trunc('milliseconds', now()) WHERE id = ${order.id}`,
    recordFact(tx, 'brisk.orders.order.confirmed', fact(order, 'confirmed'), order.id),
  ]);
}

/** Confirms an order left in `paid` (by a version that committed payment and confirmation apart). */
async function confirmPaid(order: OrderState): Promise<void> {
  await advance((tx) => tx`SELECT id FROM orders WHERE id = ${order.id} AND status = 'paid' FOR UPDATE`, (tx) => confirmIn(tx, order));
}

/**
 * reserved → paid → confirmed (or rejected, or payment_failed with the stock released) in two
 * transactions: the reservation commits before the payment call, which happens outside any transaction
 * with the order id as idempotency key; the provider's answer commits in the second. A redelivered
 * event resumes at the order's current step, so a crash anywhere completes the order exactly once. While no provider answers, the event waits in the retry queue;
 * past the payment deadline the order fails with reason `provider_unavailable`.
 */
export async function processOrder(placed: EventData<'brisk.orders.order.placed'>, eventId: string): Promise<void> {
  await writeThrough([['order', placed.orderId]], async () => {
    const order = await timeOrderStage('reserve', () => reserveIn(placed, eventId));
    if (order.status === 'reserved') {
      await forgetProducts(order.items.map((item) => item.productId));
      await pay(order);
    } else if (order.status === 'paid') {
      await confirmPaid(order);
    }
  });
  relayAfterCommit('an order');
}
