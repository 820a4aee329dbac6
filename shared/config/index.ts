import * as z from 'zod';

const urlList = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((url) => url.trim()).filter(Boolean))
  .pipe(z.array(z.url({ protocol: /^postgres(ql)?$/ })));

/** Addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-For is believed; IPv4, IPv6 and `::ffff:` forms. */
const addressList = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((address) => address.trim()).filter(Boolean))
  .pipe(z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()])));

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();

/** Comma-separated milliseconds, each a positive integer, e.g. `1000,5000,30000`. */
const delayList = z
  .string()
  .transform((value) => value.split(',').map((delay) => delay.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^\d+$/, 'must be whole milliseconds').transform(Number).pipe(z.int().positive())).min(1, 'needs at least one delay'));
const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** The HS256 key every checkout knows: fine on a laptop, never the key that verifies production's tokens. */
const developmentSecret = 'brisk-development-secret-not-for-production';

/** Every setting Brisk reads, with the defaults that suit a local machine. */
const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(8080),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/brisk'),
  DATABASE_REPLICA_URLS: urlList,
  DATABASE_POOL_MAX: positiveInt.default(10),
  /** A replica further behind the primary than this (WAL bytes) takes no reads until it catches up. */
  REPLICA_MAX_LAG_BYTES: positiveInt.default(1024 * 1024),
  REPLICA_CHECK_INTERVAL_MS: positiveInt.default(1000),
  /** A replica read (or lag check) unanswered by then goes to the primary and counts against the replica. */
  REPLICA_READ_TIMEOUT_MS: positiveInt.default(2000),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z.string().min(1).default('brisk:v1:'),
  CACHE_TTL_SECONDS: positiveInt.default(300),
  CACHE_NEGATIVE_TTL_SECONDS: positiveInt.default(30),
  CACHE_TTL_JITTER: z.coerce.number().min(0).max(1).default(0.1),
  /** In-process first cache tier (kept true by Redis invalidations): at most this many entries; 0 turns it off. */
  CACHE_L1_MAX_ENTRIES: z.coerce.number().int().min(0).default(10_000),
  /** An in-process entry is dropped after this long even without an invalidation (bounds staleness if a connection stalls unnoticed). */
  CACHE_L1_TTL_MS: positiveInt.default(30_000),
  AMQP_URL: z.url({ protocol: /^amqps?$/ }).default('amqp://guest:guest@127.0.0.1:5672'),
  /** Names the exchange (`<namespace>.events`), its dead-letter exchange and every queue; a test run uses its own. */
  EVENTS_NAMESPACE: z.string().regex(/^[\w.-]+$/).default('brisk'),
  PUBLISH_TIMEOUT_MS: positiveInt.default(5000),
  /**
   * A consumer's delayed redeliveries (a failure that may pass, such as a payment provider outage): the
   * n-th waits the n-th delay, and every later one the last. Each delay is a queue of its own with that
   * message TTL, so changing the list declares new queues.
   */
  EVENT_RETRY_DELAYS_MS: delayList.default([1_000, 5_000, 30_000, 120_000, 600_000]),
  /** How long after its acceptance an order may wait for a payment provider before it fails with `provider_unavailable`. */
  ORDER_PAYMENT_DEADLINE_SECONDS: positiveInt.default(900),
  /** An order still accepted, reserved or paid this long after its last change is stuck: the sweep re-drives it, once per such period. */
  ORDER_STUCK_AFTER_SECONDS: positiveInt.default(900),
  /** HS256 key for tokens (dev and tests); production sets JWKS_URL instead. */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(developmentSecret),
  JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  JWT_ISSUER: z.string().min(1).default('brisk'),
  JWT_AUDIENCE: z.string().min(1).default('brisk-api'),
  PAYMENT_PROVIDER_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8090'),
  PAYMENT_FALLBACK_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8091'),
  PAYMENT_TIMEOUT_MS: positiveInt.default(3000),
  /** A request still unanswered after this gets a 504 (the work it started may still finish). */
  REQUEST_TIMEOUT_MS: positiveInt.default(10_000),
  /** Event-loop delay (p90 over half a second) above which requests are shed with 503 instead of queueing. */
  EVENT_LOOP_DELAY_LIMIT_MS: positiveInt.default(200),
  /** After SIGTERM: how long to keep answering (with Connection: close) before the listener closes. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(1_000),
  /** After SIGTERM: the longest wait for in-flight work before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(20_000),
  VALIDATE_RESPONSES: flag.optional(),
  /** Requests per second per client and class; each class allows bursts of twice its rate. Benchmarks raise these. */
  RATE_LIMIT_PUBLIC_RPS: positiveInt.default(50),
  RATE_LIMIT_CUSTOMER_RPS: positiveInt.default(20),
  RATE_LIMIT_ADMIN_RPS: positiveInt.default(100),
  TRUSTED_PROXIES: addressList,
  /** Whether to record metrics and serve them at /metrics (404 when false). */
  METRICS_ENABLED: flag.default(true),
});

export type Config = z.infer<typeof configSchema> & { VALIDATE_RESPONSES: boolean };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses an environment; a bad one throws one error naming every bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const parsed = result.data;
  if (parsed.NODE_ENV === 'production' && !parsed.JWKS_URL && parsed.JWT_SECRET === developmentSecret) {
    throw new ConfigError(
      'Invalid environment:\n  JWT_SECRET: is the development default, published with the source; in production set JWKS_URL (tokens from your identity provider) or a secret of your own',
    );
  }
  return { ...parsed, VALIDATE_RESPONSES: parsed.VALIDATE_RESPONSES ?? parsed.NODE_ENV !== 'production' };
}

let current: Config | undefined;

/** The process's configuration, read from process.env on first use. */
export function config(): Config {
  current ??= parseConfig(process.env);
  return current;
}

/** Settings by name, in their environment form (`REQUEST_TIMEOUT_MS: '200'`). */
export type ConfigValues = { [Name in keyof Config]?: string };

let given: ConfigValues = {};

/**
 * What config() answers from now on: process.env with these values, and those of earlier calls, over
 * it, parsed (a bad value throws). How a test gives itself a short timeout or a key prefix of its own,
 * in its own module registry, instead of writing process.env before anything reads config(). A module
 * that keeps a setting it read (a pool, a client) keeps it: call this before such a module's first use.
 */
export function setConfig(values: ConfigValues): Config {
  given = { ...given, ...values };
  current = parseConfig({ ...process.env, ...given });
  return current;
}
