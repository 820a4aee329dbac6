import { v7 } from 'uuid';
import { type Cursor, decodeCursor, encodeCursor, sorts } from './cursor';
import { listQuery } from './query';

const id = '0190b5a0-1234-7000-8000-00000000abcd';
const base64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

describe('encodeCursor / decodeCursor', () => {
  it.each<Cursor>([
    { sort: 'newest', after: '2026-03-04T05:06:07.089Z', id },
    { sort: 'price', after: 0, id },
    { sort: 'price', after: 2_147_483_647, id },
    { sort: '-price', after: 1999, id },
    { sort: 'name', after: 'Cast Iron Skillet "Pro" 28 cm – ☕', id },
    { sort: 'name', after: '', id },
  ])('returns the same cursor after a round trip: %j', (cursor) => {
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('encodes to URL-safe base64 without padding', () => {
    for (let i = 0; i < 20; i += 1) {
      const text = encodeCursor({ sort: 'name', after: `name ??>>${'~'.repeat(i)}`, id: v7() });
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    }
  });

  it('covers every sort', () => {
    expect([...sorts].sort()).toEqual(['-price', 'name', 'newest', 'price']);
  });

  it.each([
    ['an empty string', ''],
    ['garbage', 'not a cursor!!!'],
    ['base64 of text that is not JSON', base64url('hello world')],
    ['base64 of JSON null', base64url('null')],
    ['base64 of a JSON array', base64url([1, 2, 3])],
    ['base64 of a JSON number', base64url('42')],
    ['base64 of an unrelated object', base64url({ page: 2 })],
    ['a cursor without id', base64url({ s: 'price', k: 10 })],
    ['a cursor without key', base64url({ s: 'price', id })],
    ['a cursor without sort', base64url({ k: 10, id })],
    ['a cursor with an unknown sort', base64url({ s: 'cheapest', k: 10, id })],
    ['a cursor whose id is not a UUID', base64url({ s: 'price', k: 10, id: "1' OR '1'='1" })],
    ['a price cursor with a string key', base64url({ s: 'price', k: '10', id })],
    ['a -price cursor with a string key', base64url({ s: '-price', k: 'ten', id })],
    ['a price cursor with a fractional key', base64url({ s: 'price', k: 10.5, id })],
    ['a name cursor with a number key', base64url({ s: 'name', k: 10, id })],
    ['a newest cursor with a number key', base64url({ s: 'newest', k: 1_700_000_000_000, id })],
    ['a newest cursor whose key is not a date', base64url({ s: 'newest', k: 'yesterday-ish', id })],
    ['a cursor with an object key', base64url({ s: 'name', k: { $gt: '' }, id })],
    ['a name cursor with a key over 300 characters', base64url({ s: 'name', k: 'x'.repeat(301), id })],
    ['a name cursor with a key longer than any name (200)', base64url({ s: 'name', k: 'x'.repeat(201), id })],
    ['a name cursor with a NUL in its key', base64url({ s: 'name', k: 'a\u0000b', id })],
    ['a name cursor with an unpaired surrogate in its key', base64url({ s: 'name', k: 'a\ud800', id })],
    ['a price cursor beyond the price column (int4)', base64url({ s: 'price', k: 3_000_000_000, id })],
    ['a -price cursor below zero', base64url({ s: '-price', k: -1, id })],
    ['a newest cursor in a year JavaScript has and PostgreSQL does not', base64url({ s: 'newest', k: '+275760-09-13T00:00:00.000Z', id })],
    ['a newest cursor in year 0000', base64url({ s: 'newest', k: '0000-01-01T00:00:00.000Z', id })],
    ['a newest cursor that is a date without a time', base64url({ s: 'newest', k: '2026-01-01', id })],
  ])('returns undefined for %s', (_label, text) => {
    expect(decodeCursor(text)).toBeUndefined();
  });

  it('never throws, whatever it is given', () => {
    const samples = ['%%%', '====', '\u0000', 'eyJ', '{"s":"price"}', '🍳'.repeat(50), 'A'.repeat(1000)];
    for (const sample of samples) expect(() => decodeCursor(sample)).not.toThrow();
  });
});

describe('listQuery', () => {
  const parse = (query: Record<string, string | string[]>) => listQuery.safeParse(query);
  /** The names of the fields a bad query is rejected for. */
  const badFields = (query: Record<string, string | string[]>): string[] => {
    const result = parse(query);
    if (result.success) return [];
    return result.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys' ? issue.keys : [issue.path.map(String).join('.')],
    );
  };

  it('defaults to sort=newest and limit=20 with no filter', () => {
    expect(listQuery.parse({})).toEqual({ sort: 'newest', limit: 20 });
  });

  it('turns numeric strings into numbers and decodes the cursor', () => {
    const cursor: Cursor = { sort: 'price', after: 500, id };
    expect(
      listQuery.parse({ category: 'kitchen', q: '  cast iron  ', minPrice: '100', maxPrice: '5000', sort: 'price', limit: '50', cursor: encodeCursor(cursor) }),
    ).toEqual({ category: 'kitchen', q: 'cast iron', minPrice: 100, maxPrice: 5000, sort: 'price', limit: 50, cursor });
  });

  it.each([['1'], ['100'], ['007']])('accepts limit=%s', (limit) => {
    expect(parse({ limit }).success).toBe(true);
  });

  it('accepts equal minPrice and maxPrice, and prices of 0 and 2147483647', () => {
    expect(parse({ minPrice: '700', maxPrice: '700' }).success).toBe(true);
    expect(parse({ minPrice: '0', maxPrice: '2147483647' }).success).toBe(true);
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: 'abc' }, 'limit'],
    [{ limit: '1.5' }, 'limit'],
    [{ limit: '-1' }, 'limit'],
    [{ limit: '' }, 'limit'],
    [{ minPrice: '-1' }, 'minPrice'],
    [{ minPrice: 'abc' }, 'minPrice'],
    [{ minPrice: '1e3' }, 'minPrice'],
    [{ maxPrice: '2147483648' }, 'maxPrice'],
    [{ minPrice: '500', maxPrice: '100' }, 'maxPrice'],
    [{ sort: 'cheapest' }, 'sort'],
    [{ sort: 'PRICE' }, 'sort'],
    [{ category: 'Kitchen' }, 'category'],
    [{ category: 'kitchen;drop' }, 'category'],
    [{ q: '   ' }, 'q'],
    [{ q: 'a\u0000b' }, 'q'],
    [{ q: 'x'.repeat(501) }, 'q'],
    [{ q: ['one', 'two'] }, 'q'],
    [{ limit: ['5', '6'] }, 'limit'],
    [{ cursor: 'garbage' }, 'cursor'],
    [{ cursor: 'x'.repeat(601) }, 'cursor'],
    [{ colour: 'red' }, 'colour'],
  ])('rejects %j naming %s', (query, field) => {
    expect(badFields(query)).toContain(field);
  });

  it('rejects a cursor made for another sort, naming cursor', () => {
    const cursor = encodeCursor({ sort: 'price', after: 100, id });
    expect(badFields({ sort: 'name', cursor })).toEqual(['cursor']);
    expect(badFields({ cursor })).toEqual(['cursor']);
    expect(parse({ sort: 'price', cursor }).success).toBe(true);
  });

  it('names every bad field at once', () => {
    expect(badFields({ limit: '0', minPrice: 'x', sort: 'up', extra: '1' }).sort()).toEqual(['extra', 'limit', 'minPrice', 'sort']);
  });

  it('accepts q of 500 characters with quotes, SQL and emoji as text', () => {
    const q = `"cast iron' OR 1=1; DROP TABLE products;-- 🍳`.padEnd(500, 'x');
    expect(listQuery.parse({ q }).q).toBe(q);
  });
});
