import http, { type IncomingMessage } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { HttpProblem } from '../../shared/http/problem';
import { traceNodeRequest } from '../../shared/tracing';
import { authorize, getControl, health, listAuthorizations, putControl, resetControl, type Handler, type Sandbox } from './handlers';
import { problems, send, sendProblem, type Reply } from './http-io';
import { SandboxState } from './state';

export interface PaymentSandboxOptions {
  /** Uniform draw in [0, 1) deciding injected failures and declines (default `Math.random`); tests pin it. */
  random?: () => number;
  /** Waits `latencyMs` (default a real timer); tests replace it to observe the delay without waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** Receives unexpected errors, which are answered 500. */
  logger?: Pick<Logger, 'error'>;
}

const routes: Record<string, Handler> = {
  'POST /v1/authorizations': authorize,
  'GET /v1/authorizations': listAuthorizations,
  'GET /control': getControl,
  'PUT /control': putControl,
  'DELETE /control': resetControl,
  'GET /healthz': health,
};

/**
 * A fake payment provider for dev and tests: idempotent authorizations kept in memory, plus fault injection
 * (down, random failures, latency, declines) set per instance through `/control`.
 */
export function createPaymentSandbox(options: PaymentSandboxOptions = {}): http.Server {
  const { random = Math.random, sleep = (ms: number) => delay(ms), logger } = options;
  const sandbox: Sandbox = { state: new SandboxState(), chance: (rate) => rate > 0 && random() < rate, sleep };
  return http.createServer((req, res) => {
    traceNodeRequest(req, res, () =>
      respond(sandbox, req).then(
        (reply) => send(res, reply),
        (error: unknown) => sendProblem(res, asProblem(error, logger)),
      ),
    );
  });
}

async function respond(sandbox: Sandbox, req: IncomingMessage): Promise<Reply> {
  const url = new URL(`http://payment-sandbox${req.url ?? '/'}`);
  if (url.pathname.startsWith('/v1/')) await injectFaults(sandbox);
  const handler = routes[`${req.method} ${url.pathname}`];
  if (!handler) throw problems.notFound(`No route for ${req.method} ${url.pathname}`);
  return handler(sandbox, req, url);
}

/** Latency first (so it delays failures too), then `down`, then random failures: all before anything is stored. */
async function injectFaults({ state, chance, sleep }: Sandbox): Promise<void> {
  const { latencyMs, down, failureRate } = state.settings;
  if (latencyMs > 0) await sleep(latencyMs);
  if (down) throw problems.down();
  if (chance(failureRate)) throw problems.injectedFailure();
}

function asProblem(error: unknown, logger: PaymentSandboxOptions['logger']): HttpProblem {
  if (error instanceof HttpProblem) return error;
  logger?.error({ err: error }, 'payment sandbox request failed');
  return problems.internal();
}
