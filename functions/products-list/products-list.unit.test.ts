import { v7 } from 'uuid';
import { appClient } from '../../test/app-client';
import { encodeCursor } from './cursor';
import productsList from './function';
import { badFieldCheck } from './products-list.fixtures';

/** What products-list refuses before it runs a query. (A cursor taken from a real page: products-list.test.ts.) */
const call = appClient(productsList);

describe('bad input', () => {
  const expectBadField = badFieldCheck(call);

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['limit=5&limit=6', 'limit'],
    ['minPrice=-1', 'minPrice'],
    ['minPrice=abc', 'minPrice'],
    ['maxPrice=-1', 'maxPrice'],
    ['maxPrice=abc', 'maxPrice'],
    ['minPrice=500&maxPrice=100', 'maxPrice'],
    ['sort=cheapest', 'sort'],
    ['sort=', 'sort'],
    ['category=Not%20A%20Slug', 'category'],
    ['colour=red', 'colour'],
    ['q=ab%00cd', 'q'],
    ['q=%00', 'q'],
    ['q=', 'q'],
    ['q=a&q=b', 'q'],
  ])('rejects %s with a 400 naming %s', async (query, field) => {
    await expectBadField(query, field);
  });

  it.each([
    ['garbage', 'this-is-not-a-cursor'],
    ['valid base64 of JSON that is not a cursor', Buffer.from(JSON.stringify({ page: 2 })).toString('base64url')],
    ['valid base64 of a cursor with a bad id', Buffer.from(JSON.stringify({ s: 'newest', k: '2026-01-01T00:00:00.000Z', id: 'x' })).toString('base64url')],
    ['valid base64 of a newest cursor without a date', Buffer.from(JSON.stringify({ s: 'newest', k: 'soon', id: v7() })).toString('base64url')],
    ['valid base64 of text that is not JSON', Buffer.from('{not json').toString('base64url')],
    ['a cursor too long to be one', 'A'.repeat(601)],
  ])('rejects a cursor that is %s, naming cursor', async (_label, cursor) => {
    await expectBadField(`cursor=${encodeURIComponent(cursor)}`, 'cursor');
  });

  it('rejects a hand-made cursor for another sort, naming cursor', async () => {
    await expectBadField(`sort=newest&cursor=${encodeCursor({ sort: '-price', after: 100, id: v7() })}`, 'cursor');
  });

  it('names every bad field in one 400', async () => {
    const response = await call('GET', '/v1/products?limit=0&minPrice=x&sort=up&extra=1');
    expect(response.status).toBe(400);
    const names = (response.json().errors as { name: string }[]).map((error) => error.name).sort();
    expect(names).toEqual(['extra', 'limit', 'minPrice', 'sort']);
  });
});
