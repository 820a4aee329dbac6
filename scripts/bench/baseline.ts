// The ceiling Brisk is measured against: bare node:http doing the same cache-warm work as
// products-get (one Redis GET of the same key, the cached bytes written back), and nothing else.
// With BASELINE_IN_PROCESS=true it keeps what it read in a Map, as Brisk's in-process tier does (but
// never invalidated): the ceiling for a warm GET that does not leave the process.
import http from 'node:http';
import { createClient } from '@redis/client';

const prefix = process.env.REDIS_KEY_PREFIX ?? 'brisk:v1:';
const route = /^\/v1\/products\/([0-9a-f-]{36})$/;
const inProcess = process.env.BASELINE_IN_PROCESS === 'true';

async function main(): Promise<void> {
  // Without the client's own timer per command, as Brisk's connection (shared/cache/redis.ts): an
  // AbortSignal.timeout each halved this server's req/s under wrk; the ceiling must not carry it.
  const redis = await createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', commandOptions: { timeout: 0 } }).connect();
  const kept = new Map<string, string>();
  http
    .createServer(async (req, res) => {
      const id = route.exec(req.url ?? '')?.[1];
      const key = `${prefix}product:${id}`;
      let body = id ? (kept.get(key) ?? null) : null;
      if (id && body === null) {
        body = await redis.get(key);
        if (inProcess && body) kept.set(key, body);
      }
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
    })
    .listen(Number(process.env.PORT ?? 8081));
}

void main();
