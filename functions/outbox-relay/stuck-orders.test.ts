import { setTimeout as sleep } from 'node:timers/promises';
import { registry } from '../../shared/metrics';
import { OrderFlow } from '../../test/orders/flow';
import { redriveStuckOrders } from './stuck-orders';

/**
 * The stuck-order sweep, with ORDER_STUCK_AFTER_SECONDS at 1: orders whose event is gone (purged from
 * the order processor's queue or its retry queue) are counted and re-driven with their original event
 * id, and complete; an order is re-driven at most once per period.
 */
process.env.ORDER_STUCK_AFTER_SECONDS = '1';
process.env.EVENT_RETRY_DELAYS_MS = '60000';
const flow = new OrderFlow('stuck-orders');

afterEach(async () => {
  await flow.stopDispatching();
  await flow.restoreProviders();
});

async function stuckGauge(status: string): Promise<number | undefined> {
  const metric = await registry.getSingleMetric('brisk_orders_stuck')?.get();
  return metric?.values.find((value) => value.labels.status === status)?.value;
}

describe('the stuck-order sweep', () => {
  it('re-drives an accepted order whose message was purged, and it is confirmed', async () => {
    const productId = await flow.product(5);
    const customer = await flow.customer();
    const orderId = await flow.placeAccepted(customer, [{ productId, quantity: 1 }]);
    await flow.purgeQueues();
    await sleep(1_100);

    expect(await redriveStuckOrders()).toBeGreaterThanOrEqual(1);
    expect(await stuckGauge('accepted')).toBeGreaterThanOrEqual(1);
    expect(flow.consumer.deliveries(orderId)).toBe(0);
    await flow.startDispatching();

    expect((await flow.waitForStatus(customer, orderId, ['confirmed', 'rejected', 'payment_failed', 'cancelled'])).status).toBe('confirmed');
    expect(await flow.stockOf(productId)).toBe(4);
  });

  it('re-drives a reserved order whose retry was purged, once per period, and it is confirmed', async () => {
    await Promise.all([flow.primaryProvider.control({ down: true }), flow.fallbackProvider.control({ down: true })]);
    const productId = await flow.product(5);
    const customer = await flow.customer();
    const orderId = await flow.placeAccepted(customer, [{ productId, quantity: 2 }]);
    await flow.startDispatching();
    await flow.waitForStatus(customer, orderId, 'reserved');
    // Its event waits a minute in the retry queue: lose it there.
    await sleep(200);
    await flow.purgeQueues();
    await flow.stopDispatching();
    await flow.restoreProviders();
    await sleep(1_100);

    expect(await redriveStuckOrders()).toBeGreaterThanOrEqual(1);
    expect(await stuckGauge('reserved')).toBeGreaterThanOrEqual(1);
    expect(await redriveStuckOrders()).toBe(0); // the same period: not again
    await flow.startDispatching();

    expect((await flow.waitForStatus(customer, orderId, ['confirmed', 'rejected', 'payment_failed', 'cancelled'], { attempts: 400 })).status).toBe('confirmed');
    const authorizations = [...(await flow.primaryProvider.authorizations(orderId)), ...(await flow.fallbackProvider.authorizations(orderId))];
    expect(authorizations).toEqual([expect.objectContaining({ orderId, status: 'authorized' })]);
    expect(await flow.stockOf(productId)).toBe(3);
    expect(await flow.queueDepths()).toEqual({ queue: 0, deadLetters: 0 });
  }, 40_000);
});
