import type middy from '@middy/core';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts } from './rate-limiter-parts';
import { cacheKeys } from '../../cache/keys';
import { type RedisClient, redis } from '../../cache/redis';
import { config } from '../../config';
import type { Caller } from '../../domain/caller';
import type { Access, PipelineEvent } from '../spec';
import { HttpProblem } from '../problem';
import type { HttpResult } from '../types';
import { clientKey } from './client-key';
import { problemResponses } from './problem-responses';
import { type Answer, consumeLeased, leaseSize } from './rate-limit-leases';

type LimitClass = 'public' | 'customer' | 'admin';

/**
 * One fixed window of 2 s holding 2×rps points per client: the steady rate is rps, and a client may spend the
 * whole window at once, a burst of 2×rps. Chosen over a BurstyRateLimiter (1 s of rps + a burst bucket) because
 * it is one counter, so one Redis round trip per lease of points (rate-limit-leases.ts), and because it is one
 * policy the RateLimit headers can state exactly (q=2×rps, w=2, r=remaining); the bursty pair reports only its
 * first limiter's remaining.
 */
const windowSeconds = 2;

function limitClassOf(access: Access, caller: Caller): LimitClass {
  if (access === 'public') return 'public';
  return access === 'admin' || caller.scopes.has('admin') ? 'admin' : 'customer';
}

/** Points per window of a class. */
function limitOf(limitClass: LimitClass): number {
  const { RATE_LIMIT_PUBLIC_RPS, RATE_LIMIT_CUSTOMER_RPS, RATE_LIMIT_ADMIN_RPS } = config();
  const rps = { public: RATE_LIMIT_PUBLIC_RPS, customer: RATE_LIMIT_CUSTOMER_RPS, admin: RATE_LIMIT_ADMIN_RPS }[limitClass];
  return rps * windowSeconds;
}

/** A limiter call Redis has not answered by then is answered by the in-process limiter: a slow Redis never stalls requests. */
const redisTimeoutMs = 100;

const memoryLimiters: Partial<Record<LimitClass, RateLimiterMemory>> = {};
const redisLimiters: Partial<Record<LimitClass, { client: RedisClient; limiter: RLWrapperTimeouts }>> = {};

const memoryLimiter = (limitClass: LimitClass): RateLimiterMemory =>
  (memoryLimiters[limitClass] ??= new RateLimiterMemory({
    keyPrefix: cacheKeys.rateLimit(limitClass),
    points: limitOf(limitClass),
    duration: windowSeconds,
  }));

/**
 * The Redis limiter, made once a connection exists (again for a new connection). While Redis is unreachable
 * (redis() rejects fast) the in-process limiter counts instead; it is also the Redis limiter's insurance when a
 * command fails or is slow, so a Redis outage never fails or stalls a request: limits then hold per process.
 */
async function limiterFor(limitClass: LimitClass): Promise<RateLimiterAbstract> {
  const client = await redis().catch(() => undefined);
  if (!client) return memoryLimiter(limitClass);
  const current = redisLimiters[limitClass];
  if (current?.client === client) return current.limiter;
  const points = limitOf(limitClass);
  const insuranceLimiter = memoryLimiter(limitClass);
  const store = new RateLimiterRedis({
    storeClient: client,
    useRedisPackage: true, // node-redis v4+ (its client class is not recognised by name)
    rejectIfRedisNotReady: true,
    keyPrefix: cacheKeys.rateLimit(limitClass),
    points,
    duration: windowSeconds,
    // Once a client is over, this process refuses it from memory until its window resets: a flood costs Redis nothing.
    inMemoryBlockOnConsumed: points + 1,
    insuranceLimiter,
  });
  const limiter = new RLWrapperTimeouts({ limiter: store, insuranceLimiter, timeoutMs: redisTimeoutMs });
  redisLimiters[limitClass] = { client, limiter };
  return limiter;
}

/** The limiter's answer for `points` and whether it let them through (over the limit, it rejects with its answer). */
async function consumeShared(limitClass: LimitClass, key: string, points: number): Promise<Answer> {
  const limiter = await limiterFor(limitClass);
  return limiter.consume(key, points).then(
    (result): Answer => ({ result, allowed: true }),
    (rejection: unknown): Answer => {
      if (rejection instanceof RateLimiterRes) return { result: rejection, allowed: false };
      throw rejection;
    },
  );
}

/** Counts one request: from this process's lease of the client's points while it lasts, else from the shared counter. */
async function consume(limitClass: LimitClass, key: string): Promise<Answer> {
  const fullLease = leaseSize(limitOf(limitClass));
  if (fullLease === 1) return consumeShared(limitClass, key, 1);
  return consumeLeased(`${limitClass} ${key}`, fullLease, (points) => consumeShared(limitClass, key, points));
}

/** RateLimit-Policy and RateLimit, in the structured-field form of draft-ietf-httpapi-ratelimit-headers. */
function rateLimitHeaders(limitClass: LimitClass, result: RateLimiterRes): Record<string, string> {
  const reset = Math.max(0, Math.ceil(result.msBeforeNext / 1000));
  return {
    'ratelimit-policy': `"${limitClass}";q=${limitOf(limitClass)};w=${windowSeconds}`,
    ratelimit: `"${limitClass}";r=${Math.max(0, result.remainingPoints)};t=${reset}`,
  };
}

const tooManyRequests = (limitClass: LimitClass, msBeforeNext: number): HttpProblem =>
  new HttpProblem(429, '/problems/rate-limited', 'Too many requests', `Over the ${limitClass} rate limit; retry later`, undefined, {
    'retry-after': String(Math.max(1, Math.ceil(msBeforeNext / 1000))),
  });

/**
 * Counts the request against its client (token subject, else address) in its class, after authorize has named the
 * caller. Every answer of a counted request carries the RateLimit headers, a 429 also Retry-After.
 */
export const rateLimit = (access: Access): middy.MiddlewareObj<PipelineEvent, HttpResult> => {
  const headersOf = new WeakMap<PipelineEvent, Record<string, string>>();
  const mapError = problemResponses().onError!;
  return {
    before: async ({ event }) => {
      const limitClass = limitClassOf(access, event.input.caller);
      const { result, allowed } = await consume(limitClass, clientKey(event.input.caller, event.request));
      const headers = rateLimitHeaders(limitClass, result);
      headersOf.set(event, headers);
      if (!allowed) throw tooManyRequests(limitClass, result.msBeforeNext);
    },
    after: (request) => {
      const headers = headersOf.get(request.event);
      const { response } = request;
      if (headers && response) Object.assign(response.headers, headers);
    },
    // onError handlers run in reverse order of use, so this one runs before problemResponses has built the
    // answer: it builds it the same way, adds the headers, and returning it ends the onError chain.
    onError: async (request) => {
      const headers = headersOf.get(request.event);
      if (!headers) return;
      await mapError(request);
      if (request.response) Object.assign(request.response.headers, headers);
      return request.response;
    },
  };
};
