import { appClient } from '../../test/app-client';
import { breaker } from '../resilience/breakers';
import { setConfig } from '../config';
import { observePublish, observeRelay, recordCacheLookup, recordDeliveryAttempt, recordEventHandled, recordStuckOrders, registry, startTimer, timeOrderStage } from '.';

setConfig({ METRICS_ENABLED: 'false' });

/** METRICS_ENABLED=false: every recorder returns at once and /metrics is not there. */
describe('with METRICS_ENABLED=false', () => {
  const call = appClient();

  it('answers /metrics with a 404 problem', async () => {
    const response = await call('GET', '/metrics');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toBe('application/problem+json');
  });

  it('records nothing: requests, cache lookups, publishes, deliveries, handled events, order stages, relays, breaker states, stuck orders', async () => {
    breaker('metrics-disabled-test');
    expect((await call('GET', '/healthz')).status).toBe(200);
    expect((await call('GET', '/nothing-here')).status).toBe(404);
    recordCacheLookup('redis', true);
    observePublish('brisk.orders.order.placed', 'confirmed', startTimer());
    recordDeliveryAttempt('order-processor', 'ack', startTimer());
    expect(await timeOrderStage('reserve', async () => 'reserved')).toBe('reserved');
    observeRelay(startTimer());
    recordEventHandled('order-processor', 'brisk.orders.order.placed', 204);
    recordStuckOrders({ accepted: 1, reserved: 2, paid: 3 });

    const metrics = await registry.getMetricsAsJSON();
    expect(metrics.map((metric) => metric.name).sort()).toEqual([
      'brisk_cache_lookups_total',
      'brisk_circuit_breaker_state',
      'brisk_event_delivery_attempts_total',
      'brisk_event_delivery_duration_seconds',
      'brisk_event_publish_duration_seconds',
      'brisk_events_handled_total',
      'brisk_http_request_duration_seconds',
      'brisk_order_stage_duration_seconds',
      'brisk_orders_stuck',
      'brisk_outbox_relay_duration_seconds',
    ]);
    // A histogram without labels lists its buckets from the start, at zero.
    expect(metrics.flatMap((metric) => metric.values).filter((sample) => sample.value !== 0)).toEqual([]);
  });
});
