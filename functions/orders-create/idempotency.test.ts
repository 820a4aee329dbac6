import { v7 } from 'uuid';
import { primary } from '../../shared/db';
import { finalOrderStatuses } from '../../shared/domain/orders';
import { OrderFlow } from '../../test/orders/flow';

/** The Idempotency-Key makes a retried POST /v1/orders safe: one order, however often it is sent. */
const flow = new OrderFlow('orders-idempotency');

beforeAll(() => flow.startDispatching());

async function ordersOf(customerId: string): Promise<string[]> {
  const rows = await primary()<{ id: string }[]>`SELECT id FROM orders WHERE customer_id = ${customerId} ORDER BY id`;
  return rows.map((row) => row.id);
}

describe('POST /v1/orders with an Idempotency-Key', () => {
  it('returns the same 202 and order id for a replayed key and body, and processes the order once', async () => {
    const productId = await flow.product(10, 800);
    const judy = await flow.customer();
    const key = `checkout-${v7()}`;

    const first = await flow.place(judy, [{ productId, quantity: 2 }], { 'idempotency-key': key });
    const replay = await flow.place(judy, [{ productId, quantity: 2 }], { 'idempotency-key': key });
    expect(first.status).toBe(202);
    expect(replay.status).toBe(202);
    expect(replay.json()).toEqual(first.json());
    expect(replay.headers.location).toBe(first.headers.location);
    const { orderId } = first.json() as { orderId: string };

    expect((await flow.waitForStatus(judy, orderId, finalOrderStatuses)).status).toBe('confirmed');
    const late = await flow.place(judy, [{ productId, quantity: 2 }], { 'idempotency-key': key });
    expect(late.status).toBe(202);
    expect(late.json()).toEqual({ orderId, status: 'accepted' });

    await flow.stopDispatching(); // lets every delivery settle, so a second order would have been written by now
    expect(await ordersOf(judy.id)).toEqual([orderId]);
    expect(await flow.stockOf(productId)).toBe(8);
    expect(await flow.primaryProvider.authorizations(orderId)).toHaveLength(1);
    expect(await flow.queueDepths()).toEqual({ queue: 0, deadLetters: 0 });
    await flow.startDispatching();
  });

  it('answers 422 to the same key with a different body, and places nothing for it', async () => {
    const productId = await flow.product(10, 800);
    const ken = await flow.customer();
    const key = `checkout-${v7()}`;

    const orderId = await flow.placeAccepted(ken, [{ productId, quantity: 2 }], { 'idempotency-key': key });
    const reused = await flow.place(ken, [{ productId, quantity: 3 }], { 'idempotency-key': key });
    expect(reused.status).toBe(422);
    expect(reused.headers['content-type']).toBe('application/problem+json');
    expect(reused.json()).toMatchObject({ status: 422, type: '/problems/idempotency-key-reused' });

    expect((await flow.waitForStatus(ken, orderId, finalOrderStatuses)).status).toBe('confirmed');
    await flow.stopDispatching();
    expect(await ordersOf(ken.id)).toEqual([orderId]);
    expect(await flow.stockOf(productId)).toBe(8);
    await flow.startDispatching();
  });

  it('keeps keys per customer: another customer’s order with the same key is an order of its own', async () => {
    const productId = await flow.product(10, 800);
    const [leo, mia] = [await flow.customer(), await flow.customer()];
    const key = `checkout-${v7()}`;

    const leos = await flow.placeAccepted(leo, [{ productId, quantity: 1 }], { 'idempotency-key': key });
    const mias = await flow.placeAccepted(mia, [{ productId, quantity: 1 }], { 'idempotency-key': key });
    expect(mias).not.toBe(leos);
    expect((await flow.waitForStatus(leo, leos, finalOrderStatuses)).status).toBe('confirmed');
    expect((await flow.waitForStatus(mia, mias, finalOrderStatuses)).status).toBe('confirmed');
    expect(await flow.stockOf(productId)).toBe(8);
  });
});

describe('POST /v1/orders without an Idempotency-Key', () => {
  it('places two orders for two identical requests', async () => {
    const productId = await flow.product(10, 800);
    const nina = await flow.customer();

    const first = await flow.placeAccepted(nina, [{ productId, quantity: 2 }]);
    const second = await flow.placeAccepted(nina, [{ productId, quantity: 2 }]);
    expect(second).not.toBe(first);
    expect((await flow.waitForStatus(nina, first, finalOrderStatuses)).status).toBe('confirmed');
    expect((await flow.waitForStatus(nina, second, finalOrderStatuses)).status).toBe('confirmed');
    expect(await ordersOf(nina.id)).toEqual([first, second].sort());
    expect(await flow.stockOf(productId)).toBe(6);
  });
});

describe('after the idempotency tests', () => {
  it('leaves no message behind in its queue or its dead-letter queue', async () => {
    await flow.stopDispatching();
    expect(await flow.queueDepths()).toEqual({ queue: 0, deadLetters: 0 });
  });
});
