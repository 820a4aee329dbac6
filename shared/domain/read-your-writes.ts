import { cacheKeys, withRedis } from '../cache';
import { primary } from '../db';
import { currentWalLsn, parseLsn } from '../db/lsn';
import { withTimeout } from '../resilience/breakers';

type Entity = Parameters<typeof cacheKeys.written>[0];
type Written = [Entity, string];

/**
 * How long a read of the WAL position may go unanswered: a stuck one (a half-open connection in a
 * failover) then fails the writers sharing it, whose entities stay read from the primary, instead of
 * holding every writer after them.
 */
const walReadTimeoutMs = 2_000;

let reading: Promise<string> | undefined;
let readingNext: Promise<string> | undefined;

/**
 * The primary's WAL position, read after this call: writers that finish together share one read (the
 * order processor finishes hundreds a second). A read already in flight may have been sent before the
 * caller's commit, so a caller that finds one shares the read that follows it.
 */
function walPositionAfterNow(): Promise<string> {
  if (!reading) {
    reading = withTimeout(walReadTimeoutMs, () => currentWalLsn(primary())).finally(() => {
      reading = undefined;
    });
    return reading;
  }
  readingNext ??= reading
    .catch(() => undefined)
    .then(() => {
      readingNext = undefined;
      return walPositionAfterNow();
    });
  return readingNext;
}

/** How long a write steers reads of its entity; longer than any lag a usable replica may have. */
const rememberSeconds = 300;
const writing = 'writing';

/**
 * Read-your-writes across replicas. A writer marks the entity before its transaction and records the
 * primary's WAL position after `write` (one or several transactions) is done; a reader of that entity then goes to a replica only once it has
 * replayed that far, and to the primary while a write is in flight — so a status once shown is never
 * followed by an older one. If Redis cannot say, reads go to the primary.
 */
export async function recordWritePosition<T>([entity, id]: Written, write: () => Promise<T>): Promise<T> {
  const key = cacheKeys.written(entity, id);
  const mark = (value: string) =>
    withRedis((client) => client.set(key, value, { expiration: { type: 'EX', value: rememberSeconds } }), 'SET written').catch(() => undefined);
  const markPosition = async () => mark(await walPositionAfterNow());
  await mark(writing);
  let result: T;
  try {
    result = await write();
  } catch (error) {
    // `write` may have committed some of its transactions before it failed (an order reserved, then
    // its payment told to wait): their position too, if the primary can say; else reads stay on it.
    await markPosition().catch(() => undefined);
    throw error;
  }
  await markPosition();
  return result;
}

/** Where a read of this entity may go: past a WAL position, only the primary, or anywhere (undefined). */
export async function readPosition(entity: Entity, id: string): Promise<bigint | 'primary' | undefined> {
  try {
    const value = await withRedis((client) => client.get(cacheKeys.written(entity, id)), 'GET written');
    if (value === null) return undefined;
    return value === writing ? 'primary' : parseLsn(value);
  } catch {
    return 'primary';
  }
}
