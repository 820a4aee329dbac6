import { config } from '../config';
import { recordCacheLookup } from '../metrics';
import { setBounded } from '../process/bounded-map';

interface Entry {
  /** null: Redis has no such key (a read of a missing key is tracked too). */
  value: string | null;
  expiresAt: number;
}

const entries = new Map<string, Entry>();
/** Keys whose Redis read is on its way, each with the token of that read; an invalidation takes the token away. */
const pendingFills = new Map<string, symbol>();

/**
 * The first cache tier: values held in this process, each one a value this process read from Redis on the
 * connection that has CLIENT TRACKING on, so Redis tells us (an invalidation push) when any client changes
 * or deletes it. Entries also age out after CACHE_L1_TTL_MS, a bound for the case nothing else covers.
 */
export const localCache = {
  /** The value, null when Redis has none, undefined when this process does not know. */
  get(key: string): string | null | undefined {
    const entry = entries.get(key);
    if (entry !== undefined && entry.expiresAt > Date.now()) {
      recordCacheLookup('l1', true);
      return entry.value;
    }
    if (entry !== undefined) entries.delete(key);
    recordCacheLookup('l1', false);
    return undefined;
  },

  /**
   * Call before reading `key` from Redis; call the returned function with the value read (null: none), or
   * with nothing when the read failed. The value is kept only if no invalidation of the key arrived in
   * between: a push is handled as soon as it is decoded, before the code awaiting the reply runs.
   */
  beginFill(key: string): (value?: string | null) => void {
    const token = Symbol(key);
    pendingFills.set(key, token);
    return (value) => {
      if (pendingFills.get(key) !== token) return;
      pendingFills.delete(key);
      if (value === undefined) return;
      const { CACHE_L1_MAX_ENTRIES, CACHE_L1_TTL_MS } = config();
      if (CACHE_L1_MAX_ENTRIES === 0) return;
      setBounded(entries, CACHE_L1_MAX_ENTRIES, key, { value, expiresAt: Date.now() + CACHE_L1_TTL_MS });
    };
  },

  /** Redis says the key changed; null means "everything" (tracking was reset, or the connection was lost). */
  invalidate(key: string | null): void {
    if (key === null) {
      entries.clear();
      pendingFills.clear();
      return;
    }
    entries.delete(key);
    pendingFills.delete(key);
  },

  get size(): number {
    return entries.size;
  },
};
