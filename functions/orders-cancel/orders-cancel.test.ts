import { CloudEvent } from 'cloudevents';
import { v7 } from 'uuid';
import orderProcessor from '../order-processor/function';
import { finalOrderStatuses } from '../../shared/domain/orders';
import { type Customer, type Item, OrderFlow } from '../../test/orders/flow';
import { eventually } from '../../test/orders/wait';

/** POST /v1/orders/{id}/cancel: 202, and the order processor cancels an order not yet paid. */
const flow = new OrderFlow('orders-cancel');

afterEach(() => flow.restoreProviders());

function cancel(customer: Customer, orderId: string) {
  return flow.call('POST', `/v1/orders/${orderId}/cancel`, { headers: customer.headers });
}

/** The events orders-create and orders-cancel publish, for delivering straight to the order processor. */
function placedEvent(orderId: string, customer: Customer, items: Item[]) {
  flow.track(orderId);
  return new CloudEvent<unknown>({ id: orderId, type: 'brisk.orders.order.placed', source: '/brisk/orders-create', subject: orderId, data: { orderId, customerId: customer.id, items } });
}

function cancelRequestedEvent(orderId: string, customer: Customer) {
  const data = { orderId, customerId: customer.id, requestedBy: customer.id };
  return new CloudEvent<unknown>({ id: v7(), type: 'brisk.orders.order.cancel_requested', source: '/brisk/orders-cancel', subject: orderId, data });
}

/** Delivers as the dispatcher does: again after a 503, until the consumer takes it. */
async function deliverUntilTaken(event: CloudEvent<unknown>): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if ((await orderProcessor.deliver(event)).status === 204) return;
  }
  throw new Error(`event ${event.id} was not taken after 5 deliveries`);
}

describe('POST /v1/orders/{id}/cancel', () => {
  it('cancels a reserved order: 202, then cancelled, and its stock returns', async () => {
    await flow.startDispatching();
    await flow.primaryProvider.control({ latencyMs: 1500 }); // keeps the order in `reserved` while the payment is pending
    const productId = await flow.product(6, 900);
    const quinn = await flow.customer();
    const orderId = await flow.placeAccepted(quinn, [{ productId, quantity: 4 }]);
    await flow.waitForStatus(quinn, orderId, 'reserved', { attempts: 200, intervalMs: 10 });
    expect(await flow.stockOf(productId)).toBe(2);

    const response = await cancel(quinn, orderId);
    expect(response.status).toBe(202);
    expect(response.json()).toEqual({ orderId, status: 'cancel_requested' });
    expect(response.headers.location).toBe(`/v1/orders/${orderId}`);

    const done = await flow.waitForStatus(quinn, orderId, finalOrderStatuses);
    expect(done).toMatchObject({ status: 'cancelled', reason: expect.stringContaining(quinn.id) });
    expect(await flow.stockOf(productId)).toBe(6);

    // Once the pending payment has answered and every delivery settled, the order is still cancelled.
    await eventually(() => flow.primaryProvider.attempts() >= 1, 'the pending payment call');
    await flow.stopDispatching();
    expect((await flow.order(quinn, orderId)).status).toBe('cancelled');
    expect(await flow.stockOf(productId)).toBe(6);
  }, 30_000);

  it('cancels an order the processor has not taken yet: it ends cancelled with its stock back', async () => {
    await flow.stopDispatching();
    await flow.primaryProvider.control({ latencyMs: 1500 });
    const productId = await flow.product(6, 900);
    const rita = await flow.customer();
    const orderId = await flow.placeAccepted(rita, [{ productId, quantity: 2 }]);
    expect((await flow.order(rita, orderId)).status).toBe('accepted');

    expect((await cancel(rita, orderId)).status).toBe(202);
    await flow.startDispatching();
    expect((await flow.waitForStatus(rita, orderId, finalOrderStatuses)).status).toBe('cancelled');
    await flow.stopDispatching();
    expect((await flow.order(rita, orderId)).status).toBe('cancelled');
    expect(await flow.stockOf(productId)).toBe(6);
  }, 30_000);

  it('lets a placement delivered after its cancellation do nothing', async () => {
    const productId = await flow.product(6, 900);
    const sam = await flow.customer();
    const orderId = v7();

    expect(await orderProcessor.deliver(cancelRequestedEvent(orderId, sam))).toEqual({ status: 204 });
    expect(await orderProcessor.deliver(placedEvent(orderId, sam, [{ productId, quantity: 2 }]))).toEqual({ status: 204 });

    expect((await flow.order(sam, orderId)).status).toBe('cancelled');
    expect(await flow.stockOf(productId)).toBe(6);
    expect(await flow.primaryProvider.authorizations(orderId)).toEqual([]);
  });

  it('takes a placement and a cancellation of the same order delivered at the same moment without failing either', async () => {
    // With prefetch > 1 the dispatcher delivers an order's placement and its cancellation together.
    // Neither may fail the other with a transient 503: the cancellation's redelivery would come after
    // the payment and find the order too late to cancel.
    const failedFirstDeliveries: string[] = [];
    for (let trial = 0; trial < 20; trial += 1) {
      const productId = await flow.product(6, 900);
      const customer = await flow.customer();
      const orderId = v7();
      const placed = placedEvent(orderId, customer, [{ productId, quantity: 2 }]);
      const cancelRequested = cancelRequestedEvent(orderId, customer);

      const [placement, cancellation] = await Promise.all([orderProcessor.deliver(placed), orderProcessor.deliver(cancelRequested)]);
      await deliverUntilTaken(placed);
      await deliverUntilTaken(cancelRequested);
      const { status } = await flow.order(customer, orderId);
      expect(await flow.stockOf(productId)).toBe(status === 'cancelled' ? 6 : 4);
      if (placement.status !== 204 || cancellation.status !== 204) {
        failedFirstDeliveries.push(`placement ${placement.status}, cancellation ${cancellation.status}: ended ${status}`);
      }
    }
    expect(failedFirstDeliveries).toEqual([]);
  }, 30_000);

  it('answers 409 to cancelling a confirmed order, and the order stays confirmed', async () => {
    await flow.startDispatching();
    const productId = await flow.product(6, 900);
    const tara = await flow.customer();
    const orderId = await flow.placeAccepted(tara, [{ productId, quantity: 1 }]);
    expect((await flow.waitForStatus(tara, orderId, finalOrderStatuses)).status).toBe('confirmed');

    const response = await cancel(tara, orderId);
    expect(response.status).toBe(409);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.json()).toMatchObject({ status: 409, type: '/problems/order-not-cancellable' });
    await flow.stopDispatching();
    expect((await flow.order(tara, orderId)).status).toBe('confirmed');
    expect(await flow.stockOf(productId)).toBe(5);
  });

  it('answers 404 to another customer, for get and cancel alike, and changes nothing', async () => {
    await flow.primaryProvider.control({ latencyMs: 1500 });
    await flow.startDispatching();
    const productId = await flow.product(6, 900);
    const [uma, victor] = [await flow.customer(), await flow.customer()];
    const orderId = await flow.placeAccepted(uma, [{ productId, quantity: 1 }]);
    await flow.waitForStatus(uma, orderId, 'reserved', { attempts: 200, intervalMs: 10 });

    const seen = await flow.call('GET', `/v1/orders/${orderId}`, { headers: victor.headers });
    const cancelled = await cancel(victor, orderId);
    expect([seen.status, cancelled.status]).toEqual([404, 404]);
    expect(cancelled.headers['content-type']).toBe('application/problem+json');
    expect(cancelled.json()).toMatchObject({ status: 404, type: '/problems/not-found' });

    expect((await flow.waitForStatus(uma, orderId, finalOrderStatuses)).status).toBe('confirmed');
  }, 30_000);

  it('answers 404 for an order that does not exist, 400 for an id that is not a UUID, 401 without a token', async () => {
    const someone = await flow.customer();
    expect((await cancel(someone, v7())).status).toBe(404);
    const malformed = await cancel(someone, 'not-an-order');
    expect(malformed.status).toBe(400);
    expect(malformed.json().errors).toEqual([expect.objectContaining({ in: 'path', name: 'id' })]);
    const anonymous = await flow.call('POST', `/v1/orders/${v7()}/cancel`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('leaves no message behind in its queue or its dead-letter queue', async () => {
    await flow.stopDispatching();
    expect(await flow.queueDepths()).toEqual({ queue: 0, deadLetters: 0 });
  });
});
