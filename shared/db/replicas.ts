import { type CircuitBreakerPolicy, CircuitState } from 'cockatiel';
import type postgres from 'postgres';
import { config } from '../config';
import { logger } from '../log';
import { breaker, withTimeout } from '../resilience/breakers';
import { currentWalLsn, parseLsn } from './lsn';

type Sql = postgres.Sql;

interface Replica {
  name: string;
  sql: Sql;
  breaker: CircuitBreakerPolicy;
  /** Runs a query through the breaker, with a timeout: a replica that stops answering (not only one that refuses) fails fast. */
  guard: <T>(query: () => Promise<T>) => Promise<T>;
  /** WAL position the replica has replayed, as of the last check; undefined until known. */
  replayed?: bigint;
  lagBytes?: number;
}

/**
 * Keeps the replicas' replay positions and lag current (one check per REPLICA_CHECK_INTERVAL_MS) and
 * chooses where a read goes: a replica that is reachable (its breaker closed), within
 * REPLICA_MAX_LAG_BYTES of the primary and, for read-your-writes, past the position a read must see;
 * else the primary.
 */
export class ReplicaSet {
  private next = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly primary: Sql,
    private readonly replicas: Replica[],
  ) {}

  static of(primary: Sql, pools: { url: string; sql: Sql }[]): ReplicaSet {
    return new ReplicaSet(
      primary,
      pools.map(({ url, sql }, index) => {
        const name = `replica-${index + 1}`;
        logger().debug({ replica: name, host: new URL(url).host }, 'read replica configured');
        const replicaBreaker = breaker(name, { halfOpenAfterMs: 5_000 });
        const guard = <T>(query: () => Promise<T>) => replicaBreaker.execute(() => withTimeout(config().REPLICA_READ_TIMEOUT_MS, query));
        return { name, sql, breaker: replicaBreaker, guard };
      }),
    );
  }

  /** Reads the primary's WAL position and each replica's replay position once. */
  async check(): Promise<void> {
    const head = parseLsn(await currentWalLsn(this.primary));
    await Promise.all(
      this.replicas.map(async (replica) => {
        try {
          // A server that came up through crash recovery, or a promoted standby, still answers the
          // position its recovery replayed up to: only pg_is_in_recovery() tells a standby.
          const [state] = await replica.guard(() => replica.sql<{ standby: boolean; lsn: string | null }[]>`SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS lsn`);
          if (!state?.standby || !state.lsn) throw new Error(`${replica.name} is not a standby`);
          replica.replayed = parseLsn(state.lsn);
          replica.lagBytes = Number(head - replica.replayed);
        } catch (error) {
          replica.replayed = undefined;
          replica.lagBytes = undefined;
          logger().debug({ err: error, replica: replica.name }, 'replica check failed');
        }
      }),
    );
  }

  /** Starts the periodic check (the first runs at once); it never keeps the process alive. */
  start(): void {
    if (this.timer || this.replicas.length === 0) return;
    const run = () => void this.check().catch((error: unknown) => logger().warn({ err: error }, 'replica lag check failed'));
    run();
    this.timer = setInterval(run, config().REPLICA_CHECK_INTERVAL_MS).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private usable(after: bigint | undefined): Replica[] {
    const maxLag = config().REPLICA_MAX_LAG_BYTES;
    return this.replicas.filter(
      (replica) =>
        replica.replayed !== undefined &&
        replica.lagBytes !== undefined &&
        replica.lagBytes <= maxLag &&
        (after === undefined || replica.replayed >= after) &&
        replica.breaker.state !== CircuitState.Open,
    );
  }

  /**
   * Runs a read on a usable replica, or on the primary when none is (or when `after` is 'primary');
   * a failed replica read is retried once on the primary and counts against that replica's breaker.
   */
  async read<T>(query: (sql: Sql) => Promise<T>, after?: bigint | 'primary'): Promise<T> {
    const candidates = after === 'primary' ? [] : this.usable(after);
    if (candidates.length === 0) return query(this.primary);
    const replica = candidates[this.next++ % candidates.length]!;
    try {
      return await replica.guard(() => query(replica.sql));
    } catch (error) {
      logger().warn({ err: error, replica: replica.name }, 'replica read failed; reading the primary');
      return query(this.primary);
    }
  }

  /** Each replica's state, for /readyz and logs. */
  describe(): Record<string, { lagBytes: number | null }> {
    return Object.fromEntries(this.replicas.map((replica) => [replica.name, { lagBytes: replica.lagBytes ?? null }]));
  }
}
