import { CloudEvent, HTTP } from 'cloudevents';
import fc from 'fast-check';
import { closeBroker, fromAmqpMessage, publishConfirmed } from '.';
import { toAmqpMessage, toHttpDelivery } from './message';

/** What the event helpers decide before, or without, a broker. (Publishing to RabbitMQ: events.test.ts.) */
const productId = '0190b5a0-0000-7000-8000-000000000001';

afterAll(() => closeBroker());

it('publishConfirmed refuses data that does not match the event type’s schema, before it connects', async () => {
  await expect(publishConfirmed('brisk.catalog.stock.adjusted', { productId, delta: 0, reason: 'x' })).rejects.toThrow('must not be 0');
});

it('fromAmqpMessage reads a structured-mode message as RabbitmqSource does', () => {
  const event = { specversion: '1.0', id: 'e-1', type: 'brisk.catalog.stock.adjusted', source: '/warehouse', data: { productId, level: 1, reason: 'count' } };
  const decoded = fromAmqpMessage({ 'content-type': 'application/cloudevents+json' }, Buffer.from(JSON.stringify(event)));
  expect(decoded).toMatchObject({ id: 'e-1', source: '/warehouse', data: event.data });
});

describe('toHttpDelivery: a message as the dispatcher POSTs it', () => {
  const attributes = fc.record(
    {
      id: fc.uuid(),
      type: fc.constantFrom('brisk.orders.order.placed', 'brisk.catalog.stock.adjusted'),
      source: fc.constantFrom('/orders', '/warehouse'),
      subject: fc.string({ minLength: 1, maxLength: 20 }),
      traceparent: fc.constant('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'),
      data: fc.jsonValue().filter((value) => typeof value === 'object' && value !== null),
    },
    { requiredKeys: ['id', 'type', 'source', 'data'] },
  );

  it('is what the SDK makes of it, read as a CloudEvent and written in binary mode', () => {
    fc.assert(
      fc.property(attributes, (event) => {
        const { content, options } = toAmqpMessage(new CloudEvent(event as ConstructorParameters<typeof CloudEvent>[0]));
        const viaSdk = HTTP.binary(fromAmqpMessage(options.headers, content));
        const delivery = toHttpDelivery(options.headers, content);
        expect(delivery.headers).toEqual(viaSdk.headers);
        expect(JSON.parse(delivery.body.toString())).toEqual(JSON.parse(viaSdk.body as string));
      }),
    );
  });

  it('reads a structured-mode message into binary mode', () => {
    const event = { specversion: '1.0', id: 'e-2', type: 'brisk.catalog.stock.adjusted', source: '/warehouse', data: { productId, level: 1, reason: 'count' } };
    const delivery = toHttpDelivery({ 'content-type': 'application/cloudevents+json' }, Buffer.from(JSON.stringify(event)));
    expect(delivery.headers).toMatchObject({ 'ce-id': 'e-2', 'ce-source': '/warehouse', 'ce-type': 'brisk.catalog.stock.adjusted' });
    expect(JSON.parse(delivery.body as string)).toEqual(event.data);
  });

  it('refuses a message that is no CloudEvent', () => {
    expect(() => toHttpDelivery({ 'content-type': 'application/json' }, Buffer.from('{}'))).toThrow('no ce-specversion');
  });
});
