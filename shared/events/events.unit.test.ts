import { closeBroker, fromAmqpMessage, publishConfirmed } from '.';

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
