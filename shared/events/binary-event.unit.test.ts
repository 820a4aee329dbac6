import { type CloudEventV1, HTTP } from 'cloudevents';
import fc from 'fast-check';
import { binaryJsonEvent } from './binary-event';

type Outcome = { event: Record<string, unknown>; keys: string[] } | { threw: string };

/** What a parse gave: the event's own properties as it holds them (not toJSON's, which rewrites the time), in order; or the kind of error it threw. */
function outcomeOf(parse: () => CloudEventV1<unknown> | CloudEventV1<unknown>[] | undefined): Outcome {
  try {
    const event = parse();
    if (event === undefined || Array.isArray(event)) throw new Error('no single event');
    return { event: { ...event }, keys: Object.keys(event) };
  } catch (error) {
    return { threw: (error as Error).constructor.name };
  }
}

/** A time no header gave (or none Date.parse reads) is the parse's own now: equal only to the millisecond the two parses ran in. */
function withoutDefaultTime(outcome: Outcome, headers: Record<string, string>): Outcome {
  const given = headers['ce-time'];
  if ('threw' in outcome || (given && !Number.isNaN(Date.parse(given)))) return outcome;
  expect(outcome.event.time).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/));
  return { ...outcome, event: { ...outcome.event, time: 'now' } };
}

const attributeName = fc.oneof(
  fc.constantFrom(
    ...['id', 'type', 'source', 'specversion', 'subject', 'time', 'dataschema', 'data', 'data_base64', 'schemaurl', 'datacontenttype', 'datacontentencoding'],
    ...['traceparent', 'retryattempt', '__proto__', 'constructor', 'tostring'],
  ),
  fc.stringMatching(/^[a-z0-9]{1,8}$/),
);
const time = fc.oneof(
  fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom('2026-12-02T01:00:00Z', '2026-12-02T02:00:00.5+01:00', '2026-12-02T01:00:00.123456789Z', 'yesterday', ''),
);
const headerValue = fc.oneof(fc.string({ maxLength: 12 }), fc.uuid());
const body = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', '|', '"unterminated', '123', 'true', 'null'),
);
/** Mostly what producers here send, sometimes what the SDK must take instead. */
const contentType = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 8 },
  { arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/octet-stream'), weight: 1 },
);
const delivery = fc.record({
  headers: fc
    .record(
      {
        'ce-id': fc.uuid(),
        'ce-source': fc.constantFrom('/brisk/orders-create', '/warehouse'),
        'ce-type': fc.constantFrom('brisk.orders.order.placed', 'brisk.catalog.stock.adjusted'),
        'ce-specversion': fc.constantFrom('1.0', '0.3', ''),
        'ce-time': time,
        extensions: fc.dictionary(attributeName.map((name) => `ce-${name}`), headerValue, { maxKeys: 4 }),
        other: fc.dictionary(fc.constantFrom('host', 'connection', 'content-length', 'traceparent', 'datacontenttype'), headerValue, { maxKeys: 3 }),
      },
      { requiredKeys: ['ce-id', 'ce-source', 'ce-type', 'ce-specversion'] },
    )
    .chain((headers) => contentType.map((type) => ({ headers, type })))
    .map(({ headers: { extensions, other, ...attributes }, type }) => ({ 'content-type': type, ...other, ...attributes, ...extensions }) as Record<string, string>),
  body,
});

describe('binaryJsonEvent', () => {
  it('with the SDK for what it leaves, gives the event HTTP.toEvent gives for a binary-mode JSON delivery, or throws where it throws', () => {
    let taken = 0;
    const runs = 2_000;
    fc.assert(
      fc.property(delivery, ({ headers, body: text }) => {
        const fast = withoutDefaultTime(
          outcomeOf(() => {
            const event = binaryJsonEvent(headers, text);
            if (event) taken++;
            return event ?? HTTP.toEvent({ headers, body: text });
          }),
          headers,
        );
        const sdk = withoutDefaultTime(
          outcomeOf(() => HTTP.toEvent({ headers, body: text })),
          headers,
        );
        expect(fast).toStrictEqual(sdk);
      }),
      { numRuns: runs },
    );
    // Most deliveries generated are the common case, so the comparison is mostly of binaryJsonEvent's own events.
    expect(taken).toBeGreaterThan(runs / 2);
  });

  it.each<[string, Record<string, string | string[]>]>([
    ['structured mode', { 'content-type': 'application/cloudevents+json' }],
    ['another data type', { 'content-type': 'text/plain', 'ce-id': '1' }],
    ['JSON with a charset', { 'content-type': 'application/json; charset=utf-8', 'ce-id': '1' }],
    ['its data type in a ce- header', { 'content-type': 'application/json', 'ce-id': '1', 'ce-datacontenttype': 'text/plain' }],
    ['a data encoding', { 'content-type': 'application/json', 'ce-id': '1', 'ce-datacontentencoding': 'base64' }],
    ['an upper-case header name', { 'content-type': 'application/json', 'CE-ID': '1' }],
    ['no ce-id', { 'content-type': 'application/json', 'ce-type': 'x' }],
    ['a header given twice', { 'content-type': 'application/json', 'ce-id': '1', 'ce-subject': ['a', 'b'] }],
  ])('leaves %s to the SDK', (_label, headers) => {
    expect(binaryJsonEvent(headers, '{}')).toBeUndefined();
  });
});
