import { CloudEvent, HTTP } from 'cloudevents';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { v7 } from 'uuid';
import { eventFunctions, httpFunctions, queueConsumers } from '../functions';
import { orderRequest } from '../functions/orders-create/function';
import { newProduct, productChanges } from '../functions/products-write/body';
import { withChannel } from '../scripts/lib/amqp';
import { signToken } from '../shared/auth';
import { closeRedis, redis } from '../shared/cache';
import { config } from '../shared/config';
import { closeDb, primary } from '../shared/db';
import { closeBroker, eventNames, eventTypes, type EventTypeName } from '../shared/events';
import { createApp } from '../shared/http/app';
import { opsFunction } from '../shared/http/ops';
import type { HttpResult } from '../shared/http/types';
import { breakerStates } from '../shared/resilience/breakers';

/**
 * Bad input, generated (fast-check, a fixed seed unless FAST_CHECK_SEED says otherwise): bodies,
 * queries, path parameters, headers, tokens and CloudEvents thrown at every HTTP function and every
 * consumer through the app both runtimes share, against the real PostgreSQL, Redis and RabbitMQ. Every
 * answer is a 4xx problem+json (or a 2xx for a read): never a 5xx, never a breaker opened by it, and
 * nothing is written, published or remembered.
 */
fc.configureGlobal({ seed: Number(process.env.FAST_CHECK_SEED ?? 20261201), numRuns: 150, interruptAfterTimeLimit: 60_000 });

const consumers = eventFunctions.map((fn) => fn.http(`/_events/${fn.name}`));
const app = createApp([...httpFunctions, ...consumers, opsFunction]);
const tokens: Record<'customer' | 'admin' | 'producer', string> = { customer: '', admin: '', producer: '' };

beforeAll(async () => {
  tokens.customer = `Bearer ${await signToken('customer-bad-input')}`;
  tokens.admin = `Bearer ${await signToken('admin-bad-input', ['admin'])}`;
  tokens.producer = `Bearer ${await signToken('producer-bad-input', ['producer'])}`;
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

async function send(method: string, url: string, headers: Record<string, string | undefined>, body?: Buffer | string): Promise<HttpResult> {
  const defined = Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return app.handle({ method, url, headers: defined, body: body === undefined ? undefined : Buffer.from(body), remoteAddress: '127.0.0.1' });
}

/** A refusal as the API promises it: a 4xx with a problem+json body that names its status. */
function expectRefusal(result: HttpResult, context: unknown): void {
  if (result.status < 400 || result.status >= 500 || result.headers['content-type'] !== 'application/problem+json') {
    throw new Error(`expected a 4xx problem+json, got ${result.status} ${result.headers['content-type']}: ${String(result.body)} for ${JSON.stringify(context)}`);
  }
  expect(JSON.parse(String(result.body))).toMatchObject({ status: result.status, type: expect.any(String), title: expect.any(String) });
}

function expectNo5xx(result: HttpResult, context: unknown): void {
  if (result.status >= 500) throw new Error(`answered ${result.status}: ${String(result.body)} for ${JSON.stringify(context)}`);
  if (result.status >= 400) expectRefusal(result, context);
}

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', '\u0000', '\ud800', 'a'.repeat(5_000), '😀'.repeat(300), '%00', '../../etc/passwd', "' OR 1=1 --"));
const anyJson = fc.oneof(fc.jsonValue(), fc.anything(), fc.constantFrom(null, [], {}, 0, -1, 1e308, '', true));

/** A JSON body that is not a valid instance of `schema` (valid ones are rare, and filtered out). */
const invalidFor = (schema: { safeParse(value: unknown): { success: boolean } }) =>
  fc
    .oneof(
      anyJson,
      fc.record({ items: fc.array(fc.record({ productId: fc.oneof(fc.uuid(), anyText), quantity: fc.oneof(fc.integer(), fc.double(), anyText) }), { maxLength: 60 }) }, { requiredKeys: [] }),
      fc.record({ sku: anyText, name: anyText, description: anyText, category: anyText, price: fc.oneof(fc.integer(), fc.double()), currency: anyText, stock: fc.oneof(fc.integer(), fc.double()) }, { requiredKeys: [] }),
    )
    .filter((body) => !schema.safeParse(body).success);

const rawBody = fc.oneof(
  invalidFor({ safeParse: () => ({ success: false }) }).map((body) => JSON.stringify(body) ?? 'undefined'),
  anyText,
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

describe('bad input never gets a 5xx, and writes nothing', () => {
  let before: Awaited<ReturnType<typeof footprint>>;
  beforeAll(async () => {
    before = await footprint();
  });
  afterAll(async () => {
    expect(await footprint()).toEqual(before);
    expect(Object.entries(breakerStates()).filter(([, state]) => state !== 'closed')).toEqual([]);
  });

  it('POST /v1/orders: bodies that are not orders, with a customer token and any Idempotency-Key', async () => {
    await fc.assert(
      fc.asyncProperty(invalidFor(orderRequest), fc.option(anyText, { nil: undefined }), async (body, key) => {
        const result = await send('POST', '/v1/orders', { authorization: tokens.customer, 'content-type': 'application/json', 'idempotency-key': key }, JSON.stringify(body) ?? '');
        expectRefusal(result, { body, key });
      }),
    );
  });

  it('POST and PATCH /v1/products: bodies that are not products, as an admin', async () => {
    await fc.assert(
      fc.asyncProperty(invalidFor(newProduct), invalidFor(productChanges), fc.oneof(fc.uuid(), anyText), async (created, changes, id) => {
        expectRefusal(await send('POST', '/v1/products', { authorization: tokens.admin, 'content-type': 'application/json' }, JSON.stringify(created) ?? ''), created);
        const url = `/v1/products/${encodeURIComponent(id.toWellFormed())}`;
        expectRefusal(await send('PATCH', url, { authorization: tokens.admin, 'content-type': 'application/json' }, JSON.stringify(changes) ?? ''), { url, changes });
      }),
    );
  });

  it('POST /v1/products: a product valid but for a NUL or an unpaired surrogate somewhere in its text', async () => {
    const poisoned = fc
      .tuple(fc.string({ maxLength: 40 }), fc.constantFrom('\u0000', '\ud800', '\udfff'), fc.string({ maxLength: 40 }))
      .map(([before, bad, after]) => `${before}${bad}${after}`);
    const product = fc.record({ sku: fc.constant(`FUZZ-${v7()}`), name: fc.constant('Fuzzed Kettle'), description: fc.constant(''), category: fc.constant('kitchen'), price: fc.nat(100_000), stock: fc.nat(100) });
    await fc.assert(
      fc.asyncProperty(product, fc.constantFrom('sku', 'name', 'description'), poisoned, async (fields, field, value) => {
        const body = { ...fields, [field]: value.slice(0, 60) };
        expectRefusal(await send('POST', '/v1/products', { authorization: tokens.admin, 'content-type': 'application/json' }, JSON.stringify(body)), body);
      }),
    );
  });

  it('every write route: raw bodies (not JSON, invalid UTF-8, any media type)', async () => {
    const writes = app.endpoints.filter((route) => route.acceptsBody && !route.path.startsWith('/_events'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), rawBody, fc.constantFrom('application/json', 'text/plain', 'application/cloudevents+json', 'application/cloudevents-batch+json', ''), async (route, body, contentType) => {
        const url = route.path.replace(/\{\w+\}/g, v7());
        const authorization = route.path === '/v1/events' ? tokens.producer : route.path.startsWith('/v1/products') ? tokens.admin : tokens.customer;
        const result = await send(route.method, url, { authorization, 'content-type': contentType || undefined }, body);
        expectRefusal(result, { route: `${route.method} ${route.path}`, body, contentType });
      }),
    );
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

  const attributes = fc.record(
    {
      specversion: fc.oneof(fc.constant('1.0'), anyText),
      id: fc.oneof(fc.uuid(), anyText),
      type: fc.oneof(fc.constantFrom(...(Object.keys(eventTypes) as EventTypeName[]), 'constructor', '__proto__', 'toString'), anyText),
      source: fc.oneof(fc.constant('/fuzz'), anyText),
      time: fc.oneof(fc.constant(new Date().toISOString()), anyText),
      traceparent: anyText,
    },
    { requiredKeys: [] },
  );
  const extensions = fc.dictionary(fc.oneof(fc.stringMatching(/^[a-z0-9]{1,20}$/), anyText), fc.oneof(anyText, fc.integer()), { maxKeys: 3 });

  /** An event whose attributes or data the registry refuses: anything Brisk would accept is filtered out. */
  const badEvent = fc
    .tuple(attributes, extensions, anyJson)
    .map(([attrs, ext, data]) => ({ ...ext, ...attrs, data }))
    .filter((event) => {
      const type = (event as { type?: unknown }).type;
      return typeof type !== 'string' || !Object.hasOwn(eventTypes, type) || !eventTypes[type as EventTypeName].data.safeParse((event as { data: unknown }).data).success;
    });

  it('POST /v1/events: bad CloudEvents in binary, structured and batch mode publish nothing', async () => {
    await fc.assert(
      fc.asyncProperty(badEvent, fc.constantFrom('binary', 'structured', 'batch'), async (event, mode) => {
        const authorization = tokens.producer;
        const { data, ...attrs } = event as Record<string, unknown>;
        const result =
          mode === 'binary'
            ? await send('POST', '/v1/events', { authorization, 'content-type': 'application/json', ...Object.fromEntries(Object.entries(attrs).map(([name, value]) => [`ce-${name.toLowerCase().replace(/[^\x21-\x7e]/g, '')}`, String(value).replace(/[^\t\x20-\x7e\x80-\xff]/g, '')])) }, JSON.stringify(data) ?? '')
            : await send('POST', '/v1/events', { authorization, 'content-type': mode === 'batch' ? 'application/cloudevents-batch+json' : 'application/cloudevents+json' }, JSON.stringify(mode === 'batch' ? [event] : event));
        expectRefusal(result, { mode, event });
      }),
    );
  });

  it('every consumer: bad CloudEvents are refused (dead-lettered), never a transient failure, and change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...eventFunctions.map((fn) => fn.name)), badEvent, fc.boolean(), async (consumer, event, structured) => {
        const { data, ...attrs } = event as Record<string, unknown>;
        let message: { headers: Record<string, string>; body: string };
        try {
          const built = new CloudEvent({ ...attrs, data } as never, false);
          message = (structured ? HTTP.structured(built) : HTTP.binary(built)) as { headers: Record<string, string>; body: string };
        } catch {
          message = { headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify(event) ?? '' };
        }
        const headers = Object.fromEntries(Object.entries(message.headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
        const result = await send('POST', `/_events/${consumer}`, headers, typeof message.body === 'string' ? message.body : JSON.stringify(message.body));
        if (consumer === 'outbox-relay' && result.status === 204) return; // a ping carries nothing to refuse
        expectRefusal(result, { consumer, event, structured });
      }),
    );
  });
});
