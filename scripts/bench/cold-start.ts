// Cold start per function: `node dist/functions/<name>/index.js` spawned (pinned to core 0) with a free
// PORT and the bench environment, timed from spawn to the first 200 from GET /readyz, polled every 2 ms;
// for products-get also to the first 200 of a real GET /v1/products/{id} with its cache entry deleted.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { cacheKeys } from '../../shared/cache/keys';
import { withOwnRedis } from '../lib/redis-keys';
import { bundle, freePort, sleep, spawnServer, stopServer } from './setup';

export const coldStartRuns = 5;
const pollMs = 2;

export interface ColdStart {
  function: string;
  /** What answered the first 200. */
  path: string;
  medianMs: number;
  maxMs: number;
  runsMs: number[];
}

/** The status of one request (0 when the connection fails), on a connection of its own. */
function status(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (response) => {
        response.resume().once('end', () => resolve(response.statusCode ?? 0));
      })
      .once('error', () => resolve(0));
  });
}

/** ms from spawning `name`'s bundle to its first 200 on `path`. */
async function firstOk(name: string, path: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnServer([process.execPath, bundle(name)], { PORT: String(port) });
  try {
    while (performance.now() - started < 10_000) {
      if (child.exitCode !== null) throw new Error(`${name} exited ${child.exitCode} before answering`);
      if ((await status(port, path)) === 200) return performance.now() - started;
      await sleep(pollMs);
    }
    throw new Error(`${name}: no 200 from ${path} within 10 s`);
  } finally {
    await stopServer(child);
  }
}

async function timed(name: string, paths: string[], before: (path: string) => Promise<unknown> = async () => {}): Promise<ColdStart> {
  const runsMs: number[] = [];
  for (const path of paths) {
    await before(path);
    runsMs.push(Math.round((await firstOk(name, path)) * 10) / 10);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { function: name, path: paths[0]!.replace(/[0-9a-f-]{36}$/, '{id}'), medianMs: sorted[Math.floor(sorted.length / 2)]!, maxMs: sorted.at(-1)!, runsMs };
}

/** `coldStartRuns` cold starts of every function (to /readyz), then of products-get to a real GET of `ids` (one id a run). */
export async function coldStarts(names: string[], ids: string[]): Promise<ColdStart[]> {
  const results: ColdStart[] = [];
  for (const name of names) results.push(await timed(name, Array<string>(coldStartRuns).fill('/readyz')));
  const paths = ids.slice(0, coldStartRuns).map((id) => `/v1/products/${id}`);
  const forget = (path: string) => withOwnRedis((redis) => redis.unlink(cacheKeys.product(path.split('/').pop()!)));
  results.push(await timed('products-get', paths, forget));
  return results;
}
