import { once } from 'node:events';
import postgres from 'postgres';
import { startFunction } from './servers';

/**
 * One client: requests back to back, recording each outcome, until the server answers with
 * `Connection: close` — its signal, with readiness failing, that a client (or a load balancer) should
 * go elsewhere.
 */
async function clientLoop(url: string, outcomes: string[]): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      outcomes.push(String(response.status));
      if (response.headers.get('connection') === 'close') return;
    } catch (error) {
      outcomes.push((error as { cause?: { code?: string } }).cause?.code ?? String(error));
      return;
    }
  }
}

describe('SIGTERM under load (node:http runtime)', () => {
  it('answers every request in flight or arriving during the grace period, then exits 0', async () => {
    const sql = postgres(process.env.DATABASE_URL!, { max: 1 });
    const [product] = await sql<{ id: string }[]>`SELECT id FROM products LIMIT 1`;
    await sql.end();
    const server = await startFunction('node', 'products-get', { SHUTDOWN_GRACE_MS: '300', RATE_LIMIT_PUBLIC_RPS: '1000000' });
    const url = `${server.url}/v1/products/${product!.id}`;

    const outcomes: string[] = [];
    const loops = Array.from({ length: 16 }, () => clientLoop(url, outcomes));
    while (outcomes.length < 200) await new Promise((resolve) => setTimeout(resolve, 10));
    const exit = once(server.process, 'exit');
    server.process.kill('SIGTERM');
    await Promise.all(loops);
    const [code] = await exit;

    expect(outcomes.filter((outcome) => outcome !== '200')).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(200);
    expect(code).toBe(0);
  });

  it('fails readiness at once while it drains', async () => {
    const server = await startFunction('node', 'categories-list', { SHUTDOWN_GRACE_MS: '2000' });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const exit = once(server.process, 'exit');
    server.process.kill('SIGTERM');
    let status = 200;
    for (let attempt = 0; attempt < 100 && status === 200; attempt++) {
      status = (await fetch(`${server.url}/readyz`)).status;
    }
    expect(status).toBe(503);
    expect((await fetch(`${server.url}/healthz`)).headers.get('connection')).toBe('close');
    const [code] = await exit;
    expect(code).toBe(0);
  });
});
