import { createHash } from 'node:crypto';
import { cacheKeys, withRedis } from '../cache';
import { DomainError, invalidInput } from './errors';

const keyTtlSeconds = 24 * 60 * 60;
/** An Idempotency-Key as Brisk takes it: 1-200 visible ASCII characters. */
export const idempotencyKeyPattern = /^[\x21-\x7e]{1,200}$/;

interface Claim {
  requestHash: string;
  resourceId: string;
  done: boolean;
}

export type ClaimResult = { kind: 'new' } | { kind: 'replay'; resourceId: string };

const hashOf = (body: unknown): string => createHash('sha256').update(JSON.stringify(body)).digest('base64url');

/** Reads and checks an `Idempotency-Key` header; undefined when the client sent none. */
export function idempotencyKeyOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const key = headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !idempotencyKeyPattern.test(key)) {
    throw invalidInput([{ in: 'header', name: 'Idempotency-Key', detail: 'must be 1–200 visible ASCII characters' }]);
  }
  return key;
}

/**
 * Claims a customer's Idempotency-Key for this body and the resource it will create. A replay of the
 * same body gets the first request's resource; another body is refused (`idempotency-key-reused`); a
 * first request still being accepted is `request-in-progress`, to retry shortly, so two racing requests
 * never both publish.
 */
export async function claimIdempotencyKey(customerId: string, key: string, body: unknown, resourceId: string): Promise<ClaimResult> {
  const claim: Claim = { requestHash: hashOf(body), resourceId, done: false };
  // SET NX GET: claims the key, or returns the claim already there, in one round trip.
  const previous = await withRedis((client) =>
    client.set(cacheKeys.idempotency(customerId, key), JSON.stringify(claim), {
      condition: 'NX',
      GET: true,
      expiration: { type: 'EX', value: keyTtlSeconds },
    }),
    'SET idempotency',
  );
  if (previous === null) return { kind: 'new' };
  const existing = JSON.parse(String(previous)) as Claim;
  if (existing.requestHash !== claim.requestHash) {
    throw new DomainError('idempotency-key-reused', 'This Idempotency-Key was used with a different body');
  }
  if (!existing.done) {
    throw new DomainError('request-in-progress', 'A request with this Idempotency-Key is still being accepted');
  }
  return { kind: 'replay', resourceId: existing.resourceId };
}

/** Marks the claim done (its resource was accepted), or gives it up so the client can retry with the same key. */
export async function settleIdempotencyKey(customerId: string, key: string, outcome: 'done' | 'release'): Promise<void> {
  const redisKey = cacheKeys.idempotency(customerId, key);
  await withRedis(async (client) => {
    if (outcome === 'release') {
      await client.del(redisKey);
      return;
    }
    const existing = JSON.parse((await client.get(redisKey)) ?? 'null') as Claim | null;
    if (existing) await client.set(redisKey, JSON.stringify({ ...existing, done: true }), { expiration: 'KEEPTTL' });
  }, outcome === 'done' ? 'GET SET idempotency' : 'DEL idempotency');
}
