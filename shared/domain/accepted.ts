import { cacheKeys, redis } from '../cache';

/** Long enough for any consumer backlog; the durable record is the consumer's row in PostgreSQL. */
const acceptedTtlSeconds = 24 * 60 * 60;

type Kind = Parameters<typeof cacheKeys.accepted>[0];

/** Keeps what a 202 accepted (as its JSON representation) until the consumer's row exists. */
export async function rememberAccepted(kind: Kind, id: string, json: string): Promise<void> {
  const client = await redis();
  await client.set(cacheKeys.accepted(kind, id), json, { expiration: { type: 'EX', value: acceptedTtlSeconds } });
}

/** The accepted representation, or null (also when Redis is unreachable: the database is the truth). */
export async function readAccepted(kind: Kind, id: string): Promise<string | null> {
  try {
    return await (await redis()).get(cacheKeys.accepted(kind, id));
  } catch {
    return null;
  }
}
