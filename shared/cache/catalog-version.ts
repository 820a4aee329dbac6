import { cacheKeys } from './keys';
import { redis } from './redis';

/** The version every catalog list key hangs off: one INCR makes every cached list unreachable at once. */
export async function catalogVersion(): Promise<number> {
  const client = await redis().catch(() => undefined);
  const value = await client?.get(cacheKeys.catalogVersion()).catch(() => null);
  return Number(value ?? 0);
}

export async function bumpCatalogVersion(): Promise<number> {
  const client = await redis();
  return client.incr(cacheKeys.catalogVersion());
}
