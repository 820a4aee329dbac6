import amqp, { type Channel, type ChannelModel } from 'amqplib';
import type { CloudEvent } from 'cloudevents';
import { v7 } from 'uuid';
import { signToken } from '../../shared/auth';
import { config, setConfig } from '../../shared/config';
import { closeBroker, declareTopology, deleteTopology, eventNames, fromAmqpMessage, type Subscription } from '../../shared/events';
import { appClient } from '../../test/app-client';
import { binaryHeaders, eventPosts, producerHeaders, productId, stockEvent } from './events-ingest.fixtures';
import eventsIngest from './function';

// This file's exchange and queues get names of their own under the run's, so deleting them
// afterwards never disturbs another file.
setConfig({ EVENTS_NAMESPACE: `${config().EVENTS_NAMESPACE}.events-ingest-test` });

const warehouse: Subscription = { consumer: 'events-ingest-test', types: ['brisk.catalog.stock.adjusted'] };
const queue = () => eventNames.queue(warehouse.consumer);
const call = appClient(eventsIngest);
const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

let connection: ChannelModel;
let channel: Channel;
let producer: Record<string, string>;
const { post, structured, batch } = eventPosts(call, () => producer);

/** The next `count` events on the queue (publishes are confirmed, so they are there or on their way). */
async function received(count: number): Promise<CloudEvent<unknown>[]> {
  const events: CloudEvent<unknown>[] = [];
  let done = () => {};
  const all = new Promise<void>((resolve) => (done = resolve));
  const { consumerTag } = await channel.consume(queue(), (message) => {
    if (!message) return;
    channel.ack(message);
    events.push(fromAmqpMessage(message.properties.headers, message.content));
    if (events.length === count) done();
  });
  const timer = setTimeout(done, 5_000);
  await all;
  clearTimeout(timer);
  await channel.cancel(consumerTag);
  return events;
}

beforeAll(async () => {
  connection = await amqp.connect(config().AMQP_URL);
  channel = await connection.createChannel();
  await declareTopology(channel, [warehouse]);
  producer = await producerHeaders();
});

afterEach(async () => {
  await channel.purgeQueue(queue());
});

afterAll(async () => {
  await deleteTopology(channel, [warehouse]);
  await connection.close();
  await closeBroker();
});

describe('accepted events', () => {
  it('accepts one event in binary mode, keeping the producer’s id and traceparent', async () => {
    const id = v7();
    const data = { productId, delta: 4, reason: 'delivery' };
    const response = await call('POST', '/v1/events', {
      headers: { ...producer, ...binaryHeaders({ 'ce-id': id, 'ce-traceparent': traceparent }) },
      body: JSON.stringify(data),
    });
    expect(response.status).toBe(202);
    expect(response.json()).toEqual({ accepted: 1, ids: [id] });
    const [event] = await received(1);
    expect(event).toMatchObject({ id, type: 'brisk.catalog.stock.adjusted', data, traceparent });
  });

  it('accepts one event in structured mode', async () => {
    const event = stockEvent({ productId, level: 12, reason: 'stocktake' });
    const response = await structured(event);
    expect(response.status).toBe(202);
    expect(response.json()).toEqual({ accepted: 1, ids: [event.id] });
    expect(await received(1)).toMatchObject([{ id: event.id, data: event.data }]);
  });

  it('accepts a batch, publishing every event with its own id', async () => {
    const events = [stockEvent(), stockEvent({ productId, level: 0, reason: 'count' }), stockEvent()];
    const response = await batch(events);
    expect(response.status).toBe(202);
    expect(response.json()).toEqual({ accepted: 3, ids: events.map((event) => event.id) });
    expect((await received(3)).map((event) => event.id).sort()).toEqual(events.map((event) => event.id).sort());
  });

  it('accepts a batch of 100', async () => {
    const events = Array.from({ length: 100 }, () => stockEvent());
    expect((await batch(events)).status).toBe(202);
    expect(await received(100)).toHaveLength(100);
  });

  it('accepts events from an admin too', async () => {
    const admin = { authorization: `Bearer ${await signToken('admin-events-ingest-test', ['admin'])}` };
    expect((await post('application/cloudevents+json', stockEvent(), admin)).status).toBe(202);
    expect(await received(1)).toHaveLength(1);
  });
});

describe('refused events', () => {
  // What else POST /v1/events refuses: events-ingest.unit.test.ts.
  it('keeps the broker breaker closed through a run of bad events, and the next good one is accepted', async () => {
    for (let i = 0; i < 10; i++) expect((await structured({ ...stockEvent(), id: 'x'.repeat(300) })).status).toBe(400);
    expect((await structured(stockEvent())).status).toBe(202);
    await received(1);
  });
});
