import type { CircuitBreakerPolicy } from 'cockatiel';
// The client class alone: the package index also loads the cluster, sentinel and pool clients (~80 KB a bundle).
import NodeRedisClient from '@redis/client/dist/lib/client';
import { config } from '../config';
import { logger } from '../log';
import { localCache } from './local';
import { connectOnce } from '../process/connect-once';
import { processName } from '../process/identity';
import { breaker, withTimeout } from '../resilience/breakers';
import { tracer } from '../tracing';

/** After a failed connect, callers fail fast (and fall back to the database) for this long before the next try. */
const retryConnectAfterMs = 1000;

function connect() {
  let ready = false;
  const client = NodeRedisClient.create({
    url: config().REDIS_URL,
    name: processName(),
    disableOfflineQueue: true,
    // RESP3 carries the invalidation pushes of CLIENT TRACKING (sent at every connect) for the in-process tier.
    RESP: 3,
    emitInvalidate: true,
    // No per-command timer from the library (its default: 5 s, and only while a command waits to be
    // written): withRedis bounds every call at 250 ms already, and each timer is an AbortSignal.timeout
    // that still fires 5 s later, about 40 µs of CPU a command (docs/performance.md).
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: 2000,
      // A client that was connected reconnects with backoff; one that never was gives up at once, so
      // its callers fall back instead of waiting on a connection that may never come.
      reconnectStrategy: (retries: number) => (ready ? Math.min(50 * 2 ** retries, 2000) : new Error('Redis is unreachable')),
    },
  });
  client.on('invalidate', (key: string | Buffer | null) => localCache.invalidate(key === null ? null : String(key)));
  client.on('ready', () => (ready = true));
  // A lost connection may have missed invalidations, and its successor tracks nothing yet: start the tier afresh.
  client.on('error', (error: Error) => {
    localCache.invalidate(null);
    logger().warn({ err: error }, 'redis connection error');
  });
  client.on('reconnecting', () => localCache.invalidate(null));
  client.on('end', () => localCache.invalidate(null));
  return client.connect();
}

export type RedisClient = Awaited<ReturnType<typeof connect>>;

const connection = connectOnce({
  open: connect,
  close: (client: RedisClient) => client.close(),
  coolDown: { ms: retryConnectAfterMs, error: () => new Error('Redis is unreachable') },
});

/** The process's one Redis connection. Commands fail fast while it is down instead of queueing. */
export const redis = (): Promise<RedisClient> => connection.get();

export const closeRedis = (): Promise<void> => connection.close();

/**
 * Commands on a stalled connection (no reset, no answer) time out instead of holding the request: 250 ms,
 * where a healthy answer takes well under 1 ms, and not counting the time our own busy event loop took
 * to read an answer that had come (withTimeout).
 */
const commandTimeoutMs = 250;
let redisBreaker: CircuitBreakerPolicy | undefined;
/**
 * Runs Redis commands behind a timeout and the `redis` circuit breaker: while Redis is failing, callers
 * get an error at once and take their fallback (the database, for reads) instead of waiting. While
 * tracing, the call is a span named `summary` (what the commands do, e.g. `SET idempotency`).
 */
export function withRedis<T>(commands: (client: RedisClient) => Promise<T>, summary = 'redis'): Promise<T> {
  if (!redisBreaker) {
    redisBreaker = breaker('redis', { halfOpenAfterMs: 2_000 });
    // A connection that stalls brings no invalidations either: the in-process tier is not trusted past it.
    redisBreaker.onBreak(() => localCache.invalidate(null));
  }
  const traced = tracer();
  if (traced) return traced.redis(summary, config().REDIS_URL, () => redisBreaker!.execute(() => withTimeout(commandTimeoutMs, async () => commands(await redis()))));
  return redisBreaker.execute(() => withTimeout(commandTimeoutMs, async () => commands(await redis())));
}
