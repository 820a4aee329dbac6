import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { v7 } from 'uuid';
import { httpFunctions, queueConsumers } from '../functions';
import { signToken } from '../shared/auth';
import { closeRedis } from '../shared/cache';
import { config, setConfig } from '../shared/config';
import { closeDb } from '../shared/db';
import { closeBroker, declareTopology, deleteTopology } from '../shared/events';
import { buildOpenApi } from '../shared/http/openapi';
import { markDraining, opsFunction } from '../shared/http/ops';
import { appClient, type TestResponse } from './app-client';

// Small public limit (to see a 429), raised ones for tokens; this file's own Redis keys and exchange
// and queues, deleted afterwards, so its commands reach no other file's consumer.
setConfig({
  RATE_LIMIT_PUBLIC_RPS: '5',
  REDIS_KEY_PREFIX: `${config().REDIS_KEY_PREFIX}documented-headers-test:`,
  EVENTS_NAMESPACE: `${config().EVENTS_NAMESPACE}.documented-headers-test`,
});

/**
 * Every header an answer carries is documented on its operation and status, and every header the
 * document says an answer always carries is there: the document is checked against what the code
 * sends, for each status these requests can bring about in-process. (413 comes from the runtime
 * before routing, 500 and 504 from faults, 503 for a broker outage: tests of their own cover them.)
 */
interface HeaderObject {
  required?: boolean;
  $ref?: string;
}
interface Operation {
  responses: Record<string, { headers?: Record<string, HeaderObject>; content?: Record<string, unknown> }>;
}

const document = buildOpenApi([...httpFunctions, opsFunction]) as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components: { headers: Record<string, HeaderObject> };
};
const call = appClient(...httpFunctions);

/** Not a header the document lists: OpenAPI describes Content-Type with `content`. */
const described = new Set(['content-type']);

let connection: ChannelModel;
let channel: Channel;
const subscriptions = queueConsumers.map((fn) => ({ consumer: fn.name, types: fn.subscribes }));
let token: { customer: string; admin: string; producer: string };
let client = 0;
/** A public client of its own for each call, so only the calls meant to be limited are. */
const nextAddress = () => `203.0.113.${++client}`;

beforeAll(async () => {
  connection = await amqp.connect(config().AMQP_URL);
  channel = await connection.createChannel();
  await declareTopology(channel, subscriptions);
  token = {
    customer: `Bearer ${await signToken(`headers-${v7()}`)}`,
    admin: `Bearer ${await signToken('headers-admin', ['admin'])}`,
    producer: `Bearer ${await signToken('headers-producer', ['producer'])}`,
  };
});

afterAll(async () => {
  await deleteTopology(channel, subscriptions);
  await connection.close();
  await closeBroker();
  await closeDb();
  await closeRedis();
});

function documentedHeaders(route: string, method: string, status: number) {
  const operation = document.paths[route]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${route} is not in the document`);
  const response = operation.responses[String(status)];
  if (!response) throw new Error(`${method} ${route} does not document ${status}`);
  const headers = Object.entries(response.headers ?? {}).map(([name, header]) => {
    const resolved = header.$ref ? document.components.headers[header.$ref.replace('#/components/headers/', '')]! : header;
    return { name: name.toLowerCase(), required: resolved.required === true };
  });
  return { headers, mediaTypes: Object.keys(response.content ?? {}).map((type) => type.split(';')[0]!) };
}

/** Sends a request and checks its answer's headers and media type against the document; answers the response. */
async function check(
  route: string,
  method: string,
  url: string,
  options: { headers?: Record<string, string>; body?: unknown; contentType?: string; remoteAddress?: string } = {},
): Promise<TestResponse> {
  const { body, contentType = 'application/json', remoteAddress = nextAddress() } = options;
  const response = await call(method, url, {
    remoteAddress,
    headers: { ...options.headers, ...(body !== undefined && { 'content-type': contentType }) },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const { headers, mediaTypes } = documentedHeaders(route, method, response.status);
  const sent = Object.keys(response.headers).filter((name) => !described.has(name));
  const where = `${method} ${route} → ${response.status}`;
  expect({ where, undocumented: sent.filter((name) => !headers.some((header) => header.name === name)) }).toEqual({ where, undocumented: [] });
  const missing = headers.filter((header) => header.required && !(header.name in response.headers)).map((header) => header.name);
  expect({ where, missing }).toEqual({ where, missing: [] });
  if (response.text !== '') {
    const type = response.headers['content-type']?.split(';')[0];
    expect({ where, type, documented: mediaTypes }).toEqual({ where, type, documented: expect.arrayContaining([type]) });
  }
  return response;
}

describe('headers the API sends, against the document', () => {
  let productId: string;

  it('on the catalog reads: ETag, Cache-Control and RateLimit on 200 and 304, X-Request-Id everywhere', async () => {
    const page = await check('/v1/products', 'GET', '/v1/products?limit=2', { headers: { 'x-request-id': 'documented-headers-1' } });
    expect(page.status).toBe(200);
    expect(page.headers['x-request-id']).toBe('documented-headers-1');
    productId = page.json().items[0].id;
    const product = await check('/v1/products/{id}', 'GET', `/v1/products/${productId}`);
    expect(product.status).toBe(200);
    const unchanged = await check('/v1/products/{id}', 'GET', `/v1/products/${productId}`, { headers: { 'if-none-match': product.headers.etag! } });
    expect(unchanged.status).toBe(304);
    expect((await check('/v1/products/{id}', 'GET', `/v1/products/${v7()}`)).status).toBe(404);
    expect((await check('/v1/products/{id}', 'GET', '/v1/products/not-a-uuid')).status).toBe(400);
    expect((await check('/v1/categories', 'GET', '/v1/categories')).status).toBe(200);
  });

  it('on a 429: Retry-After', async () => {
    // Over twice a window's 10 points: a 429 even if a window ends among them.
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await check('/v1/categories', 'GET', '/v1/categories', { remoteAddress: '198.51.100.7' })).status);
    expect(statuses).toContain(429);
  });

  it('on orders: WWW-Authenticate on a 401, Location on a 202, Idempotency-Key taken', async () => {
    const items = [{ productId: v7(), quantity: 1 }];
    expect((await check('/v1/orders', 'POST', '/v1/orders', { body: { items } })).status).toBe(401);
    const customer = { authorization: token.customer };
    const key = `documented-headers-${v7()}`;
    const accepted = await check('/v1/orders', 'POST', '/v1/orders', { headers: { ...customer, 'idempotency-key': key }, body: { items } });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.location).toBe(`/v1/orders/${accepted.json().orderId}`);
    const reused = await check('/v1/orders', 'POST', '/v1/orders', { headers: { ...customer, 'idempotency-key': key }, body: { items: [{ ...items[0]!, quantity: 2 }] } });
    expect(reused.status).toBe(422);
    expect((await check('/v1/orders', 'POST', '/v1/orders', { headers: customer, body: 'items', contentType: 'text/plain' })).status).toBe(415);
    const orderId: string = accepted.json().orderId;
    expect((await check('/v1/orders/{id}', 'GET', `/v1/orders/${orderId}`, { headers: customer })).status).toBe(200);
    expect((await check('/v1/orders', 'GET', '/v1/orders', { headers: customer })).status).toBe(200);
    expect((await check('/v1/orders/{id}/cancel', 'POST', `/v1/orders/${orderId}/cancel`, { headers: customer })).status).toBe(202);
  });

  it('on catalog writes and operations: 403 without the scope, Location on a 202', async () => {
    expect((await check('/v1/products/{id}', 'DELETE', `/v1/products/${productId}`, { headers: { authorization: token.customer } })).status).toBe(403);
    const accepted = await check('/v1/products/{id}', 'DELETE', `/v1/products/${v7()}`, { headers: { authorization: token.admin } });
    expect(accepted.status).toBe(202);
    const operation = await check('/v1/operations/{id}', 'GET', accepted.headers.location!, { headers: { authorization: token.admin } });
    expect(operation.status).toBe(200);
  });

  it('on events from outside: a 415', async () => {
    expect((await check('/v1/events', 'POST', '/v1/events', { headers: { authorization: token.producer }, body: 'x', contentType: 'text/plain' })).status).toBe(415);
  });

  it('on the probes and metrics, and readiness while draining: a 503 with Retry-After', async () => {
    expect((await check('/healthz', 'GET', '/healthz')).status).toBe(200);
    expect((await check('/readyz', 'GET', '/readyz')).status).toBe(200);
    expect([200, 404]).toContain((await check('/metrics', 'GET', '/metrics')).status);
    markDraining();
    expect((await check('/readyz', 'GET', '/readyz')).status).toBe(503);
  });
});
