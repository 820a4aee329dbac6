import { v7 } from 'uuid';
import { signToken } from '../../shared/auth';
import { breakerStates } from '../../shared/resilience/breakers';
import { appClient } from '../../test/app-client';
import { binaryHeaders, eventPosts, producerHeaders, productId, stockEvent } from './events-ingest.fixtures';
import eventsIngest from './function';

/**
 * What POST /v1/events refuses. Here RabbitMQ is a closed port, so a request that got as far as a
 * publish would be answered 503 (and open the broker breaker): each 4xx below is also proof that
 * nothing was published. (Accepted events, on a real broker: events-ingest.test.ts.)
 */
const call = appClient(eventsIngest);
let producer: Record<string, string>;
const { post, structured, batch } = eventPosts(call, () => producer);

beforeAll(async () => {
  producer = await producerHeaders();
});

const errorNames = (response: { json: () => { errors: { name: string }[] } }) => response.json().errors.map((error) => error.name);

describe('refused events', () => {
  it('answers an event type Brisk does not know with a 400 naming its type', async () => {
    const response = await structured(stockEvent(undefined, 'com.example.stock.counted'));
    expect(response.status).toBe(400);
    expect(response.json().errors).toEqual([{ in: 'body', name: '[0].type', detail: expect.stringContaining('com.example.stock.counted') }]);
  });

  it('answers an event type only Brisk itself may publish with a 400 naming its type', async () => {
    const placed = stockEvent({ orderId: v7(), customerId: 'c-1', items: [{ productId, quantity: 1 }] }, 'brisk.orders.order.placed');
    const response = await structured(placed);
    expect(response.status).toBe(400);
    expect(errorNames(response)).toEqual(['[0].type']);
  });

  it.each([
    ['a product id that is not a UUID', '[0].data.productId', { productId: 'sku-1', delta: 1, reason: 'x' }],
    ['a delta of 0', '[0].data.delta', { productId, delta: 0, reason: 'x' }],
    ['a fractional delta', '[0].data.delta', { productId, delta: 1.5, reason: 'x' }],
    ['a negative level', '[0].data.level', { productId, level: -1, reason: 'x' }],
    ['no reason', '[0].data.reason', { productId, level: 3 }],
  ])('answers data with %s with a 400 naming %s', async (_label, name, data) => {
    const response = await structured(stockEvent(data));
    expect(response.status).toBe(400);
    expect(errorNames(response)).toContain(name);
  });

  it('publishes nothing of a batch with one bad event, and names that event', async () => {
    const response = await batch([stockEvent(), stockEvent({ productId, delta: 'many', reason: 'x' }), stockEvent(undefined, 'brisk.orders.order.confirmed')]);
    expect(response.status).toBe(400);
    expect(errorNames(response)).toEqual(['[1].data.delta', '[2].type']);
  });

  it('answers a batch of more than 100 events with a 400, publishing nothing', async () => {
    const response = await batch(Array.from({ length: 101 }, () => stockEvent()));
    expect(response.status).toBe(400);
    expect(response.json().errors).toEqual([{ in: 'body', name: '(root)', detail: 'must hold at most 100 events' }]);
  });

  it('answers an empty batch with a 400', async () => {
    expect((await batch([])).status).toBe(400);
  });

  it.each([
    ['JSON without ce- headers', 'application/json', { productId, delta: 1, reason: 'x' }],
    ['a structured event without source', 'application/cloudevents+json', { specversion: '1.0', id: 'e-1', type: 'brisk.catalog.stock.adjusted' }],
    ['a body that is not JSON', 'application/cloudevents+json', '{nope'],
    ['a batch that is not an array', 'application/cloudevents-batch+json', { id: 'e-1' }],
  ])('answers %s with a 400 problem', async (_label, contentType, body) => {
    const response = await post(contentType, body);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
  });

  it.each<[string, Record<string, string | undefined>, string]>([
    ['a specversion other than 1.0', { 'ce-specversion': '2.0' }, 'ce-specversion'],
    ['no specversion', { 'ce-specversion': undefined }, 'ce-specversion'],
    ['no source', { 'ce-source': undefined }, 'ce-source'],
    ['an empty source', { 'ce-source': '' }, 'ce-source'],
    ['a time that is no timestamp', { 'ce-time': 'yesterday-ish' }, 'ce-time'],
    ['a time in year 0000', { 'ce-time': '0000-01-01T00:00:00Z' }, 'ce-time'],
    ['an id of 300 characters', { 'ce-id': 'x'.repeat(300) }, 'ce-id'],
    ['an id of 100 four-byte characters (400 bytes, over AMQP’s 255)', { 'ce-id': '😀'.repeat(100) }, 'ce-id'],
    ['a traceparent of 2,000 characters', { 'ce-traceparent': '0'.repeat(2_000) }, 'ce-traceparent'],
    ['an extension name with a dash', { 'ce-my-extension': 'x' }, 'ce-my-extension'],
    ['an extension name over 20 characters', { 'ce-averyveryverylongextension': 'x' }, 'ce-averyveryverylongextension'],
  ])('refuses a binary event with %s: 400 naming the header, nothing published, the broker breaker untouched', async (_label, changes, header) => {
    const response = await call('POST', '/v1/events', {
      headers: { ...producer, ...binaryHeaders(changes) },
      body: JSON.stringify({ productId, delta: 1, reason: 'count' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.json().errors).toContainEqual(expect.objectContaining({ in: 'header', name: header }));
    expect(breakerStates().broker ?? 'closed').toBe('closed');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no id (the SDK would make one up, and a retry could not be recognised)', { id: undefined }, 'id'],
    ['a numeric id', { id: 42 }, 'id'],
    ['specversion 0.3', { specversion: '0.3' }, 'specversion'],
    ['an extension value that is an object', { region: { name: 'eu' } }, 'region'],
  ])('refuses a structured event with %s: 400 naming the attribute', async (_label, changes, name) => {
    const event = Object.fromEntries(Object.entries({ ...stockEvent(), ...changes }).filter(([, value]) => value !== undefined));
    const response = await structured(event);
    expect(response.status).toBe(400);
    expect(response.json().errors).toContainEqual(expect.objectContaining({ in: 'body', name }));
    const inBatch = await batch([stockEvent(), event]);
    expect(inBatch.status).toBe(400);
    expect(inBatch.json().errors).toContainEqual(expect.objectContaining({ in: 'body', name: `[1].${name}` }));
  });

  it('answers a media type that carries no CloudEvent with 415', async () => {
    expect((await post('text/plain', 'hello')).status).toBe(415);
  });

  it('answers a customer token without the producer scope with 403', async () => {
    const customer = { authorization: `Bearer ${await signToken('customer-events-ingest-test')}` };
    expect((await post('application/cloudevents+json', stockEvent(), customer)).status).toBe(403);
  });

  it('answers a request without a token with 401', async () => {
    expect((await post('application/cloudevents+json', stockEvent(), {})).status).toBe(401);
  });
});
