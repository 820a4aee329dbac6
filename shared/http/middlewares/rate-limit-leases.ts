import { setBounded } from '../../process/bounded-map';
import { RateLimiterRes } from './rate-limiter-parts';

/** A limiter's answer for some points: what it counted (points remaining, time to the window's reset) and whether it let them through. */
export interface Answer {
  result: RateLimiterRes;
  allowed: boolean;
}

/** Points this process has taken from a client's shared counter and not spent yet, within the counter's window. */
interface Lease {
  unspent: number;
  /** What the shared counter had left after the lease was taken. */
  sharedRemaining: number;
  endsAt: number;
}

/** Oldest lease first: a client's new lease goes to the end. */
const leases = new Map<string, Lease>();
/** Leases kept at most: one per client seen lately, whatever number of addresses a flood comes from; the oldest go first and their clients take a new lease on their next request. */
const maxLeases = 10_000;
/** A lease on its way from Redis, per client: concurrent requests wait for it instead of each taking one. */
const taking = new Map<string, Promise<Answer>>();

/**
 * The share of a window's points one process takes from the shared counter at once. A client well under its
 * limit then costs one Redis round trip per lease, not per request. Nothing is ever admitted over the limit
 * (points are charged before they are spent); a client spread over N processes may be refused up to
 * N × (lease − 1) points early, at most N × 5% of its limit.
 */
export const leaseSize = (limit: number): number => Math.max(1, Math.floor(limit / 20));

function spend(leaseKey: string, now: number): RateLimiterRes | undefined {
  const lease = leases.get(leaseKey);
  if (!lease || lease.unspent === 0 || lease.endsAt <= now) return undefined;
  lease.unspent -= 1;
  return new RateLimiterRes(lease.sharedRemaining + lease.unspent, lease.endsAt - now);
}

/** Takes `size` points from the shared counter; the request that takes them spends the first. */
async function takeLease(leaseKey: string, size: number, takeShared: (points: number) => Promise<Answer>): Promise<Answer> {
  const now = Date.now();
  const { result, allowed } = await takeShared(size);
  if (!allowed) return { result, allowed: false };
  leases.delete(leaseKey);
  setBounded(leases, maxLeases, leaseKey, { unspent: size - 1, sharedRemaining: result.remainingPoints, endsAt: now + result.msBeforeNext });
  return { result: new RateLimiterRes(result.remainingPoints + size - 1, result.msBeforeNext), allowed: true };
}

/**
 * Counts one request of the client `leaseKey` names: from this process's lease while it lasts, else from a
 * new lease of up to `fullLease` points that `takeShared` charges to the shared counter.
 */
export async function consumeLeased(leaseKey: string, fullLease: number, takeShared: (points: number) => Promise<Answer>): Promise<Answer> {
  for (;;) {
    const spent = spend(leaseKey, Date.now());
    if (spent) return { result: spent, allowed: true };
    const pending = taking.get(leaseKey);
    if (!pending) break;
    const answer = await pending;
    if (!answer.allowed) return answer;
  }
  const last = leases.get(leaseKey);
  // Near the end of the points, no more than the counter has left: a lease it cannot grant is refused whole.
  const size = last && last.endsAt > Date.now() ? Math.min(fullLease, Math.max(1, last.sharedRemaining)) : fullLease;
  const lease = takeLease(leaseKey, size, takeShared).finally(() => taking.delete(leaseKey));
  taking.set(leaseKey, lease);
  return lease;
}
