import { CloudEvent } from 'cloudevents';
import { v7 } from 'uuid';
import { primary } from '../../shared/db';
import type { EventData } from '../../shared/events';
import { OrderFlow } from '../../test/orders/flow';
import orderProcessor from './function';
import { setStock } from '../../test/products';

/** At-least-once delivery: the same event delivered twice must take effect once. */
const flow = new OrderFlow('duplicate-delivery', { consumer: 'none' });

/** The order.placed event as orders-create publishes it: its id is the order's (`id` names another). */
function placed(data: EventData<'brisk.orders.order.placed'>, id = data.orderId): CloudEvent<unknown> {
  flow.track(data.orderId);
  return new CloudEvent<unknown>({
    id,
    type: 'brisk.orders.order.placed',
    source: '/brisk/orders-create',
    subject: data.orderId,
    datacontenttype: 'application/json',
    data,
  });
}

async function rowsOf(orderId: string) {
  const [counts] = await primary()<{ orders: number; items: number }[]>`
    SELECT (SELECT count(*)::int FROM orders WHERE id = ${orderId}) AS orders,
           (SELECT count(*)::int FROM order_items WHERE order_id = ${orderId}) AS items`;
  return counts;
}

describe('order-processor given the same order.placed event twice', () => {
  it('answers 204 to both deliveries and takes effect once: one order, stock taken once, one authorization', async () => {
    const productId = await flow.product(9, 1100);
    const frank = await flow.customer();
    const event = placed({ orderId: v7(), customerId: frank.id, items: [{ productId, quantity: 4 }] });

    expect(await orderProcessor.deliver(event)).toEqual({ status: 204 });
    expect(await orderProcessor.deliver(event)).toEqual({ status: 204 });

    expect(await rowsOf(event.id)).toEqual({ orders: 1, items: 1 });
    expect(await flow.stockOf(productId)).toBe(5);
    expect((await flow.order(frank, event.id)).status).toBe('confirmed');
    expect(await flow.primaryProvider.authorizations(event.id)).toEqual([expect.objectContaining({ amount: 4400, status: 'authorized' })]);
  });

  it('takes effect once when both deliveries arrive at the same moment', async () => {
    const productId = await flow.product(9, 1100);
    const grace = await flow.customer();
    const event = placed({ orderId: v7(), customerId: grace.id, items: [{ productId, quantity: 4 }] });

    expect(await Promise.all([orderProcessor.deliver(event), orderProcessor.deliver(event)])).toEqual([{ status: 204 }, { status: 204 }]);

    expect(await rowsOf(event.id)).toEqual({ orders: 1, items: 1 });
    expect(await flow.stockOf(productId)).toBe(5);
    expect((await flow.order(grace, event.id)).status).toBe('confirmed');
    expect(await flow.primaryProvider.authorizations(event.id)).toHaveLength(1);
  });

  it('takes effect once when the same order comes again under another event id: the order row, not the event id, is what a placement finds', async () => {
    const productId = await flow.product(9, 1100);
    const ivan = await flow.customer();
    const order = { orderId: v7(), customerId: ivan.id, items: [{ productId, quantity: 4 }] };

    expect(await orderProcessor.deliver(placed(order))).toEqual({ status: 204 });
    expect(await orderProcessor.deliver(placed(order, v7()))).toEqual({ status: 204 });

    expect(await rowsOf(order.orderId)).toEqual({ orders: 1, items: 1 });
    expect(await flow.stockOf(productId)).toBe(5);
    expect((await flow.order(ivan, order.orderId)).status).toBe('confirmed');
    expect(await flow.primaryProvider.authorizations(order.orderId)).toHaveLength(1);
  });

  it('does not reserve again when a rejected order’s event is delivered again after the stock came back', async () => {
    const productId = await flow.product(1, 1100);
    const heidi = await flow.customer();
    const event = placed({ orderId: v7(), customerId: heidi.id, items: [{ productId, quantity: 2 }] });

    expect(await orderProcessor.deliver(event)).toEqual({ status: 204 });
    await setStock(primary(), productId, 10);
    expect(await orderProcessor.deliver(event)).toEqual({ status: 204 });

    expect((await flow.order(heidi, event.id)).status).toBe('rejected');
    expect(await flow.stockOf(productId)).toBe(10);
    expect(await flow.primaryProvider.authorizations(event.id)).toEqual([]);
  });
});
