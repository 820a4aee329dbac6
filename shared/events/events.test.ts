import type { Channel, ChannelModel } from 'amqplib';
import amqp from 'amqplib';
import { v7 } from 'uuid';
import { config } from '../config';
import { primary } from '../db';
import { setProcessName } from '../process/identity';
import { broker, closeBroker, declareTopology, eventNames, fromAmqpMessage, publishConfirmed, relayOutbox, type Subscription } from '.';

const subscription: Subscription = { consumer: 'events-test', types: ['brisk.catalog.stock.adjusted'] };
const productId = '0190b5a0-0000-7000-8000-000000000001';

let connection: ChannelModel;
let channel: Channel;

async function nextMessage(queue: string) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const message = await channel.get(queue, { noAck: false });
    if (message) return message;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`nothing arrived on ${queue}`);
}

beforeAll(async () => {
  setProcessName('events-test');
  connection = await amqp.connect(config().AMQP_URL);
  channel = await connection.createChannel();
  await declareTopology(channel, [subscription]);
});

afterAll(async () => {
  for (const queue of eventNames.queuesOf(subscription.consumer)) await channel.deleteQueue(queue);
  await connection.close();
  await closeBroker();
});

describe('publishConfirmed', () => {
  it('publishes a message RabbitmqSource decodes back into the producer’s type, source, id and data', async () => {
    const data = { productId, delta: -3, reason: 'damaged in the warehouse' };
    const published = await publishConfirmed('brisk.catalog.stock.adjusted', data, { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });

    const message = await nextMessage(eventNames.queue(subscription.consumer));
    channel.ack(message);
    const headers = message.properties.headers ?? {};
    // Every header the producer sets is a string; `x-` headers are the broker's (quorum queues add x-delivery-count).
    const producerHeaders = Object.entries(headers).filter(([name]) => !name.startsWith('x-'));
    expect(producerHeaders.every(([, value]) => typeof value === 'string')).toBe(true);
    expect(headers).toMatchObject({ 'ce-specversion': '1.0', 'content-type': 'application/json' });
    expect(Object.keys(headers).some((name) => name.startsWith('cloudEvents_'))).toBe(false);
    expect(message.properties.deliveryMode).toBe(2);

    const decoded = fromAmqpMessage(headers, message.content);
    expect(decoded).toMatchObject({ id: published.id, type: 'brisk.catalog.stock.adjusted', source: '/brisk/events-test', data });
    expect(decoded.traceparent).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
  });

  it('rejects an event no queue is bound to instead of dropping it', async () => {
    // No consumer takes this fact; published as a command (mandatory), it must not vanish silently.
    await expect(publishConfirmed('brisk.orders.order.confirmed', { orderId: productId, customerId: 'c-1', status: 'confirmed' })).rejects.toThrow(
      'no queue is bound to brisk.orders.order.confirmed',
    );
  });

  it('reconnects on the next publish after the connection is lost', async () => {
    const { connection: first } = await broker();
    await first.close();
    await publishConfirmed('brisk.catalog.stock.adjusted', { productId, level: 7, reason: 'stocktake' });
    const message = await nextMessage(eventNames.queue(subscription.consumer));
    channel.ack(message);
    expect(JSON.parse(message.content.toString())).toEqual({ productId, level: 7, reason: 'stocktake' });
  });
});

describe('relayOutbox', () => {
  it('deletes the facts RabbitMQ confirmed and keeps one it could not publish for the next run', async () => {
    const subject = `events-test-${v7()}`;
    const [published, refused] = [v7(), v7()];
    const fact = (eventId: string, delta: number) => ({ event_id: eventId, type: 'brisk.catalog.stock.adjusted', subject, data: primary().json({ productId, delta, reason: 'recount' }) });
    // A delta of 0 breaks the event type's schema, so publishConfirmed refuses that fact.
    await primary()`INSERT INTO outbox ${primary()([fact(published, 2), fact(refused, 0)])}`;
    try {
      await relayOutbox();
      const message = await nextMessage(eventNames.queue(subscription.consumer));
      channel.ack(message);
      expect(message.properties.messageId).toBe(published);
      const left = await primary()<{ eventId: string }[]>`SELECT event_id AS "eventId" FROM outbox WHERE subject = ${subject}`;
      expect(left).toEqual([{ eventId: refused }]);
    } finally {
      await primary()`DELETE FROM outbox WHERE subject = ${subject}`;
    }
  });

  it('publishes every fact exactly once when relays run at once, and leaves none behind', async () => {
    const subject = `events-test-${v7()}`;
    const ids = Array.from({ length: 30 }, () => v7());
    const facts = ids.map((eventId) => ({ event_id: eventId, type: 'brisk.catalog.stock.adjusted', subject, data: primary().json({ productId, delta: 1, reason: 'recount' }) }));
    await primary()`INSERT INTO outbox ${primary()(facts)}`;
    try {
      await Promise.all([relayOutbox(), relayOutbox(), relayOutbox()]);
      const queue = eventNames.queue(subscription.consumer);
      const received: string[] = [];
      for (let message = await channel.get(queue); message; message = await channel.get(queue)) {
        channel.ack(message);
        if (ids.includes(message.properties.messageId)) received.push(message.properties.messageId);
      }
      expect(received.sort()).toEqual([...ids].sort());
      expect(await primary()`SELECT 1 FROM outbox WHERE subject = ${subject}`).toHaveLength(0);
    } finally {
      await primary()`DELETE FROM outbox WHERE subject = ${subject}`;
    }
  });

  it('gives its connection back after every run, with or without facts to relay', async () => {
    for (let run = 0; run <= config().DATABASE_POOL_MAX; run++) await relayOutbox();
    expect(await primary()`SELECT 1 AS alive`).toEqual([{ alive: 1 }]);
  });
});

describe('declareTopology', () => {
  it('is idempotent, and a rejected message dead-letters into the consumer’s DLQ', async () => {
    await declareTopology(channel, [subscription]);
    const published = await publishConfirmed('brisk.catalog.stock.adjusted', { productId, delta: 5, reason: 'delivery' });
    channel.nack(await nextMessage(eventNames.queue(subscription.consumer)), false, false);

    const dead = await nextMessage(eventNames.deadLetterQueue(subscription.consumer));
    channel.ack(dead);
    expect(dead.properties.headers?.['ce-id']).toBe(published.id);
  });
});
