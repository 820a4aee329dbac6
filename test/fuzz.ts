import fc from 'fast-check';
import { eventFunctions, httpFunctions } from '../functions';
import { signToken } from '../shared/auth';
import { eventTypes, type EventTypeName } from '../shared/events';
import { createApp } from '../shared/http/app';
import { opsFunction } from '../shared/http/ops';
import type { HttpResult } from '../shared/http/types';

/**
 * What the bad-input tests generate (fast-check, a fixed seed unless FAST_CHECK_SEED says otherwise) and
 * how they send it: through the app both runtimes share, every HTTP function and every consumer.
 */
fc.configureGlobal({ seed: Number(process.env.FAST_CHECK_SEED ?? 20261201), numRuns: 150, interruptAfterTimeLimit: 60_000 });

const consumers = eventFunctions.map((fn) => fn.http(`/_events/${fn.name}`));
export const app = createApp([...httpFunctions, ...consumers, opsFunction]);

/** A customer's, an admin's and a producer's Authorization header. */
export async function signedTokens(): Promise<Record<'customer' | 'admin' | 'producer', string>> {
  return {
    customer: `Bearer ${await signToken('customer-bad-input')}`,
    admin: `Bearer ${await signToken('admin-bad-input', ['admin'])}`,
    producer: `Bearer ${await signToken('producer-bad-input', ['producer'])}`,
  };
}

export async function send(method: string, url: string, headers: Record<string, string | undefined>, body?: Buffer | string): Promise<HttpResult> {
  const defined = Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return app.handle({ method, url, headers: defined, body: body === undefined ? undefined : Buffer.from(body), remoteAddress: '127.0.0.1' });
}

/** A refusal as the API promises it: a 4xx with a problem+json body that names its status. */
export function expectRefusal(result: HttpResult, context: unknown): void {
  if (result.status < 400 || result.status >= 500 || result.headers['content-type'] !== 'application/problem+json') {
    throw new Error(`expected a 4xx problem+json, got ${result.status} ${result.headers['content-type']}: ${String(result.body)} for ${JSON.stringify(context)}`);
  }
  expect(JSON.parse(String(result.body))).toMatchObject({ status: result.status, type: expect.any(String), title: expect.any(String) });
}

export function expectNo5xx(result: HttpResult, context: unknown): void {
  if (result.status >= 500) throw new Error(`answered ${result.status}: ${String(result.body)} for ${JSON.stringify(context)}`);
  if (result.status >= 400) expectRefusal(result, context);
}

export const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', '\u0000', '\ud800', 'a'.repeat(5_000), '😀'.repeat(300), '%00', '../../etc/passwd', "' OR 1=1 --"));
export const anyJson = fc.oneof(fc.jsonValue(), fc.anything(), fc.constantFrom(null, [], {}, 0, -1, 1e308, '', true));

/** A JSON body that is not a valid instance of `schema` (valid ones are rare, and filtered out). */
export const invalidFor = (schema: { safeParse(value: unknown): { success: boolean } }) =>
  fc
    .oneof(
      anyJson,
      fc.record({ items: fc.array(fc.record({ productId: fc.oneof(fc.uuid(), anyText), quantity: fc.oneof(fc.integer(), fc.double(), anyText) }), { maxLength: 60 }) }, { requiredKeys: [] }),
      fc.record({ sku: anyText, name: anyText, description: anyText, category: anyText, price: fc.oneof(fc.integer(), fc.double()), currency: anyText, stock: fc.oneof(fc.integer(), fc.double()) }, { requiredKeys: [] }),
    )
    .filter((body) => !schema.safeParse(body).success);

export const rawBody = fc.oneof(
  invalidFor({ safeParse: () => ({ success: false }) }).map((body) => JSON.stringify(body) ?? 'undefined'),
  anyText,
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

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
export const badEvent = fc
  .tuple(attributes, extensions, anyJson)
  .map(([attrs, ext, data]) => ({ ...ext, ...attrs, data }))
  .filter((event) => {
    const type = (event as { type?: unknown }).type;
    return typeof type !== 'string' || !Object.hasOwn(eventTypes, type) || !eventTypes[type as EventTypeName].data.safeParse((event as { data: unknown }).data).success;
  });
