import { setTimeout as sleep } from 'node:timers/promises';
import { v7 } from 'uuid';
import { finalOrderStatuses } from '../../shared/domain/orders';
import { OrderFlow } from '../../test/orders/flow';

/** GET /v1/orders/{id}: the order to its owner (or an admin) from its 202 on; to anyone else, a 404. */
const flow = new OrderFlow('orders-get');

describe('GET /v1/orders/{id}', () => {
  it('shows an order to its owner and to an admin, and answers another customer 404, before and after processing', async () => {
    await flow.stopDispatching();
    const productId = await flow.product(5, 1200);
    const [owner, stranger, admin] = [await flow.customer(), await flow.customer(), await flow.customer(['admin'])];
    const orderId = await flow.placeAccepted(owner, [{ productId, quantity: 1 }]);

    const check = async (status: string) => {
      const own = await flow.call('GET', `/v1/orders/${orderId}`, { headers: owner.headers });
      expect(own.status).toBe(200);
      expect(own.headers['cache-control']).toBe('private, no-cache');
      expect(own.json()).toMatchObject({ id: orderId, customerId: owner.id, status });
      expect((await flow.call('GET', `/v1/orders/${orderId}`, { headers: admin.headers })).json()).toMatchObject({ id: orderId, status });
      const other = await flow.call('GET', `/v1/orders/${orderId}`, { headers: stranger.headers });
      expect(other.status).toBe(404);
      expect(other.headers['content-type']).toBe('application/problem+json');
      expect(other.json()).toMatchObject({ status: 404, type: '/problems/not-found' });
      expect(other.text).not.toContain(owner.id);
    };

    await check('accepted');
    await flow.startDispatching();
    expect((await flow.waitForStatus(owner, orderId, finalOrderStatuses)).status).toBe('confirmed');
    await check('confirmed');
  });

  it('keeps the createdAt it showed at acceptance once the order is processed', async () => {
    await flow.stopDispatching();
    const productId = await flow.product(5, 1200);
    const owner = await flow.customer();
    const orderId = await flow.placeAccepted(owner, [{ productId, quantity: 1 }]);
    const accepted = await flow.order(owner, orderId);
    expect(accepted.status).toBe('accepted');

    await sleep(20); // the consumer takes the order a moment after its 202, as it does under any backlog
    await flow.startDispatching();
    const done = await flow.waitForStatus(owner, orderId, finalOrderStatuses);
    expect(done.status).toBe('confirmed');
    expect(done.createdAt).toBe(accepted.createdAt);
  });

  it('answers 404 for an order that does not exist', async () => {
    const someone = await flow.customer();
    const response = await flow.call('GET', `/v1/orders/${v7()}`, { headers: someone.headers });
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json');
  });

  it('leaves no message behind in its queue or its dead-letter queue', async () => {
    await flow.stopDispatching();
    expect(await flow.queueDepths()).toEqual({ queue: 0, deadLetters: 0 });
  });
});
