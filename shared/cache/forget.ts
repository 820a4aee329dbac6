import { logger } from '../log';
import { cacheKeys } from './keys';
import { withRedis } from './redis';

/** Drops cached products after a change to them (stock, price…); best effort: a failure only leaves them to their TTL. */
export async function forgetProducts(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  try {
    await withRedis((client) => client.del(ids.map(cacheKeys.product)), 'DEL product');
  } catch (error) {
    logger().warn({ err: error, ids }, 'could not drop cached products; they expire with their TTL');
  }
}
