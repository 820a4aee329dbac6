import { once } from 'node:events';
import type http from 'node:http';
import * as z from 'zod';
import { createApp } from '../shared/http/app';
import { defineHttpFunction, endpoint } from '../shared/http/define';
import { opsFunction } from '../shared/http/ops';
import { createNodeServer, maxBodyBytes } from '../shared/runtime/node-server';

process.env.REQUEST_TIMEOUT_MS = '200';
process.env.EVENT_LOOP_DELAY_LIMIT_MS = '50';
process.env.RATE_LIMIT_PUBLIC_RPS = '1000000';

let releaseSlow: () => void = () => {};
const guarded = defineHttpFunction({
  name: 'guards-test',
  endpoints: [
    endpoint({
      method: 'GET',
      path: '/slow',
      summary: 'answers only when the test releases it',
      response: z.object({ ok: z.boolean() }),
      handler: () => new Promise<{ ok: boolean }>((resolve) => (releaseSlow = () => resolve({ ok: true }))),
    }),
    endpoint({
      method: 'GET',
      path: '/block',
      summary: 'keeps the event loop busy for 1.2 s in 80 ms slices, as overload does',
      response: z.object({ ok: z.boolean() }),
      handler: async () => {
        const until = Date.now() + 1_200;
        while (Date.now() < until) {
          busyFor(80);
          await new Promise((resolve) => setImmediate(resolve));
        }
        return { ok: true };
      },
    }),
    endpoint({
      method: 'GET',
      path: '/stall',
      summary: 'stalls the event loop once for 300 ms, as a GC pause or a first source-map lookup does',
      response: z.object({ ok: z.boolean() }),
      handler: async () => {
        busyFor(300);
        return { ok: true };
      },
    }),
    endpoint({
      method: 'POST',
      path: '/echo',
      summary: 'takes a JSON body',
      body: z.object({ text: z.string() }),
      response: z.object({ ok: z.boolean() }),
      handler: async () => ({ ok: true }),
    }),
  ],
});

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = createNodeServer(createApp([guarded, opsFunction]));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(() => {
  releaseSlow();
  server.closeAllConnections();
  server.close();
});

function busyFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until);
}

const echo = () => fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"hi"}' });

describe('request guards', () => {
  it('answers 504 problem+json when a request outlives REQUEST_TIMEOUT_MS', async () => {
    const response = await fetch(`${base}/slow`);
    releaseSlow();
    expect(response.status).toBe(504);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(((await response.json()) as { type: string }).type).toBe('/problems/timeout');
  });

  it('answers 413 for a body over the limit', async () => {
    const response = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(maxBodyBytes) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { type: string }).type).toBe('/problems/payload-too-large');
  });

  it('does not shed for a one-off stall of the event loop', async () => {
    await new Promise((resolve) => setTimeout(resolve, 600)); // a half second of its own, free of earlier tests' load
    await fetch(`${base}/stall`).then((response) => response.arrayBuffer());
    const statuses: number[] = [];
    const until = Date.now() + 1_100; // the stall's half second and the next
    while (Date.now() < until) {
      const probe = await echo();
      await probe.arrayBuffer();
      statuses.push(probe.status);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  });

  it('sheds load with 503 and Retry-After while the event loop lags, but still answers liveness', async () => {
    let shed: Response | undefined;
    for (let attempt = 0; attempt < 5 && !shed; attempt++) {
      await fetch(`${base}/block`).then((response) => response.arrayBuffer());
      const probe = await echo();
      if (probe.status === 503) shed = probe;
      else await probe.arrayBuffer();
    }
    expect(shed?.headers.get('retry-after')).toBe('1');
    expect(((await shed!.json()) as { type: string }).type).toBe('/problems/unavailable');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
