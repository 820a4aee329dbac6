import { cacheKeys } from './keys';
import { withRedis } from './redis';

/** The version every catalog list key hangs off: one INCR makes every cached list unreachable at once. */
export async function catalogVersion(): Promise<number> {
  const value = await withRedis((client) => client.get(cacheKeys.catalogVersion())).catch(() => null);
  return Number(value ?? 0);
}

export async function bumpCatalogVersion(): Promise<number> {
  return withRedis((client) => client.incr(cacheKeys.catalogVersion()));
}
