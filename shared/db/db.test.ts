import { execFile } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { v7 } from 'uuid';
import { type RecoveredServer, startRecoveredServer } from '../../test/recovered-server';
import { startTcpProxy, type TcpProxy } from '../../test/tcp-proxy';
import type { ConfigValues } from '../config';
import { currentWalLsn, parseLsn } from './lsn';
import { insertProduct as insertTestProduct, setStock } from '../../test/products';

const run = promisify(execFile);

/**
 * shared/db against the machine's real PostgreSQL primary (5432) and its real streaming replica (5433,
 * `npm run db:replica`), where this run's database exists too (CREATE DATABASE replicates). Lag is made
 * for real by pausing WAL replay on the replica; an unreachable replica is a TCP proxy that cuts.
 */

type Loaded = {
  db: typeof import('./index');
  readYourWrites: typeof import('../domain/read-your-writes');
  identity: typeof import('../process/identity');
  breakers: typeof import('../resilience/breakers');
  cache: typeof import('../cache');
  config: ReturnType<typeof import('../config').config>;
};

const primaryUrl = process.env.DATABASE_URL!;
const withPort = (url: string, port: number): string => {
  const changed = new URL(url);
  changed.port = String(port);
  return changed.toString();
};
/** This run's database on the replica. */
const replicaUrl = withPort(primaryUrl, 5433);
/** The tests below run check() themselves: the background check of every second would race them. */
const checkByHand = { REPLICA_CHECK_INTERVAL_MS: String(3_600_000) };

const loadedModules: Loaded[] = [];

/**
 * A fresh copy of shared/db and what it uses (shared/config, memoized per registry; the runtime identity;
 * the breaker registry; Redis), with `values` over the run's settings (undefined: the default).
 */
function loadDb(values: ConfigValues, processName?: string): Loaded {
  let loaded: Loaded | undefined;
  jest.isolateModules(() => {
    const config = (require('../config') as typeof import('../config')).setConfig(values);
    const identity = require('../process/identity') as Loaded['identity'];
    if (processName) identity.setProcessName(processName);
    loaded = {
      db: require('./index') as Loaded['db'],
      readYourWrites: require('../domain/read-your-writes') as Loaded['readYourWrites'],
      identity,
      breakers: require('../resilience/breakers') as Loaded['breakers'],
      cache: require('../cache') as Loaded['cache'],
      config,
    };
  });
  loadedModules.push(loaded!);
  return loaded!;
}

interface Server {
  recovery: boolean;
  port: number;
}
const onReplica: Server = { recovery: true, port: 5433 };
const onPrimary: Server = { recovery: false, port: 5432 };

/** Where read() ran the query: the server's own answer (the proxy is transparent to it). */
async function serverOf({ db }: Loaded, after?: bigint | 'primary'): Promise<Server> {
  const [row] = await db.read((sql) => sql<Server[]>`SELECT pg_is_in_recovery() AS recovery, inet_server_port() AS port`, after);
  return row!;
}

/** Bounded polling: check() until reads go to the replica (it may still be replaying what came before). */
async function untilReadsGoToTheReplica(loaded: Loaded, after?: bigint, { attempts = 100, intervalMs = 50 } = {}): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    await loaded.db.replicas().check();
    if ((await serverOf(loaded, after)).recovery) return;
    await sleep(intervalMs);
  }
  throw new Error(`reads still go to the primary after ${attempts} checks: ${JSON.stringify(loaded.db.replicas().describe())}`);
}

/** A superuser session on the replica, to pause and resume its WAL replay. */
const replicaAdmin = postgres(replicaUrl, { max: 1, onnotice: () => {} });
/** One on the primary, for the rows these tests write. */
const primaryAdmin = postgres(primaryUrl, { max: 1, onnotice: () => {} });

async function pauseReplay(): Promise<void> {
  await replicaAdmin`SELECT pg_wal_replay_pause()`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const [row] = await replicaAdmin<{ state: string }[]>`SELECT pg_get_wal_replay_pause_state() AS state`;
    if (row!.state === 'paused') return;
    await sleep(20);
  }
  throw new Error('WAL replay did not pause');
}

const resumeReplay = () => replicaAdmin`SELECT pg_wal_replay_resume()`;

/** Products these tests insert, in the category the order tests use, which no other test file walks or counts. */
const productIds: string[] = [];
async function insertProduct(stock: number): Promise<string> {
  const id = v7();
  productIds.push(id);
  await insertTestProduct(primaryAdmin, { id, sku: `TEST-DB-${id}`, name: 'Test Replica Mat', description: 'Inserted by shared/db/db.test.ts', category: 'yoga', price: 1000, stock });
  return id;
}

const stockQuery = (id: string) => (sql: postgres.Sql) =>
  sql<(Server & { stock: number })[]>`SELECT stock, pg_is_in_recovery() AS recovery, inet_server_port() AS port FROM product_stock WHERE product_id = ${id}`;

const scratchTable = `db_test_scratch_${process.pid}`;

beforeAll(async () => {
  const [replica] = await replicaAdmin<{ recovery: boolean }[]>`SELECT pg_is_in_recovery() AS recovery`;
  if (!replica!.recovery) throw new Error(`${replicaUrl} is not a standby: start the replica with npm run db:replica`);
});

afterEach(() => resumeReplay());

afterAll(async () => {
  await resumeReplay();
  for (const { db, cache } of loadedModules) {
    await db.closeDb();
    await cache.closeRedis();
  }
  await primaryAdmin`DELETE FROM products WHERE id = ANY(${productIds}::uuid[])`;
  await primaryAdmin.unsafe(`DROP TABLE IF EXISTS ${scratchTable}`);
  await Promise.all([replicaAdmin.end(), primaryAdmin.end()]);
});

describe('read() with the replica configured', () => {
  it('goes to the primary until a check has seen the replica, then to the replica', async () => {
    const fresh = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: replicaUrl, ...checkByHand });
    expect(await serverOf(fresh)).toEqual(onPrimary); // the first read starts the checks; none has answered yet
    await untilReadsGoToTheReplica(fresh);
    expect(await serverOf(fresh)).toEqual(onReplica);
  });

  let loaded: Loaded;
  beforeAll(async () => {
    loaded = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: replicaUrl, ...checkByHand }, 'db-test-replicas');
    await untilReadsGoToTheReplica(loaded);
  });

  it('takes 100 reads at once without a MaxListenersExceededWarning (no abort listener per read)', async () => {
    // Its own process: Node warns on the real process's stderr, which a test's sandbox does not see.
    const script = `
      const { default: db } = await import('./shared/db/index.ts');
      await db.replicas().check();
      const rows = await Promise.all(Array.from({ length: 100 }, () => db.read((sql) => sql\`SELECT pg_is_in_recovery() AS replica\`)));
      console.log(rows.filter(([row]) => row.replica).length);
      await db.closeDb();`;
    const env = { ...process.env, DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: replicaUrl, ...checkByHand };
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: path.join(__dirname, '../..'), env });
    expect(stdout.trim()).toBe('100');
    expect(stderr).not.toContain('MaxListenersExceededWarning');
  });

  it('runs on the replica once check() has seen it within the lag bound', async () => {
    await loaded.db.replicas().check();
    expect(await serverOf(loaded)).toEqual(onReplica);
    expect(loaded.db.replicas().describe()['replica-1']!.lagBytes).toBeLessThanOrEqual(loaded.config.REPLICA_MAX_LAG_BYTES);
  });

  it("reads this run's database there: the seeded catalog", async () => {
    const [row] = await loaded.db.read((sql) => sql<{ count: number; recovery: boolean }[]>`SELECT count(*)::int AS count, pg_is_in_recovery() AS recovery FROM products`);
    expect(row).toEqual({ count: expect.any(Number), recovery: true });
    expect(row!.count).toBeGreaterThan(0);
  });

  it("runs on the primary when told to ('primary')", async () => {
    expect(await serverOf(loaded, 'primary')).toEqual(onPrimary);
  });

  it('keeps primary() on the primary', async () => {
    const [row] = await loaded.db.primary()<Server[]>`SELECT pg_is_in_recovery() AS recovery, inet_server_port() AS port`;
    expect(row).toEqual(onPrimary);
  });

  it('names replica and primary connections after the process (application_name)', async () => {
    const [replica] = await loaded.db.read((sql) => sql<{ name: string; recovery: boolean }[]>`SELECT current_setting('application_name') AS name, pg_is_in_recovery() AS recovery`);
    const [primary] = await loaded.db.primary()<{ name: string }[]>`SELECT current_setting('application_name') AS name`;
    expect(replica).toEqual({ name: 'db-test-replicas', recovery: true });
    expect(primary!.name).toBe('db-test-replicas');
  });
});

describe('read() without replicas', () => {
  let loaded: Loaded;
  beforeAll(() => {
    loaded = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: undefined }, 'db-test-primary-only');
  });

  it('runs on the primary', async () => {
    await loaded.db.replicas().check();
    expect(await serverOf(loaded)).toEqual(onPrimary);
    expect(loaded.db.replicas().describe()).toEqual({});
  });

  it('names its connections after the process (application_name)', async () => {
    const [row] = await loaded.db.read((sql) => sql<{ name: string }[]>`SELECT current_setting('application_name') AS name`);
    expect(row!.name).toBe('db-test-primary-only');
    expect(loaded.identity.processName()).toBe('db-test-primary-only');
  });
});

describe('a replica lagging beyond REPLICA_MAX_LAG_BYTES', () => {
  it('takes no reads until it has caught up', async () => {
    const loaded = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: replicaUrl, ...checkByHand });
    await untilReadsGoToTheReplica(loaded);
    const maxLag = loaded.config.REPLICA_MAX_LAG_BYTES;

    await pauseReplay();
    // Some MB of WAL the replica does not replay: rows written and deleted again on the primary.
    await primaryAdmin.unsafe(`CREATE TABLE ${scratchTable} (id int PRIMARY KEY, padding text NOT NULL)`);
    await primaryAdmin.unsafe(`INSERT INTO ${scratchTable} SELECT g, repeat('x', 200) FROM generate_series(1, 20000) AS g`);
    await primaryAdmin.unsafe(`DELETE FROM ${scratchTable}`);
    await loaded.db.replicas().check();

    expect(loaded.db.replicas().describe()['replica-1']!.lagBytes).toBeGreaterThan(maxLag);
    expect(await serverOf(loaded)).toEqual(onPrimary);

    await resumeReplay();
    await untilReadsGoToTheReplica(loaded);
    expect(loaded.db.replicas().describe()['replica-1']!.lagBytes).toBeLessThanOrEqual(maxLag);
  });
});

describe('read-your-writes (recordWritePosition, readPosition)', () => {
  let loaded: Loaded;
  beforeAll(async () => {
    // While replay is paused the replica falls behind by whatever the whole cluster writes meanwhile
    // (other test workers too): a generous bound keeps it a replica for reads that need no position.
    loaded = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: replicaUrl, REPLICA_MAX_LAG_BYTES: String(1024 ** 3), ...checkByHand });
  });

  afterAll(async () => {
    const client = await loaded.cache.redis();
    await client.del(productIds.map((id) => loaded.cache.cacheKeys.written('product', id)));
  });

  it('sends a read of a written entity to the primary until the replica has replayed the write; others still read the replica', async () => {
    const [written, other] = [await insertProduct(5), await insertProduct(7)];
    await untilReadsGoToTheReplica(loaded);
    // Both rows are on the replica before replay stops.
    await expect(loaded.db.read(stockQuery(other))).resolves.toEqual([{ stock: 7, ...onReplica }]);
    await expect(loaded.db.read(stockQuery(written))).resolves.toEqual([{ stock: 5, ...onReplica }]);

    await pauseReplay();
    await loaded.readYourWrites.recordWritePosition(['product', written], () => setStock(loaded.db.primary(), written, 42));
    await loaded.db.replicas().check();

    const position = await loaded.readYourWrites.readPosition('product', written);
    expect(typeof position).toBe('bigint');
    expect(await loaded.db.read(stockQuery(written), position)).toEqual([{ stock: 42, ...onPrimary }]);
    // Without the position the replica would have answered the old stock.
    expect(await loaded.db.read(stockQuery(written))).toEqual([{ stock: 5, ...onReplica }]);

    expect(await loaded.readYourWrites.readPosition('product', other)).toBeUndefined();
    expect(await loaded.db.read(stockQuery(other), await loaded.readYourWrites.readPosition('product', other))).toEqual([{ stock: 7, ...onReplica }]);

    await resumeReplay();
    await untilReadsGoToTheReplica(loaded, position as bigint);
    expect(await loaded.db.read(stockQuery(written), position)).toEqual([{ stock: 42, ...onReplica }]);
  });

  it("answers 'primary' while a write is in flight, and the write's WAL position once it has committed", async () => {
    const id = await insertProduct(3);
    await untilReadsGoToTheReplica(loaded);
    let started!: () => void;
    let release!: () => void;
    const writeStarted = new Promise<void>((resolve) => (started = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));

    const writing = loaded.readYourWrites.recordWritePosition(['product', id], async () => {
      started();
      await gate;
      await setStock(loaded.db.primary(), id, 4);
    });
    await writeStarted;
    expect(await loaded.readYourWrites.readPosition('product', id)).toBe('primary');
    expect(await loaded.db.read(stockQuery(id), 'primary')).toEqual([{ stock: 3, ...onPrimary }]);

    release();
    await writing;
    const position = await loaded.readYourWrites.readPosition('product', id);
    expect(typeof position).toBe('bigint');
    await untilReadsGoToTheReplica(loaded, position as bigint);
    expect(await loaded.db.read(stockQuery(id), position)).toEqual([{ stock: 4, ...onReplica }]);
  });
});

describe('read-your-writes: the WAL position read after writes', () => {
  it('is read once for writes that finish together, and is past each one\'s commit', async () => {
    const fresh = loadDb({ DATABASE_URL: primaryUrl, ...checkByHand });
    const sent: string[] = [];
    fresh.db.observeQueries((query) => sent.push(query));
    const ids = await Promise.all([1, 2, 3, 4, 5, 6].map(insertProduct));
    const committed: bigint[] = [];
    let allCommitted!: () => void;
    const together = new Promise<void>((resolve) => (allCommitted = resolve));
    await Promise.all(
      ids.map((id, n) =>
        fresh.readYourWrites.recordWritePosition(['product', id], async () => {
          await setStock(fresh.db.primary(), id, 10 + n);
          committed[n] = parseLsn(await currentWalLsn(primaryAdmin));
          if (committed.filter(Boolean).length === ids.length) allCommitted();
          await together;
        }),
      ),
    );
    const positions = await Promise.all(ids.map((id) => fresh.readYourWrites.readPosition('product', id)));
    positions.forEach((position, n) => expect(position as bigint).toBeGreaterThanOrEqual(committed[n]!));
    // One read for the first to finish; the rest found it in flight (perhaps sent before their commit)
    // and shared the one after it.
    expect(sent.filter((query) => query.includes('pg_current_wal_lsn'))).toHaveLength(2);
    fresh.db.observeQueries(undefined);
  });

  it('fails the writers sharing a read the primary does not answer, leaves their reads on the primary, and reads again for the next', async () => {
    const proxy = await startTcpProxy(Number(new URL(primaryUrl).port || 5432));
    try {
      const fresh = loadDb({ DATABASE_URL: withPort(primaryUrl, proxy.port), ...checkByHand });
      const [first, second] = [await insertProduct(1), await insertProduct(2)];
      await fresh.db.primary()`SELECT 1`; // the pool's connection open before the network stalls
      proxy.delay(4_000);
      const outcomes = await Promise.allSettled([first, second].map((id) => fresh.readYourWrites.recordWritePosition(['product', id], async () => {})));
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
      expect(await fresh.readYourWrites.readPosition('product', first)).toBe('primary');
      expect(await fresh.readYourWrites.readPosition('product', second)).toBe('primary');

      proxy.resume();
      await fresh.readYourWrites.recordWritePosition(['product', first], async () => {});
      expect(typeof (await fresh.readYourWrites.readPosition('product', first))).toBe('bigint');
    } finally {
      await proxy.close();
    }
  }, 15_000);
});

describe('a replica that is down', () => {
  let proxy: TcpProxy;
  beforeAll(async () => {
    proxy = await startTcpProxy(5433);
  });
  afterEach(() => proxy.resume());
  afterAll(() => proxy.close());

  it('fails over to the primary, opens its breaker, and takes reads again once it is back and the breaker half-opens', async () => {
    const loaded = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: withPort(replicaUrl, proxy.port), ...checkByHand });
    await untilReadsGoToTheReplica(loaded);
    expect(loaded.breakers.breakerStates()).toMatchObject({ 'replica-1': 'closed' });

    proxy.cut();
    // Reads are answered by the primary. A read that tries the replica fails there, and so does every
    // check(): each counts against the replica's breaker, which opens once most calls in its window failed.
    for (let round = 0; round < 3; round += 1) {
      expect(await serverOf(loaded)).toEqual(onPrimary);
      await loaded.db.replicas().check();
    }
    expect(loaded.breakers.breakerStates()).toMatchObject({ 'replica-1': 'open' });
    const opened = Date.now();

    // While it is open, reads go straight to the primary: no connection to the replica is tried.
    const attempts = proxy.connections;
    expect(await serverOf(loaded)).toEqual(onPrimary);
    await loaded.db.replicas().check();
    expect(await serverOf(loaded)).toEqual(onPrimary);
    expect(proxy.connections).toBe(attempts);

    proxy.resume();
    // The breaker stays open for 5 s (ReplicaSet.of); the first check() after that closes it again.
    await untilReadsGoToTheReplica(loaded, undefined, { attempts: 80, intervalMs: 100 });
    expect(Date.now() - opened).toBeGreaterThanOrEqual(4_900); // `opened` was taken just after it opened
    expect(loaded.breakers.breakerStates()).toMatchObject({ 'replica-1': 'closed' });
  });

  // A replica whose TCP connections are accepted and then closed before the startup handshake (a load
  // balancer whose backend is gone) makes postgres.js reconnect without end: only the replica timeout
  // (REPLICA_READ_TIMEOUT_MS) lets read() and check() settle, fall back and count against the breaker.
  it('fails over to the primary within 5 s when the replica closes every connection (cut cleanly)', async () => {
    const loaded = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: withPort(replicaUrl, proxy.port), ...checkByHand });
    await untilReadsGoToTheReplica(loaded);

    proxy.cut('close');
    const noAnswer = (what: string) => sleep(5_000, `${what} did not settle within 5 s`);
    for (let round = 1; round <= 3; round += 1) {
      expect(await Promise.race([serverOf(loaded), noAnswer(`read ${round}`)])).toEqual(onPrimary);
      expect(await Promise.race([loaded.db.replicas().check().then(() => 'checked'), noAnswer(`check ${round}`)])).toBe('checked');
    }
    expect(loaded.breakers.breakerStates()).toMatchObject({ 'replica-1': 'open' });
  });
});

describe('a replica URL naming a server that is no standby but came up through recovery', () => {
  let recovered: RecoveredServer;
  beforeAll(async () => {
    recovered = await startRecoveredServer(primaryUrl);
  }, 60_000);
  afterAll(() => recovered.stop());

  // Its pg_last_wal_replay_lsn() is not null (a crash-restarted primary or a promoted standby): only
  // pg_is_in_recovery() tells that it replicates nothing, and reads must not go there.
  it('is not taken for a replica: no lag is reported and reads stay on the primary', async () => {
    const loaded = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: recovered.url, ...checkByHand });
    const admin = postgres(recovered.url, { max: 1 });
    const [state] = await admin<{ recovery: boolean; replayed: string | null }[]>`SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replayed`;
    await admin.end();
    expect(state).toEqual({ recovery: false, replayed: expect.any(String) });

    await loaded.db.replicas().check();
    expect(loaded.db.replicas().describe()).toEqual({ 'replica-1': { lagBytes: null } });
    expect(await serverOf(loaded)).toEqual(onPrimary);
  });
});

describe('a new connection', () => {
  it('sends no type-catalog query of its own, which postgres.js would run unawaited (porsager/postgres#1192)', async () => {
    const sent: string[] = [];
    const loaded = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: undefined });
    loaded.db.observeQueries((query) => sent.push(query));
    const [row] = await loaded.db.primary()<{ one: number }[]>`SELECT 1 AS one`;
    expect(row!.one).toBe(1);
    expect(sent).toEqual(['SELECT 1 AS one']);
  });

  it('takes an array parameter as arrayLiteral(values), quotes, commas and backslashes included', async () => {
    const { db } = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: undefined });
    const values = ['plain', 'a "quoted" word', 'comma, and {braces}', 'back\\slash', '', 'NULL'];
    const rows = await db.primary()<{ value: string }[]>`SELECT unnest(${db.arrayLiteral(values)}::text[]) AS value`;
    expect(rows.map((row) => row.value)).toEqual(values);
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
  it('ends every pool, and the next primary() and read() open new ones', async () => {
    const loaded = loadDb({ DATABASE_URL: primaryUrl, DATABASE_REPLICA_URLS: replicaUrl, ...checkByHand });
    const { db } = loaded;
    const first = db.primary();
    const firstReplicas = db.replicas();
    await untilReadsGoToTheReplica(loaded);
    await db.closeDb();
    await expect(first`SELECT 1`).rejects.toThrow();

    const second = db.primary();
    expect(second).not.toBe(first);
    expect(db.replicas()).not.toBe(firstReplicas);
    const [row] = await second<{ one: number }[]>`SELECT 1 AS one`;
    expect(row!.one).toBe(1);
    await untilReadsGoToTheReplica(loaded);
  });
});
