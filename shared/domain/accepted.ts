import { cacheKeys, withRedis } from '../cache';

/** Long enough for any consumer backlog; the durable record is the consumer's row in PostgreSQL. */
const acceptedTtlSeconds = 24 * 60 * 60;

type Kind = Parameters<typeof cacheKeys.accepted>[0];

/**
 * Keeps what a 202 accepted (as its JSON representation) until the consumer's row exists. An order's
 * id also goes into the index of accepted orders (in the same round trip), where the stuck-order sweep
 * looks for orders whose event never got to be processed.
 */
export async function rememberAccepted(kind: Kind, id: string, json: string): Promise<void> {
  const expiration = { type: 'EX', value: acceptedTtlSeconds } as const;
  await withRedis(async (client) => {
    if (kind === 'operation') return void (await client.set(cacheKeys.accepted(kind, id), json, { expiration }));
    await client.multi().set(cacheKeys.accepted(kind, id), json, { expiration }).zAdd(cacheKeys.acceptedOrders(), { score: acceptedAt(id).getTime(), value: id }).exec();
  }, kind === 'order' ? 'MULTI accepted order' : 'SET accepted operation');
}

/** Takes back an accepted record whose event the broker did not confirm. */
export async function forgetAccepted(kind: Kind, id: string): Promise<void> {
  await withRedis(async (client) => {
    if (kind === 'operation') return void (await client.del(cacheKeys.accepted(kind, id)));
    await client.multi().del(cacheKeys.accepted(kind, id)).zRem(cacheKeys.acceptedOrders(), id).exec();
  });
}

/** The accepted representation, or null (also when Redis is unreachable: the database is the truth). */
export async function readAccepted(kind: Kind, id: string): Promise<string | null> {
  try {
    return await withRedis((client) => client.get(cacheKeys.accepted(kind, id)), 'GET accepted');
  } catch {
    return null;
  }
}

/**
 * When an order or operation was accepted: the millisecond its UUIDv7 id carries, so the accepted record and
 * the consumer's row agree on it without passing a timestamp around.
 */
export function acceptedAt(id: string): Date {
  const isV7 = id[14] === '7';
  return isV7 ? new Date(parseInt(id.replaceAll('-', '').slice(0, 12), 16)) : new Date();
}
