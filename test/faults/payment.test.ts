import { breakerStates } from '../../shared/resilience/breakers';
import { finalOrderStatuses } from '../../shared/domain/orders';
import { OrderFlow } from '../orders/flow';
import { eventually } from '../orders/wait';

/**
 * Orders while the payment providers fail: two payment sandboxes (primary and fallback) with their
 * outage switched on through PUT /control, the order processor served in this process (so the breakers
 * checked here are the ones it uses) and fed by a dispatcher from this file's own queue. Retry queues
 * of 200, 400 and 800 ms stand in for the production delays of seconds to minutes.
 */
process.env.EVENT_RETRY_DELAYS_MS = '200,400,800';
const flow = new OrderFlow('faults-payment');

beforeAll(() => flow.startDispatching());
afterEach(() => flow.restoreProviders());

/** Every authorization both sandboxes stored for the order (a sandbox that is down refuses to list). */
async function authorizationsOf(orderId: string) {
  await flow.restoreProviders();
  return [...(await flow.primaryProvider.authorizations(orderId)), ...(await flow.fallbackProvider.authorizations(orderId))];
}

describe('payment while the primary provider is down', () => {
  it('confirms orders through the fallback, and opens the payment-primary breaker at its 5th consecutive failure', async () => {
    await flow.primaryProvider.control({ down: true });
    const productId = await flow.product(10, 1500);
    const customer = await flow.customer();
    const triedBefore = flow.primaryProvider.attempts();
    const place = async () => {
      const orderId = await flow.placeAccepted(customer, [{ productId, quantity: 1 }]);
      expect((await flow.waitForStatus(customer, orderId, finalOrderStatuses)).status).toBe('confirmed');
      return orderId;
    };

    const first = await place(); // one try and two retries at the primary
    expect(flow.primaryProvider.attempts() - triedBefore).toBe(3);
    expect(breakerStates()['payment-primary']).toBe('closed');

    const second = await place(); // the 5th failure opens the breaker; the retry after it is refused at once
    expect(flow.primaryProvider.attempts() - triedBefore).toBe(5);
    expect(breakerStates()['payment-primary']).toBe('open');

    const third = await place(); // straight to the fallback
    expect(flow.primaryProvider.attempts() - triedBefore).toBe(5);

    for (const orderId of [first, second, third]) {
      expect(await authorizationsOf(orderId)).toEqual([expect.objectContaining({ orderId, amount: 1500, status: 'authorized' })]);
      expect(await flow.fallbackProvider.authorizations(orderId)).toHaveLength(1);
    }
    expect(await flow.stockOf(productId)).toBe(7);
    expect(breakerStates()['payment-fallback']).toBe('closed');
  });
});

describe('payment while both providers are down', () => {
  it('keeps orders reserved, redelivered from the retry queues (not dead-lettered), and confirms each with one authorization once a provider is back', async () => {
    await Promise.all([flow.primaryProvider.control({ down: true }), flow.fallbackProvider.control({ down: true })]);
    const productId = await flow.product(10, 1250);
    const customers = await Promise.all([flow.customer(), flow.customer(), flow.customer()]);

    const orderIds = await Promise.all(customers.map((customer) => flow.placeAccepted(customer, [{ productId, quantity: 1 }])));
    await Promise.all(orderIds.map((orderId, i) => flow.waitForStatus(customers[i]!, orderId, 'reserved')));
    // Each failed delivery goes to the retry queue of its next delay: wait for every order's third one,
    // which outlasts the 200 ms of the first retry (the source's own short retries never come into it).
    await eventually(() => orderIds.every((orderId) => flow.consumer.retries(orderId) >= 3), 'every order.placed to come back from the retry queues three times', { attempts: 200 });
    for (const [i, orderId] of orderIds.entries()) expect((await flow.order(customers[i]!, orderId)).status).toBe('reserved');
    expect(await flow.stockOf(productId)).toBe(7);
    expect(await flow.queueDepths()).toEqual({ queue: 0, deadLetters: 0 });
    expect(breakerStates()).toMatchObject({ 'payment-primary': 'open', 'payment-fallback': 'open' });

    // The fallback comes back (the primary stays down): the orders confirm at the first redelivery after
    // its breaker lets a trial call through, 10 s after it opened; the retries meanwhile come every 800 ms.
    await flow.fallbackProvider.control({ down: false });
    const done = await Promise.all(orderIds.map((orderId, i) => flow.waitForStatus(customers[i]!, orderId, finalOrderStatuses, { attempts: 900 })));
    expect(done.map((order) => order.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);

    for (const orderId of orderIds) {
      expect(await authorizationsOf(orderId)).toEqual([expect.objectContaining({ orderId, amount: 1250, status: 'authorized' })]);
    }
    expect(await flow.stockOf(productId)).toBe(7);
    expect(await flow.queueDepths()).toEqual({ queue: 0, deadLetters: 0 });
  }, 60_000);
});
