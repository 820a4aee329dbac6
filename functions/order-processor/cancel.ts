import { forgetProducts } from '../../shared/cache';
import { primary } from '../../shared/db';
import { acceptedAt } from '../../shared/domain/accepted';
import { recordWritePosition } from '../../shared/domain/read-your-writes';
import { type EventData, firstDelivery, recordFact, relayAfterCommit } from '../../shared/events';
import { logger } from '../../shared/log';
import { consumer, lockOrder, orderState, stockChange } from './order-rows';

type CancelRequested = EventData<'brisk.orders.order.cancel_requested'>;

/**
 * Cancels an order not yet paid. One the processor has not taken yet is written as cancelled, so
 * its placement finds it so and does nothing; a reserved one gets its stock back. Later than that,
 * the request is too late and changes nothing.
 */
export async function cancelOrder(request: CancelRequested, eventId: string): Promise<void> {
  const released = await recordWritePosition(['order', request.orderId], () => primary().begin(async (tx) => {
    await lockOrder(tx, request.orderId);
    if (!(await firstDelivery(tx, consumer, eventId))) return [];
    const order = await orderState(tx, request.orderId);
    const cancelled = { orderId: request.orderId, customerId: request.customerId, status: 'cancelled' as const, reason: `cancelled by ${request.requestedBy}` };
    if (!order) {
      await tx`INSERT INTO orders (id, customer_id, status, reason, created_at)
        VALUES (${request.orderId}, ${request.customerId}, 'cancelled', ${cancelled.reason}, ${acceptedAt(request.orderId)})`;
    } else if (order.status === 'reserved') {
      await tx`UPDATE orders SET status = 'cancelled', reason = ${cancelled.reason}, updated_at = DEFAULT WHERE id = ${order.id}`;
      await stockChange(tx, order.items, 1);
    } else {
      logger().info({ orderId: request.orderId, status: order.status }, 'cancel request too late; nothing changed');
      return [];
    }
    await recordFact(tx, 'brisk.orders.order.cancelled', cancelled, request.orderId);
    return order?.items.map((item) => item.productId) ?? [];
  }));
  await forgetProducts(released);
  relayAfterCommit('a cancel');
}
