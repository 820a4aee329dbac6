import postgres from 'postgres';
import { config } from '../config';
import { processName } from '../runtime/identity';
import { onShutdown } from '../runtime/shutdown';
import { ReplicaSet } from './replicas';

export type Sql = postgres.Sql;

let primaryPool: Sql | undefined;
let replicaSet: ReplicaSet | undefined;
let replicaPools: Sql[] = [];

function connect(url: string): Sql {
  onShutdown(closeDb);
  return postgres(url, {
    max: config().DATABASE_POOL_MAX,
    connection: { application_name: processName() },
    transform: { undefined: null },
    onnotice: () => {},
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
 * position of a write the reader must see), else the primary. See shared/db/read-your-writes.ts.
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
