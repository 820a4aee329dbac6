import { type Bundle, startBundle } from '../../test/orders/bundle';
import { finalOrderStatuses } from '../../shared/domain/orders';
import { OrderFlow } from '../../test/orders/flow';
import { eventually } from '../../test/orders/wait';

/**
 * The built order-processor bundle as a child process, killed with SIGKILL in the middle of an order
 * (inside its payment call) and started again on the same port: the dispatcher delivers the unacked
 * event again and the order completes exactly once. Needs `npm run build` first.
 */
const flow = new OrderFlow('consumer-killed', { consumer: 'none' });
let consumer: Bundle;

beforeAll(async () => {
  // The child inherits this file's environment: its queue namespace, Redis prefix and sandboxes.
  consumer = await startBundle('order-processor', { LOG_LEVEL: 'warn' });
  await flow.startDispatching(consumer.url);
}, 20_000);

afterAll(async () => {
  await flow.stopDispatching();
  await consumer?.stop();
});

describe('order-processor killed mid-message', () => {
  it('gets the order again once restarted and completes it exactly once: confirmed, one authorization, stock taken once', async () => {
    await flow.primaryProvider.control({ latencyMs: 1500 });
    const productId = await flow.product(7, 1250);
    const ivan = await flow.customer();

    const orderId = await flow.placeAccepted(ivan, [{ productId, quantity: 3 }]);
    await flow.waitForStatus(ivan, orderId, 'reserved', { attempts: 200, intervalMs: 10 });
    // The sandbox holds the authorization request for 1.5 s: the consumer is inside the payment call.
    await eventually(() => flow.primaryProvider.attempts() >= 1, 'the consumer to call the payment provider', { attempts: 200, intervalMs: 10 });
    await consumer.kill('SIGKILL');
    expect((await flow.order(ivan, orderId)).status).toBe('reserved');

    await consumer.restart();
    const done = await flow.waitForStatus(ivan, orderId, finalOrderStatuses, { attempts: 300 }).catch((error: Error) => {
      throw new Error(`${error.message}\n--- order-processor output ---\n${consumer.output()}`);
    });
    expect(done).toMatchObject({ status: 'confirmed', total: 3750 });
    expect(flow.primaryProvider.attempts()).toBeGreaterThanOrEqual(2);
    expect(await flow.stockOf(productId)).toBe(4);
    expect(await flow.primaryProvider.authorizations(orderId)).toEqual([expect.objectContaining({ orderId, amount: 3750, status: 'authorized' })]);
    expect(await flow.fallbackProvider.authorizations(orderId)).toEqual([]);
  }, 30_000);

  it('leaves no message behind in its queue or its dead-letter queue', async () => {
    await flow.stopDispatching();
    expect(await flow.queueDepths()).toEqual({ queue: 0, deadLetters: 0 });
  });
});
