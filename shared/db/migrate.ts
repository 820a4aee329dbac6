import path from 'node:path';
import postgres from 'postgres';
import Postgrator from 'postgrator';

const migrationsDir = path.join(__dirname, 'migrations');

/** The same server's maintenance database, `postgres`: where databases are created, dropped and listed. */
export const maintenanceUrl = (databaseUrl: string): string => Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString();

/** Runs `work` on the server's maintenance database with the name of the database `databaseUrl` names. */
async function asAdmin(databaseUrl: string, work: (admin: postgres.Sql, name: string) => Promise<unknown>): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  const admin = postgres(maintenanceUrl(databaseUrl), { max: 1, onnotice: () => {} });
  try {
    await work(admin, name);
  } finally {
    await admin.end();
  }
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Creates the database named by `databaseUrl` when it does not exist yet. */
function ensureDatabase(databaseUrl: string): Promise<void> {
  return asAdmin(databaseUrl, async (admin, name) => {
    const [exists] = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    if (!exists) await admin.unsafe(`CREATE DATABASE ${quoted(name)}`).catch(ignoreDuplicateDatabase);
  });
}

/** Drops the database named by `databaseUrl` (if it exists), closing its connections first. */
export function dropDatabase(databaseUrl: string): Promise<void> {
  return asAdmin(databaseUrl, (admin, name) => admin.unsafe(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`));
}

function ignoreDuplicateDatabase(error: { code?: string }): void {
  if (error.code !== '42P04') throw error;
}

/** Applies every migration in shared/db/migrations not yet applied; returns the versions it ran. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  // One connection: postgrator's statements and a migration's own must share a session.
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const postgrator = new Postgrator({
      migrationPattern: path.join(migrationsDir, '*.sql'),
      driver: 'pg',
      database: new URL(databaseUrl).pathname.slice(1),
      execQuery: async (query) => ({ rows: await sql.unsafe(query).simple() }),
    });
    const applied = await postgrator.migrate();
    return applied.map((migration) => `${migration.version} ${migration.name}`);
  } finally {
    await sql.end();
  }
}
