import { primary } from '../shared/db';
import { parseExposition, sampleValue, scrape } from '../scripts/lib/exposition';
import { type RunningServer, type Runtime, startFunction } from './servers';

/**
 * /metrics of a built function bundle in both runtimes: the requests it answered, per route and
 * status, and its breakers, as Prometheus scrapes them from the function's own port.
 */
const runtimes: Runtime[] = ['node', 'functions-framework'];
const duration = 'brisk_http_request_duration_seconds';
const unknownProduct = '0190b5a0-0000-7000-8000-000000000000';

let productId: string;
/** Read only by the cache test, so this process has not kept it yet when that test starts. */
let unreadProductId: string;

beforeAll(async () => {
  const [any, another] = await primary()<{ id: string }[]>`SELECT id FROM products ORDER BY id LIMIT 2`;
  productId = any!.id;
  unreadProductId = another!.id;
});

describe.each(runtimes)('/metrics of products-get (%s runtime)', (runtime) => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startFunction(runtime, 'products-get');
  }, 20_000);

  afterAll(() => server.stop());

  it('counts each request under the function, its OpenAPI route, method and status', async () => {
    const statuses = [];
    for (const path of [`/v1/products/${productId}`, `/v1/products/${productId}`, `/v1/products/${unknownProduct}`, '/v1/nothing-here']) {
      statuses.push((await fetch(`${server.url}${path}`)).status);
    }
    expect(statuses).toEqual([200, 200, 404, 404]);

    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const samples = parseExposition(await response.text());

    const series = (route: string, status: string) => ({ function: 'products-get', route, method: 'GET', status });
    expect(sampleValue(samples, `${duration}_count`, series('/v1/products/{id}', '200'))).toBe(2);
    expect(sampleValue(samples, `${duration}_count`, series('/v1/products/{id}', '404'))).toBe(1);
    expect(sampleValue(samples, `${duration}_count`, series('unmatched', '404'))).toBe(1);
    expect(sampleValue(samples, `${duration}_bucket`, { ...series('/v1/products/{id}', '200'), le: '+Inf' })).toBe(2);
    expect(sampleValue(samples, `${duration}_sum`, series('/v1/products/{id}', '200'))).toBeGreaterThan(0);
    // Every series of the process names it, whatever the route.
    expect(new Set(samples.filter((sample) => sample.name.startsWith(duration)).map((sample) => sample.labels.function))).toEqual(new Set(['products-get']));
  });

  it('counts cache lookups per tier: a product read three times ends in the process’s own tier', async () => {
    const lookups = (samples: Awaited<ReturnType<typeof scrape>>, tier: string, result: string) =>
      sampleValue(samples, 'brisk_cache_lookups_total', { tier, result }) ?? 0;
    const before = await scrape(server.url);
    for (let read = 0; read < 3; read++) expect((await fetch(`${server.url}/v1/products/${unreadProductId}`)).status).toBe(200);
    const after = await scrape(server.url);
    const delta = (tier: string, result: string) => lookups(after, tier, result) - lookups(before, tier, result);
    expect(delta('l1', 'hit') + delta('l1', 'miss')).toBe(3);
    expect(delta('l1', 'hit')).toBeGreaterThanOrEqual(1);
    expect(delta('redis', 'hit')).toBeGreaterThanOrEqual(1);
  });

  it('shows each breaker’s state (0 closed) and counts its own scrapes', async () => {
    const before = await scrape(server.url);
    expect(sampleValue(before, 'brisk_circuit_breaker_state', { breaker: 'redis' })).toBe(0);
    const after = await scrape(server.url);
    const scrapes = { function: 'products-get', route: '/metrics', method: 'GET', status: '200' };
    expect(sampleValue(after, `${duration}_count`, scrapes)).toBe((sampleValue(before, `${duration}_count`, scrapes) ?? 0) + 1);
  });
});

describe('a bundle run with METRICS_ENABLED=false', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startFunction('node', 'products-get', { METRICS_ENABLED: 'false' });
  }, 20_000);

  afterAll(() => server.stop());

  it('answers /metrics with a 404 problem and still serves its routes', async () => {
    expect((await fetch(`${server.url}/v1/products/${productId}`)).status).toBe(200);
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});
