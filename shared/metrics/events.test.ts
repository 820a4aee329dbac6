import { CloudEvent } from 'cloudevents';
import orderProcessor from '../../functions/order-processor/function';
import { finalOrderStatuses } from '../domain/orders';
import { OrderFlow } from '../../test/orders/flow';
import { eventually } from '../../test/orders/wait';
import { parseExposition, sampleValue } from '../../scripts/lib/exposition';
import { publishConfirmed } from '../events';
import { startDispatcher } from '../events/dispatcher';

/**
 * The event metrics of one process: the publish of each order placed here, the local dispatcher's
 * delivery attempts, and what the order processor (served in this process) answered.
 */
const flow = new OrderFlow('metrics-events');

const scrape = async () => parseExposition((await flow.call('GET', '/metrics')).text);
const placed = 'brisk.orders.order.placed';

describe('event metrics', () => {
  it('times each publish to its confirm, by type and outcome', async () => {
    const customer = await flow.customer();
    await flow.placeAccepted(customer, [{ productId: await flow.product(5), quantity: 1 }]);
    // This file's namespace binds no queue to stock adjustments: the publish fails.
    await expect(publishConfirmed('brisk.catalog.stock.adjusted', { productId: await flow.product(1), delta: 1, reason: 'count' })).rejects.toThrow('no queue is bound');

    const samples = await scrape();
    expect(sampleValue(samples, 'brisk_event_publish_duration_seconds_count', { type: placed, outcome: 'confirmed' })).toBe(1);
    expect(sampleValue(samples, 'brisk_event_publish_duration_seconds_sum', { type: placed, outcome: 'confirmed' })).toBeGreaterThan(0);
    expect(sampleValue(samples, 'brisk_event_publish_duration_seconds_count', { type: 'brisk.catalog.stock.adjusted', outcome: 'failed' })).toBe(1);
  });

  it('counts the dispatcher’s attempts: a retry, then a dead-letter after the last one', async () => {
    // The order placed above waits in the queue; this dispatcher posts it where the consumer answers 404 (retried).
    const misrouted = await startDispatcher([{ consumer: orderProcessor.name, url: `${flow.consumer.url}no-such-route` }], { prefetch: 1, retry: 1, backoffDelayMs: 10, timeoutMs: 5_000 });
    try {
      await eventually(async () => (await flow.queueDepths()).deadLetters === 1, 'the misrouted order in the DLQ');
    } finally {
      await misrouted.stop();
    }
    const samples = await scrape();
    expect(sampleValue(samples, 'brisk_event_delivery_attempts_total', { consumer: orderProcessor.name, outcome: 'retry' })).toBe(1);
    expect(sampleValue(samples, 'brisk_event_delivery_attempts_total', { consumer: orderProcessor.name, outcome: 'dead-letter' })).toBe(1);
    expect(sampleValue(samples, 'brisk_event_delivery_attempts_total', { consumer: orderProcessor.name, outcome: 'ack' })).toBeUndefined();
  });

  it('counts an acknowledged delivery, and each status the consumer answered by type', async () => {
    const customer = await flow.customer();
    const orderId = await flow.placeAccepted(customer, [{ productId: await flow.product(5), quantity: 1 }]);
    await flow.startDispatching();
    expect((await flow.waitForStatus(customer, orderId, finalOrderStatuses)).status).toBe('confirmed');
    const unknownType = new CloudEvent({ type: 'com.example.unknown', source: '/metrics-test', data: {} });
    expect((await orderProcessor.deliver(unknownType)).status).toBe(400);
    // The relay runs after the commit without holding up the answer: the confirmed status can be read first.
    await eventually(async () => (sampleValue(await scrape(), 'brisk_outbox_relay_duration_seconds_count', {}) ?? 0) >= 1, 'a relay run observed');

    const samples = await scrape();
    expect(sampleValue(samples, 'brisk_event_delivery_attempts_total', { consumer: orderProcessor.name, outcome: 'ack' })).toBe(1);
    expect(sampleValue(samples, 'brisk_event_delivery_duration_seconds_count', { consumer: orderProcessor.name, outcome: 'ack' })).toBe(1);
    for (const stage of ['reserve', 'payment', 'answer']) {
      expect(sampleValue(samples, 'brisk_order_stage_duration_seconds_count', { stage })).toBe(1);
      expect(sampleValue(samples, 'brisk_order_stage_duration_seconds_sum', { stage })).toBeGreaterThan(0);
    }
    expect(sampleValue(samples, 'brisk_events_handled_total', { function: orderProcessor.name, type: placed, status: '204' })).toBe(1);
    expect(sampleValue(samples, 'brisk_events_handled_total', { function: orderProcessor.name, type: 'other', status: '400' })).toBe(1);
  });
});
