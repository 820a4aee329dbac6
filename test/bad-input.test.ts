import fc from 'fast-check';
import { SignJWT } from 'jose';
import { v7 } from 'uuid';
import { queueConsumers } from '../functions';
import { withChannel } from '../scripts/lib/amqp';
import { signToken } from '../shared/auth';
import { closeRedis, redis } from '../shared/cache';
import { config } from '../shared/config';
import { closeDb, primary } from '../shared/db';
import { closeBroker, eventNames } from '../shared/events';
import { breakerStates } from '../shared/resilience/breakers';
import { anyJson, anyText, app, expectNo5xx, send, signedTokens } from './fuzz';

/**
 * Bad input, generated (test/fuzz.ts): queries, path parameters, headers and tokens thrown at every
 * HTTP function through the app both runtimes share, against the real PostgreSQL, Redis and RabbitMQ.
 * Every answer is a 4xx problem+json or a 2xx for a read: never a 5xx, never a breaker opened by it, and
 * nothing is written, published or remembered. (Bodies and CloudEvents no route may accept, refused
 * before any service is asked: bad-input.unit.test.ts.)
 */
let tokens: Awaited<ReturnType<typeof signedTokens>>;

beforeAll(async () => {
  tokens = await signedTokens();
});

afterAll(async () => {
  await closeDb();
  await closeRedis();
  await closeBroker();
});

/** What a request could have written: rows, queued messages, accepted records, idempotency claims. */
async function footprint() {
  const sql = primary();
  const [rows] = await sql<Record<string, string>[]>`
    SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM order_items) AS items,
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM products) AS products,
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM product_stock) AS stock,
      (SELECT count(*) FROM operations) AS operations, (SELECT count(*) FROM inbox) AS inbox, (SELECT count(*) FROM outbox) AS outbox`;
  const queued: Record<string, number> = {};
  await withChannel(async (channel) => {
    for (const fn of queueConsumers) {
      for (const queue of [eventNames.queue(fn.name), eventNames.deadLetterQueue(fn.name)]) queued[queue] = (await channel.checkQueue(queue)).messageCount;
    }
  });
  const client = await redis();
  const remembered = (await client.keys(`${config().REDIS_KEY_PREFIX}accepted:*`)).length + (await client.keys(`${config().REDIS_KEY_PREFIX}idempotency:*`)).length;
  return { rows, queued, remembered };
}

describe('bad input never gets a 5xx, and writes nothing', () => {
  let before: Awaited<ReturnType<typeof footprint>>;
  beforeAll(async () => {
    before = await footprint();
  });
  afterAll(async () => {
    expect(await footprint()).toEqual(before);
    expect(Object.entries(breakerStates()).filter(([, state]) => state !== 'closed')).toEqual([]);
  });

  it('every GET route: any query string and path parameter', async () => {
    const reads = app.endpoints.filter((route) => route.method === 'GET');
    const query = fc.dictionary(fc.oneof(fc.constantFrom('category', 'q', 'minPrice', 'maxPrice', 'sort', 'limit', 'cursor'), anyText), anyText, { maxKeys: 5 });
    const cursor = fc.oneof(anyText, anyJson.map((value) => Buffer.from(JSON.stringify(value) ?? '').toString('base64url')));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...reads), fc.oneof(fc.uuid(), anyText), query, cursor, async (route, id, params, after) => {
        const search = new URLSearchParams({ ...params, ...(params.cursor !== undefined && { cursor: after }) });
        const url = `${route.path.replace(/\{\w+\}/g, encodeURIComponent(id.toWellFormed()))}?${search}`;
        expectNo5xx(await send('GET', url, { authorization: tokens.customer }), url);
      }),
    );
  });

  it('GET /v1/products and /v1/orders: cursors shaped like the API’s own, with keys out of their column’s range', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const key = fc.oneof(
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
      fc.double(),
      anyText,
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      fc.constantFrom('0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00Z'),
    );
    const products = fc.record({ s: fc.constantFrom('newest', 'price', '-price', 'name'), k: key, id: fc.uuid() }).map((c) => `/v1/products?sort=${c.s}&cursor=${encode(c)}`);
    const orders = fc.record({ t: key, id: fc.uuid() }).map((c) => `/v1/orders?cursor=${encode(c)}`);
    await fc.assert(
      fc.asyncProperty(fc.oneof(products, orders), async (url) => {
        expectNo5xx(await send('GET', url, { authorization: tokens.customer }), url);
      }),
    );
  });

  it('any route: any Authorization header, and tokens that are almost right', async () => {
    const wrongKey = new TextEncoder().encode('not-the-secret-of-this-run-at-least-32-chars');
    const almost = fc.constantFrom(
      () => new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(config().JWT_ISSUER).setAudience(config().JWT_AUDIENCE).setExpirationTime('1h').sign(wrongKey),
      () => signToken('x', [], '-1h'),
      () => signToken('a\u0000b'),
      () => Promise.resolve(`${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`),
    );
    const header = fc.oneof(anyText, anyText.map((text) => `Bearer ${text}`), almost.map((make) => make));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...app.endpoints.filter((route) => !route.path.startsWith('/_events'))), header, async (route, made) => {
        const authorization = typeof made === 'function' ? `Bearer ${await made()}` : made;
        const url = route.path.replace(/\{\w+\}/g, v7());
        expectNo5xx(await send(route.method, url, { authorization, 'content-type': 'application/json' }, route.method === 'GET' ? undefined : '{}'), { route: route.path, authorization });
      }),
    );
  });

  it('any route: odd Idempotency-Key, If-None-Match, X-Request-Id, X-Forwarded-For and traceparent headers', async () => {
    const names = ['idempotency-key', 'if-none-match', 'x-request-id', 'x-forwarded-for', 'traceparent', 'accept', 'content-length'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...app.endpoints.filter((route) => !route.path.startsWith('/_events'))), fc.dictionary(fc.constantFrom(...names), anyText), async (route, headers) => {
        const url = route.path.replace(/\{\w+\}/g, v7());
        expectNo5xx(await send(route.method, url, { ...headers, authorization: tokens.customer, 'content-type': 'application/json' }, route.method === 'GET' ? undefined : '{"items":"no"}'), { url, headers });
      }),
    );
  });



});
