import { CloudEvent, HTTP } from 'cloudevents';
import fc from 'fast-check';
import { v7 } from 'uuid';
import { eventFunctions } from '../functions';
import { orderRequest } from '../functions/orders-create/function';
import { newProduct, productChanges } from '../functions/products-write/body';
import { breakerStates } from '../shared/resilience/breakers';
import { anyText, app, badEvent, expectRefusal, invalidFor, rawBody, send, signedTokens } from './fuzz';

/**
 * Bad input, generated (test/fuzz.ts): bodies and CloudEvents that no route may accept, thrown at every
 * write route and every consumer. Every answer is a 4xx problem+json and no breaker opens. Here every
 * service is a closed port, so an answer that came after a write, a claim or a publish was tried would be
 * a 503: a refusal is also proof that nothing was. (Reads, tokens and headers, against the real
 * services: bad-input.test.ts.)
 */
let tokens: Awaited<ReturnType<typeof signedTokens>>;

beforeAll(async () => {
  tokens = await signedTokens();
});

describe('bad input is refused before any service is asked', () => {
  afterAll(() => {
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
