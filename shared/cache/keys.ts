import { config } from '../config';

/**
 * Every Redis key Brisk uses, in one place. All carry the configured prefix (`brisk:v1:` by default),
 * so a schema change bumps the version and a test run isolates itself with a prefix of its own.
 */
export const cacheKeys = {
  product: (id: string) => `${config().REDIS_KEY_PREFIX}product:${id}`,
  productList: (catalogVersion: number, query: string) => `${config().REDIS_KEY_PREFIX}products:v${catalogVersion}:${query}`,
  categories: (catalogVersion: number) => `${config().REDIS_KEY_PREFIX}categories:v${catalogVersion}`,
  catalogVersion: () => `${config().REDIS_KEY_PREFIX}catalog:version`,
  /** An order or operation answered 202 and not yet taken by its consumer: readable from the moment of the 202. */
  accepted: (kind: 'order' | 'operation', id: string) => `${config().REDIS_KEY_PREFIX}accepted:${kind}:${id}`,
  /** Ids of the orders answered 202, scored by acceptance time (ms): where the stuck-order sweep finds the ones never reserved. */
  acceptedOrders: () => `${config().REDIS_KEY_PREFIX}accepted:orders`,
  /** Set while an order the sweep re-drove gets its period to move on before the sweep may re-drive it again. */
  redriven: (orderId: string) => `${config().REDIS_KEY_PREFIX}redriven:order:${orderId}`,
  /** The WAL position of the latest write to an entity (or 'writing'), for read-your-writes on replicas. */
  written: (entity: 'order' | 'product', id: string) => `${config().REDIS_KEY_PREFIX}written:${entity}:${id}`,
  /** What an Idempotency-Key of one customer was first used for. */
  idempotency: (customerId: string, key: string) => `${config().REDIS_KEY_PREFIX}idempotency:${customerId}:${key}`,
  /** Prefix of one rate-limit class's counters; the limiter appends `:<client>` (`sub:<id>` or `ip:<address>`). */
  rateLimit: (limitClass: string) => `${config().REDIS_KEY_PREFIX}ratelimit:${limitClass}`,
};
