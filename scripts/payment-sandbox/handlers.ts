import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import * as z from 'zod';
import { parseWith, problems, readJson, type Reply } from './http-io';
import { authorizationRequestSchema, fingerprint, settingsSchema, type Authorization, type AuthorizationRequest, type SandboxState } from './state';

/** One sandbox instance: its state, and its source of randomness and delay (both injectable for tests). */
export interface Sandbox {
  state: SandboxState;
  /** True with probability `rate`. */
  chance: (rate: number) => boolean;
  sleep: (ms: number) => Promise<void>;
}

export type Handler = (sandbox: Sandbox, req: IncomingMessage, url: URL) => Reply | Promise<Reply>;

/** `POST /v1/authorizations`: idempotent by `Idempotency-Key`; a replay answers the stored authorization (or decline). */
export const authorize: Handler = async ({ state, chance }, req) => {
  const key = idempotencyKey(req);
  const request = await readJson(req, authorizationRequestSchema);
  // No await from here on: looking the key up and storing it cannot interleave with a concurrent request.
  const stored = state.find(key);
  if (stored) {
    if (stored.fingerprint !== fingerprint(request)) throw problems.idempotencyKeyReused();
    return { status: 201, body: stored.authorization, headers: { 'idempotent-replayed': 'true' } };
  }
  const authorization = newAuthorization(request, chance(state.settings.declineRate));
  state.save(key, { fingerprint: fingerprint(request), authorization });
  return { status: 201, body: authorization };
};

function idempotencyKey(req: IncomingMessage): string {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || key.length < 1 || key.length > 200) {
    throw problems.invalid('header Idempotency-Key: required, 1 to 200 characters');
  }
  return key;
}

function newAuthorization(request: AuthorizationRequest, declined: boolean): Authorization {
  return {
    id: randomUUID(),
    ...request,
    status: declined ? 'declined' : 'authorized',
    ...(declined && { declineReason: 'card_declined' as const }),
    createdAt: new Date().toISOString(),
  };
}

const listQuerySchema = z.object({ orderId: z.uuid() });

/** `GET /v1/authorizations?orderId=`: every authorization stored for the order, declines included. */
export const listAuthorizations: Handler = ({ state }, _req, url) => {
  const { orderId } = parseWith(listQuerySchema, Object.fromEntries(url.searchParams), 'query');
  return { status: 200, body: { items: state.forOrder(orderId) } };
};

export const getControl: Handler = ({ state }) => ({ status: 200, body: { ...state.settings, authorizations: state.count } });

/** `PUT /control`: changes the given settings of this instance only and answers all of them. */
export const putControl: Handler = async ({ state }, req) => {
  const changes = await readJson(req, settingsSchema.partial());
  state.settings = { ...state.settings, ...changes };
  return { status: 200, body: state.settings };
};

/** `DELETE /control`: default settings, no authorizations. */
export const resetControl: Handler = (sandbox, req, url) => {
  sandbox.state.reset();
  return getControl(sandbox, req, url);
};

export const health: Handler = () => ({ status: 200, body: { status: 'ok' } });
