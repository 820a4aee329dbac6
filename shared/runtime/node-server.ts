import http from 'node:http';
import net from 'node:net';
import type { App } from '../http/app';
import { payloadTooLarge, problemResult, serviceUnavailable, unparsableRequest } from '../http/problem';
import type { HttpResult } from '../http/types';
import { isOverloaded, watchEventLoop } from '../process/load-shedding';

export const maxBodyBytes = 1024 * 1024;

/** Liveness and readiness are answered even when the process sheds load. */
const neverShed = new Set(['/healthz', '/readyz']);

class BodyTooLarge extends Error {}

interface ServerState {
  inFlight: number;
  draining: boolean;
  /** While the listener waits for a moment to close, finished responses wait for this. */
  held?: Promise<void>;
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
  const routed = app.route(method, url);
  let body: Buffer | undefined;
  if (routed.endpoint?.acceptsBody) {
    try {
      body = await readBody(req);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) return undefined;
      const result = problemResult(payloadTooLarge(maxBodyBytes));
      result.headers.connection = 'close';
      return result;
    }
  }
  return app.handle({ method, url, headers: req.headers, body, remoteAddress: req.socket.remoteAddress }, routed);
}

/** What node:http's parser refused, by its error code, as the problem to answer. */
function parserProblem(code: string | undefined) {
  if (code === 'HPE_HEADER_OVERFLOW') return unparsableRequest(431, 'The request headers are too large');
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return unparsableRequest(408, 'The request did not arrive in time');
  return unparsableRequest(400, 'The request is not valid HTTP/1.1');
}

/**
 * Answers a request node:http's parser refused with problem+json, as every other refusal is answered,
 * then closes the connection (its framing can no longer be trusted). Node's default writes a bare 400.
 */
function answerClientError(error: Error & { code?: string }, socket: net.Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, headers, body } = problemResult(parserProblem(error.code));
  const head = [`HTTP/1.1 ${status} ${http.STATUS_CODES[status]}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  socket.end(`${[...head, `content-length: ${Buffer.byteLength(body!)}`, 'connection: close'].join('\r\n')}\r\n\r\n${body}`);
}

/** The lean runtime: node:http straight into the shared app, no framework in between. */
export function createNodeServer(app: App): http.Server {
  watchEventLoop();
  const state: ServerState = { inFlight: 0, draining: false };
  const server = http.createServer(async (req, res) => {
    // The connection was answered and ended (answerClientError): node:http still parses what arrives
    // after that, but no answer can reach the client, so nothing it asks is done.
    if (req.socket.writableEnded) {
      res.destroy();
      return;
    }
    state.inFlight++;
    try {
      const result = await answer(app, req);
      if (!result) {
        res.destroy();
        return;
      }
      if (state.held) await state.held;
      // Node then sends `Connection: close` and closes the socket once this response is written.
      if (state.draining) res.shouldKeepAlive = false;
      res.writeHead(result.status, result.headers);
      res.end(result.body);
    } finally {
      state.inFlight--;
    }
  });
  server.keepAliveTimeout = 65_000;
  server.on('clientError', answerClientError);
  states.set(server, state);
  return server;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const afterPoll = () => new Promise((resolve) => setImmediate(resolve));

/** How long no connection may arrive before the listener closes, and the longest wait for that. */
const listenerQuietMs = 50;
const listenerQuietMaxMs = 500;

/**
 * Closes the listener at a quiet moment. The kernel resets every connection still waiting to be
 * accepted when its listener closes, and the client has written its request on it by then; a
 * connection attempted after the close is refused instead, which a client can tell apart and retry
 * elsewhere. Clients that reconnect after each `Connection: close` keep that queue busy, so responses
 * are held meanwhile: each client then waits for its answer and stops connecting, and the listener
 * closes once no connection has come for `listenerQuietMs` (or after `maxMs` in any case).
 */
async function closeListener(server: http.Server, state: ServerState, maxMs: number): Promise<void> {
  let release!: () => void;
  state.held = new Promise((resolve) => (release = resolve));
  let lastConnection = Date.now();
  const seen = () => (lastConnection = Date.now());
  server.on('connection', seen);
  const until = Date.now() + maxMs;
  for (;;) {
    await sleep(Math.max(0, Math.min(until, lastConnection + listenerQuietMs) - Date.now()));
    // Checked right after the event loop's poll phase, in which libuv accepts every queued connection.
    await afterPoll();
    if (Date.now() - lastConnection >= listenerQuietMs || Date.now() >= until) break;
  }
  // Only the listener stops: http's own close() would also end connections that were just accepted
  // and whose request is still on its way, resetting it.
  net.Server.prototype.close.call(server);
  server.off('connection', seen);
  state.held = undefined;
  release();
}

/**
 * Drains a server: for `graceMs` it keeps answering, each response with `Connection: close` so
 * keep-alive clients move on; then it stops accepting connections (see closeListener) and waits for
 * the requests in flight, each socket closing once its response is written, at most until
 * `deadlineMs` after the start. Resolves true when every request was answered.
 */
export async function drain(server: http.Server, graceMs: number, deadlineMs: number): Promise<boolean> {
  const state = states.get(server)!;
  const deadline = Date.now() + deadlineMs;
  const left = () => Math.max(0, deadline - Date.now());
  state.draining = true;
  await sleep(Math.min(graceMs, left()));
  // 'close' comes once the listener is closed and every connection has ended.
  const closed = new Promise((resolve) => server.once('close', resolve));
  await closeListener(server, state, Math.min(listenerQuietMaxMs, left()));
  while (state.inFlight > 0 && left() > 0) await sleep(10);
  // Whatever stays connected without asking anything by now is idle: end it.
  await sleep(Math.min(100, left()));
  server.closeIdleConnections();
  await Promise.race([closed, sleep(left())]);
  return state.inFlight === 0;
}
