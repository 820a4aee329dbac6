import { v7 } from 'uuid';
import { appClient } from '../../test/app-client';
import { defineEventFunction } from './define';

/**
 * A consumer's HTTP route, as RabbitmqSource or the dispatcher POSTs to it: what a retry can never fix
 * is answered 400 (dead-lettered at once) with problem+json naming the attribute or field, never 503;
 * the broker's own headers that RabbitmqSource hands on are not taken for the event's.
 */
const taken: string[] = [];
const consumer = defineEventFunction({
  name: 'delivery-test',
  on: {
    'brisk.catalog.product.delete_requested': async (data) => void taken.push(data.productId),
  },
});
const call = appClient(consumer.http());

const valid = () => ({
  'content-type': 'application/json',
  'ce-specversion': '1.0',
  'ce-id': v7(),
  'ce-type': 'brisk.catalog.product.delete_requested',
  'ce-source': '/brisk/products-write',
});
const data = () => ({ operationId: v7(), productId: v7(), requestedBy: 'admin-1' });

const deliver = (headers: Record<string, string>, body: unknown = data()) => call('POST', '/', { headers, body: JSON.stringify(body) });

describe('a consumer’s delivery route', () => {
  it('takes a valid event, with a retry count and the broker’s x-death headers that RabbitmqSource hands on', async () => {
    const event = data();
    const response = await deliver({ ...valid(), 'ce-retryattempt': '3', 'ce-x-death': '[map[count:1 reason:expired]]', 'ce-x-first-death-reason': 'expired' }, event);
    expect(response.status).toBe(204);
    expect(taken).toContain(event.productId);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('answers an event type named like a prototype member (%s) with 400, not a failure to retry', async (type) => {
    const response = await deliver({ ...valid(), 'ce-type': type });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
  });

  it.each<[string, Record<string, string>, string]>([
    ['an id of 8,000 characters (over what the inbox key takes)', { 'ce-id': 'x'.repeat(8_000) }, 'ce-id'],
    ['specversion 2.0', { 'ce-specversion': '2.0' }, 'ce-specversion'],
    ['an empty source', { 'ce-source': '' }, 'ce-source'],
    ['a time that is no timestamp', { 'ce-time': 'yesterday-ish' }, 'ce-time'],
    ['an invalid extension name', { 'ce-Bad_Name': 'x' }, 'ce-bad_name'],
  ])('answers %s with 400 naming the attribute', async (_label, changes, name) => {
    const response = await deliver({ ...valid(), ...changes });
    expect(response.status).toBe(400);
    expect(response.json().errors).toContainEqual(expect.objectContaining({ in: 'header', name }));
  });

  it('answers data its schema refuses (a NUL in a name) with 400 naming the field', async () => {
    const response = await deliver({ ...valid() }, { ...data(), requestedBy: 'a\u0000b' });
    expect(response.status).toBe(400);
    expect(response.json().errors).toEqual([{ in: 'body', name: 'requestedBy', detail: 'must not contain NUL characters or unpaired surrogates' }]);
  });

  it('answers a structured event without an id with 400 naming id, instead of making one up', async () => {
    const { 'ce-id': _id, 'content-type': _type, ...rest } = valid();
    const event = { ...Object.fromEntries(Object.entries(rest).map(([name, value]) => [name.slice(3), value])), data: data() };
    const response = await call('POST', '/', { headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify(event) });
    expect(response.status).toBe(400);
    expect(response.json().errors).toContainEqual({ in: 'body', name: 'id', detail: 'is required' });
  });
});
