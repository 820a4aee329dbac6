import postgres from 'postgres';
import { type RunningServer, type Runtime, startFunction } from './servers';

/**
 * The HTTP contract, checked against the built bundles in both runtimes: `node index.js` (lean
 * node:http) and functions-framework's CLI with `--target`. Same requests, same answers.
 */
const runtimes: Runtime[] = ['node', 'functions-framework'];
const functionNames = ['products-get', 'products-list', 'categories-list', 'orders-get', 'outbox-relay'] as const;
const consumers = new Set<string>(['outbox-relay']);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const body = (response: Response): Promise<any> => response.json();

let productId: string;

beforeAll(async () => {
  const sql = postgres(process.env.DATABASE_URL!, { max: 1 });
  const [first] = await sql<{ id: string }[]>`SELECT id FROM products ORDER BY sku LIMIT 1`;
  productId = first!.id;
  await sql.end();
});

describe.each(runtimes)('%s runtime', (runtime) => {
  const servers = {} as Record<(typeof functionNames)[number], RunningServer>;

  beforeAll(async () => {
    await Promise.all(
      functionNames.map(async (name) => (servers[name] = await startFunction(runtime, name, {}, consumers.has(name) ? 'cloudevent' : 'http'))),
    );
  }, 30_000);

  afterAll(() => Promise.all(Object.values(servers).map((server) => server.stop())));

  const get = (name: (typeof functionNames)[number], path: string, headers: Record<string, string> = {}) =>
    fetch(`${servers[name].url}${path}`, { headers });

  it('answers a product with its ETag, and 304 when it is unchanged', async () => {
    const response = await get('products-get', `/v1/products/${productId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const product = await body(response);
    expect(product).toMatchObject({ id: productId, currency: 'EUR' });
    expect(Number.isInteger(product.price)).toBe(true);
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);

    const again = await get('products-get', `/v1/products/${productId}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('answers an unknown product with a 404 problem', async () => {
    const response = await get('products-get', '/v1/products/0190b5a0-0000-7000-8000-000000000000');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await body(response)).toMatchObject({ status: 404, title: 'Not found' });
  });

  it('names the malformed id in a 400 problem', async () => {
    const response = await get('products-get', '/v1/products/not-a-uuid');
    expect(response.status).toBe(400);
    expect((await body(response)).errors).toEqual([{ in: 'path', name: 'id', detail: 'must be a UUID' }]);
  });

  it('answers a method the route does not take with 405 and Allow', async () => {
    const response = await fetch(`${servers['products-get'].url}/v1/products/${productId}`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  it('pages the product list with a cursor', async () => {
    const first = await body(await get('products-list', '/v1/products?limit=5&sort=price'));
    expect(first.items).toHaveLength(5);
    const second = await body(await get('products-list', `/v1/products?limit=5&sort=price&cursor=${first.nextCursor}`));
    expect(second.items[0].price).toBeGreaterThanOrEqual(first.items[4].price);
    expect(second.items.map((item: { id: string }) => item.id)).not.toContain(first.items[4].id);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['sort=cheapest', 'sort'],
    ['minPrice=-5', 'minPrice'],
    ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
  ])('rejects %s with a 400 naming %s', async (query, field) => {
    const response = await get('products-list', `/v1/products?${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect((await body(response)).errors.map((error: { name: string }) => error.name)).toContain(field);
  });

  it('treats quotes, SQL and emoji in q as text', async () => {
    const q = encodeURIComponent(`"cast iron' OR 1=1; DROP TABLE products;-- 🍳`);
    const response = await get('products-list', `/v1/products?q=${q}`);
    expect(response.status).toBe(200);
    expect(Array.isArray((await body(response)).items)).toBe(true);
  });

  it('lists categories with their product counts', async () => {
    const response = await get('categories-list', '/v1/categories');
    expect(response.status).toBe(200);
    const { items } = await body(response);
    expect(items.length).toBeGreaterThanOrEqual(20);
    expect(items.reduce((sum: number, item: { productCount: number }) => sum + item.productCount, 0)).toBeGreaterThan(0);
  });

  it('asks for a token on a customer route', async () => {
    const response = await get('orders-get', '/v1/orders/0190b5a0-0000-7000-8000-000000000000');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="brisk"');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('delivers a binary-mode CloudEvent to a consumer and answers 204', async () => {
    const response = await fetch(servers['outbox-relay'].url, {
      method: 'POST',
      headers: { 'ce-specversion': '1.0', 'ce-id': 'tick-1', 'ce-type': 'dev.knative.sources.ping', 'ce-source': '/contract-test', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(204);
  });

  it('answers liveness and readiness', async () => {
    expect((await get('categories-list', '/healthz')).status).toBe(200);
    expect((await get('categories-list', '/readyz')).status).toBe(200);
  });
});
