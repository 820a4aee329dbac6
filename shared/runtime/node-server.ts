import http from 'node:http';
import net from 'node:net';
import type { App } from '../http/app';
import { problemResult } from '../http/middlewares/problem-responses';
import { payloadTooLarge, serviceUnavailable } from '../http/problem';
import type { HttpResult } from '../http/types';
import { isOverloaded, watchEventLoop } from './load-shedding';

export const maxBodyBytes = 1024 * 1024;

/** Liveness and readiness are answered even when the process sheds load. */
const neverShed = new Set(['/healthz', '/readyz']);

class BodyTooLarge extends Error {}

interface ServerState {
  inFlight: number;
  draining: boolean;
}

const states = new WeakMap<http.Server, ServerState>();

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        req.pause();
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function answer(app: App, req: http.IncomingMessage): Promise<HttpResult | undefined> {
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  if (isOverloaded() && !neverShed.has(url.split('?')[0]!)) {
    return problemResult(serviceUnavailable('The server is overloaded; retry shortly', 1), url);
  }
  let body: Buffer | undefined;
  if (app.acceptsBody(method, url)) {
    try {
      body = await readBody(req);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) return undefined;
      const result = problemResult(payloadTooLarge(maxBodyBytes));
      result.headers.connection = 'close';
      return result;
    }
  }
  return app.handle({ method, url, headers: req.headers, body, remoteAddress: req.socket.remoteAddress });
}

/** The lean runtime: node:http straight into the shared app, no framework in between. */
export function createNodeServer(app: App): http.Server {
  watchEventLoop();
  const state: ServerState = { inFlight: 0, draining: false };
  const server = http.createServer(async (req, res) => {
    state.inFlight++;
    try {
      const result = await answer(app, req);
      if (!result) {
        res.destroy();
        return;
      }
      if (state.draining) result.headers.connection = 'close';
      res.writeHead(result.status, result.headers);
      res.end(result.body);
    } finally {
      state.inFlight--;
    }
  });
  server.keepAliveTimeout = 65_000;
  states.set(server, state);
  return server;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Drains a server: for `graceMs` it keeps answering, each response with `Connection: close` so
 * keep-alive clients move on; then it stops accepting connections and waits for the requests in
 * flight, at most until `deadlineMs` after the start. Resolves true when every request was answered.
 */
export async function drain(server: http.Server, graceMs: number, deadlineMs: number): Promise<boolean> {
  const state = states.get(server)!;
  const deadline = Date.now() + deadlineMs;
  state.draining = true;
  await sleep(Math.min(graceMs, deadlineMs));
  // Only the listener stops here: http's own close() would also end connections that were just
  // accepted and whose request is still on its way, resetting it.
  const closed = new Promise<void>((resolve) => net.Server.prototype.close.call(server, () => resolve()));
  while (state.inFlight > 0 && Date.now() < deadline) await sleep(10);
  // Whatever stays connected without asking anything by now is idle: end it.
  await sleep(Math.min(100, Math.max(0, deadline - Date.now())));
  server.closeIdleConnections();
  await Promise.race([closed, sleep(Math.max(0, deadline - Date.now()))]);
  return state.inFlight === 0;
}
