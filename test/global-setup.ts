import postgres from 'postgres';
import { migrate } from '../shared/db/migrate';
import { seedCatalog } from '../shared/db/seed';
import { declareBrokerTopology } from '../scripts/lib/topology';
import { newRunEnv } from './run-env';

/** Size of the catalog every test run starts from: enough for pages, sorts and categories. */
export const testCatalogSize = 600;

export default async function globalSetup(): Promise<void> {
  const env = newRunEnv();
  Object.assign(process.env, env);
  await migrate(env.DATABASE_URL);
  await declareBrokerTopology();
  const sql = postgres(env.DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    await seedCatalog(sql, testCatalogSize);
    await sql`ANALYZE`;
  } finally {
    await sql.end();
  }
}
