import { readTracked } from './cache-aside';
import { cacheKeys } from './keys';
import { localCache } from './local';
import { withRedis } from './redis';

/** The version every catalog list key hangs off: one INCR makes every cached list unreachable at once. */
export async function catalogVersion(): Promise<number> {
  const key = cacheKeys.catalogVersion();
  const local = localCache.get(key);
  return Number((local === undefined ? await readTracked(key) : local) ?? 0);
}

export async function bumpCatalogVersion(): Promise<number> {
  return withRedis((client) => client.incr(cacheKeys.catalogVersion()));
}
