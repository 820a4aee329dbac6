import { randomInt } from 'node:crypto';
import { v7 } from 'uuid';
import * as z from 'zod';
import { bumpCatalogVersion, closeRedis } from '../../shared/cache';
import { config, setConfig } from '../../shared/config';
import { arrayLiteral, closeDb, primary } from '../../shared/db';
import { product } from '../../shared/domain/catalog';
import { appClient } from '../../test/app-client';
import { type Sort, sorts } from './cursor';
import productsList from './function';
import { badFieldCheck } from './products-list.fixtures';
import { insertProduct as insertTestProduct } from '../../test/products';

// This file's cache keys (and catalog version) get a prefix of their own under the run's, so its
// bumps and cached pages never meet another file's.
setConfig({ REDIS_KEY_PREFIX: `${config().REDIS_KEY_PREFIX}products-list-test:` });

type Product = z.infer<typeof product>;
interface Page {
  items: Product[];
  nextCursor: string | null;
}

const pageSchema = z.strictObject({ items: z.array(product), nextCursor: z.string().nullable() });
const call = appClient(productsList);

/** Products this file inserts go to this category; no other test file inserts here or counts it. */
const insertCategory = 'watches-jewelry';
/** Categories other test files insert into; walks and counts here use a category none of them touches. */
const categoriesOthersInsertInto = ['yoga', insertCategory];
let walkCategory: string;
const insertedIds: string[] = [];

const orderBy: Record<Sort, string> = {
  newest: 'created_at DESC, id DESC',
  price: 'price, id',
  '-price': 'price DESC, id DESC',
  name: 'name, id',
};

async function getPage(url: string): Promise<Page> {
  const response = await call('GET', url);
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${response.text}`);
  return pageSchema.parse(response.json());
}

/** Follows nextCursor from the first page to the last; returns every item in the order served. */
async function walk(query: string): Promise<{ items: Product[]; pages: number }> {
  const items: Product[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await getPage(`/v1/products?${query}${cursor === null ? '' : `&cursor=${cursor}`}`);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
    if (pages > 500) throw new Error('the cursor chain does not end');
  } while (cursor !== null);
  return { items, pages };
}

async function idsInSql(where: string, parameters: (string | number)[], sort: Sort): Promise<string[]> {
  const rows = await primary().unsafe<{ id: string }[]>(`SELECT id FROM products WHERE ${where} ORDER BY ${orderBy[sort]}`, parameters);
  return rows.map((row) => row.id);
}

function expectSorted(items: Product[], sort: Sort): void {
  for (let i = 1; i < items.length; i += 1) {
    const [a, b] = [items[i - 1]!, items[i]!];
    const inOrder = {
      newest: a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id),
      price: a.price < b.price || (a.price === b.price && a.id < b.id),
      '-price': a.price > b.price || (a.price === b.price && a.id > b.id),
      name: true, // the database collation decides; compared with SQL's order instead
    }[sort];
    if (!inOrder) throw new Error(`items ${i - 1} and ${i} are out of ${sort} order: ${JSON.stringify([a, b])}`);
  }
}

const lettersOnly = (length: number) => Array.from({ length }, () => String.fromCharCode(97 + randomInt(26))).join('');

async function insertProduct(name: string, price = 4200): Promise<string> {
  const id = v7();
  await insertTestProduct(primary(), { id, sku: `TEST-LIST-${id}`, name, description: 'Inserted by products-list.test.ts', category: insertCategory, price, stock: 3 });
  insertedIds.push(id);
  return id;
}

beforeAll(async () => {
  const [row] = await primary()<{ category: string }[]>`
    SELECT category FROM products WHERE category <> ALL(${arrayLiteral(categoriesOthersInsertInto)}::text[])
    GROUP BY category ORDER BY count(*) DESC, category LIMIT 1`;
  walkCategory = row!.category;
});

afterAll(async () => {
  if (insertedIds.length > 0) await primary()`DELETE FROM products WHERE id = ANY(${arrayLiteral(insertedIds)}::uuid[])`;
  await closeDb();
  await closeRedis();
});

describe('GET /v1/products defaults', () => {
  it('answers 20 products, newest first, with a next cursor when no query is given', async () => {
    const response = await call('GET', '/v1/products');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const page = pageSchema.parse(response.json());
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).toEqual(expect.any(String));
    expectSorted(page.items, 'newest');
  });

  it('answers the same page for no query as for sort=newest&limit=20', async () => {
    const [implicit, explicit] = await Promise.all([getPage('/v1/products'), getPage('/v1/products?sort=newest&limit=20')]);
    expect(implicit).toEqual(explicit);
  });

  it('answers the newest products of a category in the order of created_at descending, as SQL has them', async () => {
    const page = await getPage(`/v1/products?category=${walkCategory}`);
    expect(page.items.map((item) => item.id)).toEqual((await idsInSql('category = $1', [walkCategory], 'newest')).slice(0, 20));
  });
});

describe('sorting', () => {
  it.each(sorts.map((sort) => [sort]))('orders a page by sort=%s as SQL does', async (sort) => {
    const page = await getPage(`/v1/products?category=${walkCategory}&sort=${encodeURIComponent(sort)}&limit=100`);
    expect(page.items.length).toBeGreaterThan(10);
    expectSorted(page.items, sort);
    expect(page.items.map((item) => item.id)).toEqual((await idsInSql('category = $1', [walkCategory], sort)).slice(0, 100));
  });

  it.each<Sort>(['newest', 'price', '-price'])('orders the first 100 of the whole catalog by sort=%s', async (sort) => {
    const page = await getPage(`/v1/products?sort=${encodeURIComponent(sort)}&limit=100`);
    expect(page.items).toHaveLength(100);
    expectSorted(page.items, sort);
  });

  it('orders the first 100 of the whole catalog by name, ascending in the database collation', async () => {
    const page = await getPage('/v1/products?sort=name&limit=100');
    expect(page.items).toHaveLength(100);
    const names = page.items.map((item) => item.name);
    const [row] = await primary()<{ sorted: boolean }[]>`
      SELECT bool_and(ok) AS sorted FROM (
        SELECT name >= lag(name) OVER (ORDER BY ord) OR lag(name) OVER (ORDER BY ord) IS NULL AS ok
        FROM unnest(${arrayLiteral(names)}::text[]) WITH ORDINALITY AS t(name, ord)) checks`;
    expect(row!.sorted).toBe(true);
  });
});

describe('cursor pagination', () => {
  it.each(sorts.map((sort) => [sort]))(
    'visits every product of a category exactly once, in SQL order, walking sort=%s pages',
    async (sort) => {
      const expected = await idsInSql('category = $1', [walkCategory], sort);
      const { items, pages } = await walk(`category=${walkCategory}&sort=${encodeURIComponent(sort)}&limit=7`);
      const ids = items.map((item) => item.id);
      expect(pages).toBe(Math.ceil(expected.length / 7));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expected);
    },
  );

  it('answers the last page with nextCursor null', async () => {
    const [row] = await primary()<{ count: number }[]>`SELECT count(*)::int AS count FROM products WHERE category = ${walkCategory}`;
    const page = await getPage(`/v1/products?category=${walkCategory}&limit=100`);
    expect(row!.count).toBeLessThanOrEqual(100);
    expect(page.items).toHaveLength(row!.count);
    expect(page.nextCursor).toBeNull();
  });

  it('continues after the cursor with no overlap and no gap', async () => {
    const both = await getPage(`/v1/products?category=${walkCategory}&sort=price&limit=10`);
    const first = await getPage(`/v1/products?category=${walkCategory}&sort=price&limit=5`);
    const second = await getPage(`/v1/products?category=${walkCategory}&sort=price&limit=5&cursor=${first.nextCursor}`);
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(both.items.map((item) => item.id));
  });
});

describe('filters', () => {
  it('answers only products of the category, all of them, with category=', async () => {
    const { items } = await walk(`category=${walkCategory}&limit=100`);
    expect(items.every((item) => item.category === walkCategory)).toBe(true);
    const [row] = await primary()<{ count: number }[]>`SELECT count(*)::int AS count FROM products WHERE category = ${walkCategory}`;
    expect(items).toHaveLength(row!.count);
  });

  it('answers an empty page for a category that does not exist', async () => {
    expect(await getPage('/v1/products?category=no-such-category')).toEqual({ items: [], nextCursor: null });
  });

  it('answers exactly the products priced within minPrice and maxPrice, bounds included', async () => {
    const [bounds] = await primary()<{ low: number; high: number }[]>`
      SELECT percentile_disc(0.25) WITHIN GROUP (ORDER BY price) AS low,
             percentile_disc(0.75) WITHIN GROUP (ORDER BY price) AS high
      FROM products WHERE category = ${walkCategory}`;
    const { low, high } = bounds!;
    const { items } = await walk(`category=${walkCategory}&minPrice=${low}&maxPrice=${high}&sort=price&limit=20`);
    expect(items.every((item) => item.price >= low && item.price <= high)).toBe(true);
    expect(items.some((item) => item.price === low)).toBe(true);
    expect(items.some((item) => item.price === high)).toBe(true);
    expect(items.map((item) => item.id)).toEqual(
      await idsInSql('category = $1 AND price BETWEEN $2 AND $3', [walkCategory, low, high], 'price'),
    );
  });

  it('honours minPrice alone and maxPrice alone', async () => {
    const [row] = await primary()<{ median: number }[]>`
      SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY price) AS median FROM products WHERE category = ${walkCategory}`;
    const median = row!.median;
    const above = await walk(`category=${walkCategory}&minPrice=${median}&limit=50`);
    const below = await walk(`category=${walkCategory}&maxPrice=${median}&limit=50`);
    expect(above.items.every((item) => item.price >= median)).toBe(true);
    expect(below.items.every((item) => item.price <= median)).toBe(true);
    expect(above.items.length).toBe((await idsInSql('category = $1 AND price >= $2', [walkCategory, median], 'newest')).length);
    expect(below.items.length).toBe((await idsInSql('category = $1 AND price <= $2', [walkCategory, median], 'newest')).length);
  });

  it('answers an empty page when no product is that expensive', async () => {
    expect((await getPage('/v1/products?minPrice=2147483647')).items).toEqual([]);
  });
});

describe('full-text search (q)', () => {
  it('finds a product by a word of its name, with exactly the matches SQL finds', async () => {
    const [target] = await primary()<{ id: string; name: string }[]>`
      SELECT id, name FROM products WHERE category = ${walkCategory} ORDER BY sku LIMIT 1`;
    const word = target!.name
      .split(/[^A-Za-z]+/)
      .filter((part) => part.length >= 4)
      .sort((a, b) => b.length - a.length)[0]!;
    const { items } = await walk(`category=${walkCategory}&q=${encodeURIComponent(word)}&limit=50`);
    expect(items.map((item) => item.id)).toContain(target!.id);
    const expected = await idsInSql(
      "category = $1 AND search @@ websearch_to_tsquery('english', $2)",
      [walkCategory, word],
      'newest',
    );
    expect(items.map((item) => item.id)).toEqual(expected);
  });

  it('finds a product by a word of its name in the whole catalog', async () => {
    const id = await insertProduct(`Test ${lettersOnly(12)} Wristwatch`);
    const [row] = await primary()<{ name: string }[]>`SELECT name FROM products WHERE id = ${id}`;
    const word = row!.name.split(' ')[1]!;
    const page = await getPage(`/v1/products?q=${word}`);
    expect(page.items.map((item) => item.id)).toEqual([id]);
  });

  it.each([
    ['quotes', `"cast iron' skillet"`],
    ['SQL', `' OR 1=1; DROP TABLE products;--`],
    ['emoji', '🍳 ☕ 🚲'],
    ['300 characters', 'lamp '.repeat(60)],
    ['only punctuation', `!?.,;:()[]{}<>&|'"-`],
    ['tsquery operators', '!( & | <-> :*'],
    ['a backslash', 'C:\\path\\to'],
    ['percent and underscore', '100%_off'],
  ])('answers 200 with a list for q with %s', async (_label, q) => {
    const response = await call('GET', `/v1/products?q=${encodeURIComponent(q)}`);
    expect(response.status).toBe(200);
    expect(pageSchema.safeParse(response.json()).success).toBe(true);
  });

  it('leaves the products table intact after hostile q values', async () => {
    const [row] = await primary()<{ count: number }[]>`SELECT count(*)::int AS count FROM products`;
    expect(row!.count).toBeGreaterThanOrEqual(600);
  });
});

describe('bad input', () => {
  // The rest of what products-list refuses: products-list.unit.test.ts.
  const expectBadField = badFieldCheck(call);

  it('rejects a cursor made for another sort, naming cursor', async () => {
    const { nextCursor } = await getPage('/v1/products?sort=price&limit=3');
    expect(nextCursor).not.toBeNull();
    const response = await expectBadField(`sort=name&cursor=${nextCursor}`, 'cursor');
    expect(response.json().errors[0].detail).toContain('price');
    await expectBadField(`cursor=${nextCursor}`, 'cursor');
  });
});

describe('list caching', () => {
  it('keeps serving a cached page after a direct insert, until bumpCatalogVersion', async () => {
    const word = `zq${lettersOnly(14)}`;
    const url = `/v1/products?q=${word}`;
    const before = await call('GET', url);
    expect(before.json()).toEqual({ items: [], nextCursor: null });

    const id = await insertProduct(`Test ${word} Chronograph`);
    const cached = await call('GET', url);
    expect(cached.text).toBe(before.text);
    expect(cached.headers.etag).toBe(before.headers.etag);

    await bumpCatalogVersion();
    const fresh = await call('GET', url);
    expect(fresh.status).toBe(200);
    expect(fresh.json().items.map((item: Product) => item.id)).toEqual([id]);
    expect(fresh.headers.etag).not.toBe(before.headers.etag);
  });

  it('keeps a cached category page unchanged after a direct insert, and shows the product after a bump', async () => {
    const url = `/v1/products?category=${insertCategory}&sort=-price&limit=5`;
    const before = await getPage(url);
    const [row] = await primary()<{ top: number }[]>`SELECT max(price)::int AS top FROM products WHERE category = ${insertCategory}`;
    const id = await insertProduct(`Test Most Expensive ${lettersOnly(6)}`, row!.top + 1);
    expect(await getPage(url)).toEqual(before);
    await bumpCatalogVersion();
    expect((await getPage(url)).items[0]!.id).toBe(id);
  });
});
