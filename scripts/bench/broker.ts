// The floor under POST /v1/orders's latency: what orders-create waits for before each 202, the broker's
// publisher confirm of a persistent order.placed into a durable quorum queue, measured alone from this
// process (the generator's core) at the POST row's rate. A 202 cannot come sooner than its confirm, so
// the POST row's p99 is read against this one, taken in the same minutes. (It publishes through the
// default exchange straight to its queue; orders-create goes through the topic exchange, mandatory.)
import amqp from 'amqplib';
import { CloudEvent } from 'cloudevents';
import { config } from '../../shared/config';
import { eventNames } from '../../shared/events';
import { toAmqpMessage } from '../../shared/events/message';
import { newId } from '../../shared/process/new-id';
import { coreShare, namedCpuMeter, ownCpuMeter, perRequest, saturatedAt } from './cpu';
import { atRate, percentile } from './open-loop';
import { orderRate } from './orders';
import { duration, type Row, warmupSeconds } from './setup';

/** An order.placed as orders-create publishes it: the same attributes, headers and size. */
function placed(): { content: Buffer; options: amqp.Options.Publish } {
  const orderId = newId();
  const data = { orderId, customerId: 'bench-customer', items: [{ productId: newId(), quantity: 1 }] };
  return toAmqpMessage(new CloudEvent({ id: orderId, type: 'brisk.orders.order.placed', source: '/brisk/orders-create', subject: orderId, datacontenttype: 'application/json', data }));
}

/**
 * Publishes `rate` messages a second for `seconds`, each when due whether or not earlier ones are
 * confirmed; resolves with each one's wait from when it was due to its confirm (ms), once all are in.
 * A nack, or a channel the broker closed, rejects it and stops the publishing.
 */
function publishAtRate(channel: amqp.ConfirmChannel, queue: string, rate: number, seconds: number): Promise<number[]> {
  const total = Math.round(rate * seconds);
  const waits: number[] = [];
  return new Promise((resolve, reject) => {
    if (total === 0) return resolve(waits);
    let failed = false;
    void atRate(rate, total, (due) => {
      if (failed) return false;
      const { content, options } = placed();
      channel.publish('', queue, content, options, (error: unknown) => {
        if (failed) return;
        if (error) {
          failed = true;
          return reject(new Error('the broker refused a publish, or closed the channel'));
        }
        waits.push(performance.now() - due);
        if (waits.length === total) resolve(waits);
      });
      return true;
    });
  });
}

/** The broker's publisher confirm alone at the POST row's rate and duration, after its warm-up; CPU µs/req is RabbitMQ's per message. */
export async function brokerConfirms(): Promise<Row> {
  const [rate, seconds] = [orderRate, duration];
  const connection = await amqp.connect(config().AMQP_URL, { noDelay: true });
  // A closed channel fails the publishes waiting on it; the events themselves need no handler to crash the bench.
  connection.on('error', () => undefined);
  const queue = eventNames.queue('confirm-floor');
  try {
    const channel = await connection.createConfirmChannel();
    channel.on('error', () => undefined);
    await channel.deleteQueue(queue); // what a run that crashed left behind
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await publishAtRate(channel, queue, rate, warmupSeconds);
    const [brokerCpu, ownCpu, started] = [namedCpuMeter(['beam.smp']), ownCpuMeter(), performance.now()];
    const waits = (await publishAtRate(channel, queue, rate, seconds)).sort((a, b) => a - b);
    const [cpu, own] = [brokerCpu(), ownCpu()];
    const elapsed = (performance.now() - started) / 1000;
    const generatorCore = coreShare(own, elapsed)!;
    return {
      scenario: `broker alone: persistent order.placed into a quorum queue at ${rate}/s, to its confirm`,
      server: 'RabbitMQ',
      generator: 'open loop',
      rps: waits.length / elapsed,
      p50: percentile(waits, 0.5),
      p99: percentile(waits, 0.99),
      p999: percentile(waits, 0.999),
      errors: 0,
      requests: waits.length,
      ok: waits.length,
      cpuUsPerRequest: perRequest(cpu, waits.length),
      serverCore: coreShare(cpu, elapsed),
      generatorCore,
      saturated: generatorCore >= saturatedAt,
      note: `what orders-create waits for before each 202, from the bench process after ${warmupSeconds} s warm-up; CPU µs/req is RabbitMQ's per message`,
    };
  } finally {
    await connection
      .createChannel()
      .then((channel) => channel.deleteQueue(queue))
      .catch(() => undefined);
    await connection.close().catch(() => undefined);
  }
}
