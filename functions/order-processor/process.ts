import type { Sql } from 'postgres';
import { forgetProducts } from '../../shared/cache';
import { primary } from '../../shared/db';
import { recordWritePosition } from '../../shared/domain/read-your-writes';
import { acceptedAt } from '../../shared/domain/accepted';
import { type EventData, factIfChanged, relayAfterCommit, RetryLater } from '../../shared/events';
import { config } from '../../shared/config';
import { logger } from '../../shared/log';
import { timeOrderStage } from '../../shared/metrics';
import { authorizePayment, type PaymentResult, PaymentUnavailable } from '../../shared/payments';
import { stage, statement } from '../../shared/tracing';
import { type OrderState, stockChange } from './order-rows';
import { reserveIn } from './reserve';

const fact = (order: OrderState, status: 'confirmed' | 'payment_failed', reason?: string) => ({
  orderId: order.id,
  customerId: order.customerId,
  status,
  ...(reason && { reason }),
});

/** When an order stops waiting for a payment provider: ORDER_PAYMENT_DEADLINE_SECONDS after its acceptance. */
const paymentDeadline = (orderId: string): number => acceptedAt(orderId).getTime() + config().ORDER_PAYMENT_DEADLINE_SECONDS * 1000;

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

/** `from` → confirmed (with the payment id, when given) and its fact, in one statement; a row back when it matched. */
const confirm = (sql: Sql, order: OrderState, from: 'reserved' | 'paid', paymentId?: string) => sql`
  WITH moved AS (
    UPDATE orders SET status = 'confirmed', payment_id = coalesce(${paymentId ?? null}, payment_id), updated_at = DEFAULT
    WHERE id = ${order.id} AND status = ${from} RETURNING id
  )
  ${factIfChanged(sql, 'moved', 'brisk.orders.order.confirmed', fact(order, 'confirmed'), order.id)}`;

/** reserved → payment_failed with the stock released and its fact, in one statement; a row back when it matched. */
const fail = (sql: Sql, order: OrderState, reason: string) => sql`
  WITH moved AS (
    UPDATE orders SET status = 'payment_failed', reason = ${reason}, updated_at = DEFAULT WHERE id = ${order.id} AND status = 'reserved' RETURNING id
  ), released AS (${stockChange(sql, order.items, 1, sql`AND EXISTS (SELECT 1 FROM moved)`)})
  ${factIfChanged(sql, 'moved', 'brisk.orders.order.payment_failed', fact(order, 'payment_failed', reason), order.id)}`;

/**
 * After the provider's answer, one statement (its own transaction, no BEGIN and COMMIT round trips):
 * reserved → confirmed with its fact, or reserved → payment_failed with the stock released and its
 * fact. Its conditional UPDATE takes the row's lock and re-checks the status, so when a cancel got
 * there first nothing changes.
 */
async function pay(order: OrderState): Promise<void> {
  const result = await timeOrderStage('payment', () => authorize(order));
  const sql = primary();
  const recorded = await timeOrderStage('answer', () =>
    statement(sql, 'record payment', () => (result.status === 'authorized' ? confirm(sql, order, 'reserved', result.paymentId) : fail(sql, order, result.reason))),
  );
  if (recorded.length > 0) {
    if (result.status !== 'authorized') await forgetProducts(order.items.map((item) => item.productId));
  } else if (result.status === 'authorized') {
    logger().error({ orderId: order.id, paymentId: result.paymentId }, 'payment authorized for an order no longer reserved; void it at the provider');
  }
}

/** Confirms an order left in `paid` (by a version that committed payment and confirmation apart). */
async function confirmPaid(order: OrderState): Promise<void> {
  const sql = primary();
  await statement(sql, 'record payment', () => confirm(sql, order, 'paid'));
}

/**
 * reserved → confirmed (or rejected, or payment_failed with the stock released) in two commits: the
 * reservation's transaction before the payment call, which happens outside any transaction with the
 * order id as idempotency key, and the statement recording the provider's answer. A redelivered
 * event resumes at the order's current step, so a crash anywhere completes the order exactly once. While no provider answers, the event waits in the retry queue;
 * past the payment deadline the order fails with reason `provider_unavailable`.
 */
export async function processOrder(placed: EventData<'brisk.orders.order.placed'>): Promise<void> {
  await recordWritePosition(['order', placed.orderId], async () => {
    const order = await timeOrderStage('reserve', () => reserveIn(placed));
    if (order.status === 'reserved') {
      await forgetProducts(order.items.map((item) => item.productId));
      await pay(order);
    } else if (order.status === 'paid') {
      await confirmPaid(order);
    }
  });
  relayAfterCommit('an order');
}
