import * as z from 'zod';
import { finalOrderStatuses, order } from '../../shared/domain/orders';
import { type Customer, type Item, OrderFlow } from '../../test/orders/flow';

/** GET /v1/orders: the caller's own orders, newest first, in keyset pages. */
const flow = new OrderFlow('orders-list');

const pageSchema = z.strictObject({ items: z.array(order), nextCursor: z.string().nullable() });

beforeAll(() => flow.startDispatching());

async function list(customer: Customer, query = '') {
  const response = await flow.call('GET', `/v1/orders${query}`, { headers: customer.headers });
  if (response.status !== 200) throw new Error(`GET /v1/orders${query} answered ${response.status}: ${response.text}`);
  expect(response.headers['cache-control']).toBe('private, no-cache');
  return pageSchema.parse(response.json());
}

/** Places an order and waits until the processor has taken it to its final status. */
async function placeAndSettle(customer: Customer, items: Item[]): Promise<string> {
  const orderId = await flow.placeAccepted(customer, items);
  await flow.waitForStatus(customer, orderId, finalOrderStatuses);
  return orderId;
}

describe('GET /v1/orders', () => {
  it('lists only the caller’s orders, newest first, in pages linked by nextCursor', async () => {
    const productId = await flow.product(20, 500);
    const [olga, pete] = [await flow.customer(), await flow.customer()];
    const first = await placeAndSettle(olga, [{ productId, quantity: 1 }]);
    const petes = await placeAndSettle(pete, [{ productId, quantity: 1 }]);
    const second = await placeAndSettle(olga, [{ productId, quantity: 2 }]);
    const third = await placeAndSettle(olga, [{ productId, quantity: 3 }]);

    const all = await list(olga);
    expect(all.items.map((item) => item.id)).toEqual([third, second, first]);
    expect(all.nextCursor).toBeNull();
    expect(all.items.every((item) => item.customerId === olga.id)).toBe(true);
    expect(all.items[0]).toMatchObject({ status: 'confirmed', total: 1500, currency: 'EUR', items: [{ productId, quantity: 3, unitPrice: 500 }] });

    const pageOne = await list(olga, '?limit=2');
    expect(pageOne.items.map((item) => item.id)).toEqual([third, second]);
    expect(pageOne.nextCursor).toEqual(expect.any(String));
    const pageTwo = await list(olga, `?limit=2&cursor=${encodeURIComponent(pageOne.nextCursor!)}`);
    expect(pageTwo.items.map((item) => item.id)).toEqual([first]);
    expect(pageTwo.nextCursor).toBeNull();

    expect((await list(pete)).items.map((item) => item.id)).toEqual([petes]);
  });

  it('answers an empty page to a customer without orders', async () => {
    expect(await list(await flow.customer())).toEqual({ items: [], nextCursor: null });
  });

  it('leaves no message behind in its queue or its dead-letter queue', async () => {
    await flow.stopDispatching();
    expect(await flow.queueDepths()).toEqual({ queue: 0, deadLetters: 0 });
  });
});
