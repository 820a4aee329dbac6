import { createClient } from 'redis';
import { config } from '../config';
import { logger } from '../log';
import { processName } from '../runtime/identity';

function connect() {
  const client = createClient({ url: config().REDIS_URL, name: processName(), disableOfflineQueue: true });
  client.on('error', (error: Error) => logger().warn({ err: error }, 'redis connection error'));
  return client.connect();
}

export type RedisClient = Awaited<ReturnType<typeof connect>>;

let connecting: Promise<RedisClient> | undefined;

/** The process's one Redis connection. Commands fail fast while it is down instead of queueing. */
export function redis(): Promise<RedisClient> {
  const pending = (connecting ??= connect().catch((error: unknown) => {
    connecting = undefined;
    throw error;
  }));
  return pending;
}

export async function closeRedis(): Promise<void> {
  const pending = connecting;
  connecting = undefined;
  if (pending) await (await pending.catch(() => undefined))?.close();
}
