// The ceiling Brisk is measured against: bare node:http doing the same cache-warm work as
// products-get (one Redis GET of the same key, the cached bytes written back), and nothing else.
import http from 'node:http';
import { createClient } from 'redis';

const prefix = process.env.REDIS_KEY_PREFIX ?? 'brisk:v1:';
const route = /^\/v1\/products\/([0-9a-f-]{36})$/;

async function main(): Promise<void> {
  const redis = await createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }).connect();
  http
    .createServer(async (req, res) => {
      const id = route.exec(req.url ?? '')?.[1];
      const body = id ? await redis.get(`${prefix}product:${id}`) : null;
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
    })
    .listen(Number(process.env.PORT ?? 8081));
}

void main();
