import postgres from 'postgres';

type DbModule = typeof import('./index');
type IdentityModule = typeof import('../runtime/identity');
type ConfigModule = typeof import('../config');

interface Loaded {
  db: DbModule;
  identity: IdentityModule;
}

const primaryUrl = process.env.DATABASE_URL!;
/** The extra database standing in for a replica: the run's database name plus a suffix. */
const replicaUrl = (() => {
  const url = new URL(primaryUrl);
  url.pathname = `${url.pathname}_replica`;
  return url.toString();
})();
const replicaName = new URL(replicaUrl).pathname.slice(1);

const adminUrl = (() => {
  const url = new URL(primaryUrl);
  url.pathname = '/postgres';
  return url.toString();
})();

const marker = `replica-marker-${process.pid}`;
const loadedModules: Loaded[] = [];

function restoreEnv(saved: NodeJS.ProcessEnv): void {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
}

/**
 * A fresh copy of shared/db, shared/runtime/identity and shared/config (config() is memoized per registry),
 * whose config is read from process.env with `env` applied.
 */
function loadDb(env: Record<string, string | undefined>, processName?: string): Loaded {
  const saved = { ...process.env };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  let loaded: Loaded | undefined;
  try {
    jest.isolateModules(() => {
      (require('../config') as ConfigModule).config();
      const identity = require('../runtime/identity') as IdentityModule;
      if (processName) identity.setProcessName(processName);
      loaded = { db: require('./index') as DbModule, identity };
    });
  } finally {
    restoreEnv(saved);
  }
  loadedModules.push(loaded!);
  return loaded!;
}

async function markerIn(sql: postgres.Sql): Promise<string | null> {
  const [table] = await sql<{ present: boolean }[]>`SELECT to_regclass('public.replica_marker') IS NOT NULL AS present`;
  if (!table!.present) return null;
  const [row] = await sql.unsafe<{ value: string }[]>('SELECT value FROM replica_marker LIMIT 1');
  return row?.value ?? null;
}

beforeAll(async () => {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${replicaName}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${replicaName}"`);
  } finally {
    await admin.end();
  }
  const replica = postgres(replicaUrl, { max: 1, onnotice: () => {} });
  try {
    await replica`CREATE TABLE replica_marker (value text NOT NULL)`;
    await replica`INSERT INTO replica_marker (value) VALUES (${marker})`;
  } finally {
    await replica.end();
  }
});

afterAll(async () => {
  await Promise.all(loadedModules.map(({ db }) => db.closeDb()));
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${replicaName}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
});

describe('reader() with DATABASE_REPLICA_URLS configured', () => {
  let loaded: Loaded;
  beforeAll(() => {
    loaded = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: replicaUrl }, 'db-test-replicas');
  });

  it('reads the replica database, where the marker is', async () => {
    expect(await markerIn(loaded.db.reader())).toBe(marker);
    const [row] = await loaded.db.reader()<{ name: string }[]>`SELECT current_database() AS name`;
    expect(row!.name).toBe(replicaName);
  });

  it('keeps primary() on the primary database, where the marker is not', async () => {
    expect(await markerIn(loaded.db.primary())).toBeNull();
    const [row] = await loaded.db.primary()<{ name: string }[]>`SELECT current_database() AS name`;
    expect(row!.name).toBe(new URL(primaryUrl).pathname.slice(1));
  });

  it('returns a pool other than the primary', () => {
    expect(loaded.db.reader()).not.toBe(loaded.db.primary());
  });

  it('names replica and primary connections after the process', async () => {
    const [onReplica] = await loaded.db.reader()<{ name: string }[]>`SELECT current_setting('application_name') AS name`;
    const [onPrimary] = await loaded.db.primary()<{ name: string }[]>`SELECT current_setting('application_name') AS name`;
    expect(onReplica!.name).toBe('db-test-replicas');
    expect(onPrimary!.name).toBe('db-test-replicas');
  });
});

describe('reader() with two replicas', () => {
  it('spreads reads over every configured replica, and never to the primary', async () => {
    const { db } = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: `${replicaUrl}, ${replicaUrl}` });
    const pools = new Set(Array.from({ length: 4 }, () => db.reader()));
    expect(pools.size).toBe(2);
    expect(pools.has(db.primary())).toBe(false);
    for (const pool of pools) expect(await markerIn(pool)).toBe(marker);
  });
});

describe('reader() without replicas', () => {
  let loaded: Loaded;
  beforeAll(() => {
    loaded = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: undefined }, 'db-test-primary-only');
  });

  it('is the primary pool', () => {
    expect(loaded.db.reader()).toBe(loaded.db.primary());
  });

  it('reads the primary database, where the marker is not and the catalog is', async () => {
    expect(await markerIn(loaded.db.reader())).toBeNull();
    const [row] = await loaded.db.reader()<{ count: number }[]>`SELECT count(*)::int AS count FROM products`;
    expect(row!.count).toBeGreaterThan(0);
  });

  it('names its connections after the process (application_name)', async () => {
    const [row] = await loaded.db.reader()<{ name: string }[]>`SELECT current_setting('application_name') AS name`;
    expect(row!.name).toBe('db-test-primary-only');
    expect(loaded.identity.processName()).toBe('db-test-primary-only');
  });
});

describe('application_name', () => {
  it("is 'brisk' when the process was never named", async () => {
    const { db } = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: undefined });
    const [row] = await db.primary()<{ name: string }[]>`SELECT current_setting('application_name') AS name`;
    expect(row!.name).toBe('brisk');
  });
});

describe('closeDb()', () => {
  it('ends every pool, and the next primary() opens a new one', async () => {
    const { db } = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: replicaUrl });
    const first = db.primary();
    const firstReader = db.reader();
    await first`SELECT 1`;
    await firstReader`SELECT 1`;
    await db.closeDb();
    await expect(first`SELECT 1`).rejects.toThrow();
    const second = db.primary();
    expect(second).not.toBe(first);
    expect(db.reader()).not.toBe(firstReader);
    const [row] = await second<{ one: number }[]>`SELECT 1 AS one`;
    expect(row!.one).toBe(1);
  });
});
