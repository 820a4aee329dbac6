import postgres from 'postgres';
import { config } from '../config';
import { processName } from '../process/identity';
import { onShutdown } from '../process/shutdown';
import { ReplicaSet } from './replicas';

export { arrayLiteral } from './array-literal';

export type Sql = postgres.Sql;

let primaryPool: Sql | undefined;
let replicaSet: ReplicaSet | undefined;
let replicaPools: Sql[] = [];

/** Sees each query a pool sends: its text, its parameters and their type oids (0: left to the server). */
export type QueryObserver = (query: string, parameters: unknown[], types: number[]) => void;
let observer: QueryObserver | undefined;

/**
 * Hands every query of the pools opened from now on to `observe` (undefined stops it); only
 * test/query-plans.test.ts uses it. Pools opened while nothing observes get no hook at all: postgres.js
 * keeps a stack per query as soon as `debug` is set.
 */
export function observeQueries(observe: QueryObserver | undefined): void {
  observer = observe;
}

function connect(url: string): Sql {
  onShutdown(closeDb);
  return postgres(url, {
    max: config().DATABASE_POOL_MAX,
    connection: { application_name: processName() },
    transform: { undefined: null },
    onnotice: () => {},
    // No catalog query on connect: postgres.js runs it unawaited, so a connection lost during it
    // (a replica or PgBouncer going away) ends the process with an unhandled rejection
    // (porsager/postgres#1192). It also saves a round trip per new connection. The cost: a JS array
    // is not serialized as a parameter on its own: pass arrayLiteral(values).
    fetch_types: false,
    ...(observer && { debug: (_connection: number, query: string, parameters: unknown[], types: number[]) => observer?.(query, parameters, types) }),
  });
}

/** The primary: every write, and reads that must see the latest commit. */
export function primary(): Sql {
  primaryPool ??= connect(config().DATABASE_URL);
  return primaryPool;
}

/** The replicas of `DATABASE_REPLICA_URLS` with their lag, checked in the background from first use. */
export function replicas(): ReplicaSet {
  if (!replicaSet) {
    const urls = config().DATABASE_REPLICA_URLS;
    replicaPools = urls.map(connect);
    replicaSet = ReplicaSet.of(primary(), urls.map((url, index) => ({ url, sql: replicaPools[index]! })));
    replicaSet.start();
  }
  return replicaSet;
}

/**
 * Runs a read where it may go: a healthy replica within the lag bound (and past `after`, the WAL
 * position of a write the reader must see), else the primary. See shared/domain/read-your-writes.ts.
 */
export function read<T>(query: (sql: Sql) => Promise<T>, after?: bigint | 'primary'): Promise<T> {
  return replicas().read(query, after);
}

export async function closeDb(): Promise<void> {
  replicaSet?.stop();
  const pools = [primaryPool, ...replicaPools].filter((pool): pool is Sql => pool !== undefined);
  primaryPool = undefined;
  replicaSet = undefined;
  replicaPools = [];
  await Promise.all(pools.map((pool) => pool.end({ timeout: 5 })));
}
