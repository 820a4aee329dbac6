import { v7 } from 'uuid';
import { readAccepted } from '../../shared/domain/accepted';
import { finalOrderStatuses } from '../../shared/domain/orders';
import { OrderFlow } from '../../test/orders/flow';
import { eventually } from '../../test/orders/wait';

/**
 * An order from POST /v1/orders through the broker, the dispatcher and the order processor to its
 * final status, against real PostgreSQL, Redis and RabbitMQ; the payment sandboxes are the only fake.
 */
const flow = new OrderFlow('order-flow');

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const byProduct = <T extends { productId: string }>(items: T[]): T[] => [...items].sort((a, b) => a.productId.localeCompare(b.productId));

afterEach(() => flow.restoreProviders());

describe('the order flow', () => {
  it('accepts an order with 202, shows it accepted before processing, then confirms it at today’s prices with one authorization', async () => {
    const [mat, block] = [await flow.product(10, 2499), await flow.product(4, 899)];
    const alice = await flow.customer();

    const response = await flow.place(alice, [
      { productId: mat, quantity: 2 },
      { productId: block, quantity: 3 },
    ]);
    expect(response.status).toBe(202);
    const { orderId } = response.json() as { orderId: string };
    expect(response.json()).toEqual({ orderId, status: 'accepted' });
    expect(orderId).toMatch(uuidV7);
    expect(response.headers.location).toBe(`/v1/orders/${orderId}`);
    expect(await readAccepted('order', orderId)).not.toBeNull();

    // Nothing delivers the queue yet: this is the order as accepted, before any processing.
    const accepted = await flow.order(alice, orderId);
    expect(accepted).toMatchObject({ id: orderId, customerId: alice.id, status: 'accepted', reason: null, total: null, currency: null });
    expect(byProduct(accepted.items)).toEqual(
      byProduct([
        { productId: mat, quantity: 2, unitPrice: null },
        { productId: block, quantity: 3, unitPrice: null },
      ]),
    );
    expect(await flow.stockOf(mat)).toBe(10);

    await flow.startDispatching();
    const done = await flow.waitForStatus(alice, orderId, finalOrderStatuses);
    expect(done).toMatchObject({ id: orderId, customerId: alice.id, status: 'confirmed', reason: null, total: 2 * 2499 + 3 * 899, currency: 'EUR' });
    expect(byProduct(done.items)).toEqual(
      byProduct([
        { productId: mat, quantity: 2, unitPrice: 2499 },
        { productId: block, quantity: 3, unitPrice: 899 },
      ]),
    );
    expect(await flow.stockOf(mat)).toBe(8);
    expect(await flow.stockOf(block)).toBe(1);
    expect(await flow.primaryProvider.authorizations(orderId)).toEqual([
      expect.objectContaining({ orderId, amount: 2 * 2499 + 3 * 899, currency: 'EUR', status: 'authorized' }),
    ]);
    expect(await flow.fallbackProvider.authorizations(orderId)).toEqual([]);
  });

  it('rejects an order for an unknown product with a reason naming it, and takes no stock', async () => {
    await flow.startDispatching();
    const known = await flow.product(5);
    const unknown = v7();
    const bob = await flow.customer();

    const orderId = await flow.placeAccepted(bob, [
      { productId: known, quantity: 1 },
      { productId: unknown, quantity: 1 },
    ]);
    const done = await flow.waitForStatus(bob, orderId, finalOrderStatuses);
    expect(done.status).toBe('rejected');
    expect(done.reason).toContain(unknown);
    expect(await flow.stockOf(known)).toBe(5);
    expect(await flow.primaryProvider.authorizations(orderId)).toEqual([]);
  });

  it('rejects an order for more than the stock, naming the product, and leaves the stock as it was', async () => {
    await flow.startDispatching();
    const productId = await flow.product(3);
    const carol = await flow.customer();

    const orderId = await flow.placeAccepted(carol, [{ productId, quantity: 4 }]);
    const done = await flow.waitForStatus(carol, orderId, finalOrderStatuses);
    expect(done.status).toBe('rejected');
    expect(done.reason).toContain(productId);
    expect(await flow.stockOf(productId)).toBe(3);
    expect(await flow.primaryProvider.authorizations(orderId)).toEqual([]);
  });

  it('marks an order whose payment is declined payment_failed and puts its stock back', async () => {
    await flow.startDispatching();
    await flow.primaryProvider.control({ declineRate: 1 });
    const productId = await flow.product(6, 1500);
    const dave = await flow.customer();

    const orderId = await flow.placeAccepted(dave, [{ productId, quantity: 4 }]);
    const done = await flow.waitForStatus(dave, orderId, finalOrderStatuses);
    expect(done).toMatchObject({ status: 'payment_failed', total: 6000, currency: 'EUR', reason: expect.stringMatching(/declined/) });
    expect(await flow.stockOf(productId)).toBe(6);
    expect(await flow.primaryProvider.authorizations(orderId)).toEqual([expect.objectContaining({ orderId, status: 'declined' })]);
    // A decline is an answer: the fallback provider is not asked to try again.
    expect(await flow.fallbackProvider.authorizations(orderId)).toEqual([]);
  });

  it('keeps an order reserved while both providers are down, and confirms it with one authorization once one is back', async () => {
    await flow.startDispatching();
    await Promise.all([flow.primaryProvider.control({ down: true }), flow.fallbackProvider.control({ down: true })]);
    const productId = await flow.product(3, 1250);
    const erin = await flow.customer();

    const orderId = await flow.placeAccepted(erin, [{ productId, quantity: 2 }]);
    await flow.waitForStatus(erin, orderId, 'reserved');
    // Each failed delivery is answered 503 and delivered again: wait for the dispatcher's second redelivery.
    await eventually(() => flow.consumer.deliveries(orderId) >= 3, 'the order.placed event to be delivered three times', { attempts: 200 });
    expect((await flow.order(erin, orderId)).status).toBe('reserved');
    expect(await flow.stockOf(productId)).toBe(1);
    expect(flow.primaryProvider.attempts()).toBeGreaterThan(0);
    expect(flow.fallbackProvider.attempts()).toBeGreaterThan(0);

    // The providers' circuit breakers are open by now: the order confirms at the first redelivery after
    // the primary's breaker lets a trial call through (10 s after it opened).
    await flow.primaryProvider.control({ down: false });
    const done = await flow.waitForStatus(erin, orderId, finalOrderStatuses, { attempts: 800 });
    expect(done.status).toBe('confirmed');
    expect(await flow.stockOf(productId)).toBe(1);
    expect(await flow.primaryProvider.authorizations(orderId)).toEqual([expect.objectContaining({ orderId, amount: 2500, status: 'authorized' })]);
    await flow.fallbackProvider.control({ down: false }); // the sandbox answers its own list with its faults too
    expect(await flow.fallbackProvider.authorizations(orderId)).toEqual([]);
    expect((await flow.queueDepths()).deadLetters).toBe(0);
  }, 60_000);

  it('never oversells: of 25 concurrent orders of one for a stock of 5, exactly 5 are confirmed and 20 rejected', async () => {
    await flow.startDispatching();
    const productId = await flow.product(5, 700);
    const customers = await Promise.all(Array.from({ length: 25 }, () => flow.customer()));

    const orderIds = await Promise.all(customers.map((customer) => flow.placeAccepted(customer, [{ productId, quantity: 1 }])));
    const outcomes = await Promise.all(orderIds.map((orderId, i) => flow.waitForStatus(customers[i]!, orderId, finalOrderStatuses, { attempts: 300 })));

    const confirmed = outcomes.filter((order) => order.status === 'confirmed');
    const rejected = outcomes.filter((order) => order.status === 'rejected');
    expect({ confirmed: confirmed.length, rejected: rejected.length }).toEqual({ confirmed: 5, rejected: 20 });
    for (const order of rejected) expect(order.reason).toContain(productId);
    expect(await flow.stockOf(productId)).toBe(0);
    const charged = await Promise.all(orderIds.map(async (orderId) => (await flow.primaryProvider.authorizations(orderId)).length));
    expect(charged.filter((count) => count === 1)).toHaveLength(5);
    expect(charged.filter((count) => count > 1)).toEqual([]);
  }, 30_000);

  it('leaves no message behind in its queue or its dead-letter queue', async () => {
    await flow.stopDispatching();
    expect(await flow.queueDepths()).toEqual({ queue: 0, deadLetters: 0 });
  });
});
