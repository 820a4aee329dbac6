import postgres from 'postgres';
import { migrate } from '../../shared/db/migrate';
import { seedCatalog } from '../../shared/db/seed';

/** Migrates the database and seeds the demo catalog when it has no products; says what it did. */
export async function prepareDatabase(databaseUrl: string, say: (line: string) => void = console.log): Promise<void> {
  const applied = await migrate(databaseUrl);
  say(applied.length ? `✔ migrated (${applied.join(', ')})` : '✔ database schema up to date');
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ count: number }[]>`SELECT count(*)::int AS count FROM products`;
    if (row && row.count > 0) {
      say(`✔ catalog has ${row.count} products`);
    } else {
      const seeded = await seedCatalog(sql);
      say(`✔ seeded ${seeded.categories} categories and ${seeded.products} products`);
    }
  } finally {
    await sql.end();
  }
}
