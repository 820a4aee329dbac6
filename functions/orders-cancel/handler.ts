import type { Caller } from '../../shared/domain/caller';
import { orderFor } from '../../shared/domain/order-access';
import { acceptCommand } from '../../shared/events';
import { HttpProblem, json, type Reply } from '../../shared/http';

const cancellable = new Set(['accepted', 'reserved']);

/** Hands a cancellation to the order processor, which decides it against the order's state at that moment. */
export async function cancelOrder(caller: Caller, orderId: string): Promise<Reply> {
  const current = await orderFor(caller, orderId);
  if (!cancellable.has(current.status)) {
    throw new HttpProblem(409, '/problems/order-not-cancellable', 'Order cannot be cancelled', `The order is ${current.status}`);
  }
  await acceptCommand('brisk.orders.order.cancel_requested', { orderId, customerId: current.customerId, requestedBy: caller.sub }, { subject: orderId });
  return json({ orderId, status: 'cancel_requested' }, 202, { location: `/v1/orders/${orderId}` });
}
