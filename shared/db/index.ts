import postgres from 'postgres';
import { config } from '../config';
import { processName } from '../runtime/identity';
import { onShutdown } from '../runtime/shutdown';

export type Sql = postgres.Sql;

let primaryPool: Sql | undefined;
let replicaPools: Sql[] | undefined;
let nextReplica = 0;

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

/** A pool for reads: the replicas in turn when `DATABASE_REPLICA_URLS` names any, else the primary. */
export function reader(): Sql {
  replicaPools ??= config().DATABASE_REPLICA_URLS.map(connect);
  if (replicaPools.length === 0) return primary();
  nextReplica = (nextReplica + 1) % replicaPools.length;
  return replicaPools[nextReplica]!;
}

export async function closeDb(): Promise<void> {
  const pools = [primaryPool, ...(replicaPools ?? [])].filter((pool): pool is Sql => pool !== undefined);
  primaryPool = undefined;
  replicaPools = undefined;
  await Promise.all(pools.map((pool) => pool.end({ timeout: 5 })));
}
