import * as z from 'zod';
import { bumpCatalogVersion, cacheKeys, catalogVersion, closeRedis, redis } from '../../shared/cache';
import { config, setConfig } from '../../shared/config';
import { arrayLiteral, closeDb, primary } from '../../shared/db';
import { category } from '../../shared/domain/catalog';
import { appClient } from '../../test/app-client';
import categoriesList from './function';

// This file's cache keys (and catalog version) get a prefix of their own under the run's, so its
// first request is answered from the database, not from a page another file cached.
setConfig({ REDIS_KEY_PREFIX: `${config().REDIS_KEY_PREFIX}categories-list-test:` });

const listSchema = z.strictObject({ items: z.array(category.strict()) });
const call = appClient(categoriesList);

async function freshList(): Promise<z.infer<typeof listSchema>> {
  await (await redis()).del(cacheKeys.categories(await catalogVersion()));
  const response = await call('GET', '/v1/categories');
  expect(response.status).toBe(200);
  return listSchema.parse(response.json());
}

afterAll(async () => {
  await closeDb();
  await closeRedis();
});

describe('GET /v1/categories', () => {
  it('answers at least 24 categories in the documented shape', async () => {
    const response = await call('GET', '/v1/categories');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, no-cache');
    const { items } = listSchema.parse(response.json());
    expect(items.length).toBeGreaterThanOrEqual(24);
    expect(new Set(items.map((item) => item.slug)).size).toBe(items.length);
  });

  it('lists every category of the database, sorted by name', async () => {
    const { items } = await freshList();
    const rows = await primary()<{ slug: string; name: string; description: string }[]>`
      SELECT slug, name, description FROM categories ORDER BY name`;
    expect(items.map(({ slug, name, description }) => ({ slug, name, description }))).toEqual(rows);
  });

  it('answers names in ascending order', async () => {
    const { items } = await freshList();
    const names = items.map((item) => item.name);
    const [row] = await primary()<{ sorted: boolean }[]>`
      SELECT bool_and(ok) AS sorted FROM (
        SELECT lag(name) OVER (ORDER BY ord) IS NULL OR name >= lag(name) OVER (ORDER BY ord) AS ok
        FROM unnest(${arrayLiteral(names)}::text[]) WITH ORDINALITY AS t(name, ord)) checks`;
    expect(row!.sorted).toBe(true);
  });

  it('gives each category the productCount SQL counts for it', async () => {
    const { items } = await freshList();
    const rows = await primary()<{ slug: string; count: number }[]>`
      SELECT c.slug, count(p.id)::int AS count FROM categories c LEFT JOIN products p ON p.category = c.slug GROUP BY c.slug`;
    const counts = Object.fromEntries(rows.map((row) => [row.slug, row.count]));
    expect(Object.fromEntries(items.map((item) => [item.slug, item.productCount]))).toEqual(counts);
    expect(items.reduce((sum, item) => sum + item.productCount, 0)).toBeGreaterThanOrEqual(600);
  });

  it('answers the cached list until the catalog version is bumped', async () => {
    const first = await freshList();
    const key = cacheKeys.categories(await catalogVersion());
    const client = await redis();
    expect(await client.exists(key)).toBe(1);

    // A list cached under the current version is served as it is, whatever the database says.
    const doctored = { items: first.items.map((item, index) => (index === 0 ? { ...item, productCount: item.productCount + 1000 } : item)) };
    await client.set(key, JSON.stringify(doctored), { expiration: { type: 'EX', value: 60 } });
    expect((await call('GET', '/v1/categories')).json()).toEqual(doctored);

    await bumpCatalogVersion();
    expect((await call('GET', '/v1/categories')).json()).toEqual(first);
    await client.del(key);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const { headers } = await call('GET', '/v1/categories');
    const response = await call('GET', '/v1/categories', { headers: { 'if-none-match': headers.etag! } });
    expect(response.status).toBe(304);
  });
});
