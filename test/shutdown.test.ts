import { once } from 'node:events';
import postgres from 'postgres';
import { Pool } from 'undici';
import { startFunction } from './servers';

interface Outcomes {
  /** Each answer's status, or the error of a request that got none (a refused connection excepted). */
  results: string[];
  /** How many answers said `Connection: close`, after which the pool connects again. */
  closes: number;
}

/**
 * One client of a keep-alive pool: requests back to back, going on across `Connection: close`, until
 * a connection is refused. A refusal sent nothing and a load balancer would retry it elsewhere; any
 * other error means a request was sent and lost.
 */
async function clientLoop(pool: Pool, path: string, outcomes: Outcomes): Promise<void> {
  for (;;) {
    try {
      const response = await pool.request({ method: 'GET', path });
      await response.body.dump();
      outcomes.results.push(String(response.statusCode));
      if (response.headers.connection === 'close') outcomes.closes++;
    } catch (error) {
      const code = (error as { code?: string }).code ?? String(error);
      if (code === 'ECONNREFUSED') return;
      outcomes.results.push(code);
    }
  }
}

describe('SIGTERM under load (node:http runtime)', () => {
  it('answers every request sent on a keep-alive pool of 16 until connections are refused, then exits 0', async () => {
    const sql = postgres(process.env.DATABASE_URL!, { max: 1 });
    const [product] = await sql<{ id: string }[]>`SELECT id FROM products LIMIT 1`;
    await sql.end();
    const server = await startFunction('node', 'products-get', { SHUTDOWN_GRACE_MS: '300', RATE_LIMIT_PUBLIC_RPS: '1000000' });
    const pool = new Pool(server.url, { connections: 16 });

    const outcomes: Outcomes = { results: [], closes: 0 };
    const loops = Array.from({ length: 16 }, () => clientLoop(pool, `/v1/products/${product!.id}`, outcomes));
    while (outcomes.results.length < 200) await new Promise((resolve) => setTimeout(resolve, 10));
    const exit = once(server.process, 'exit');
    server.process.kill('SIGTERM');
    await Promise.all(loops);
    const [code] = await exit;
    await pool.destroy();

    expect(outcomes.results.filter((outcome) => outcome !== '200')).toEqual([]);
    // Every client went on after a `Connection: close`, so it reconnected during the drain.
    expect(outcomes.closes).toBeGreaterThan(16);
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

  it('goes on draining when the signal comes again (the process group got it, and a parent forwards it)', async () => {
    const server = await startFunction('node', 'categories-list', { SHUTDOWN_GRACE_MS: '300', LOG_LEVEL: 'info' });
    const exit = once(server.process, 'exit');
    server.process.kill('SIGTERM');
    while (!server.output().includes('"draining"')) await new Promise((resolve) => setTimeout(resolve, 10));
    server.process.kill('SIGTERM');
    expect(await exit).toEqual([0, null]);
    expect(server.output()).toContain('"stopped"');
  });
});
