import type { Caller } from './caller';
import { DomainError } from './errors';
import { type Order, readOrder } from './orders';

/** The order if the caller may see it: its owner or an admin. Anyone else gets the same 404 as for a missing order. */
export async function orderFor(caller: Caller, orderId: string): Promise<Order> {
  const found = await readOrder(orderId);
  if (!found || (found.customerId !== caller.sub && !caller.scopes.has('admin'))) throw new DomainError('not-found', `No order ${orderId}`);
  return found;
}
