import { config } from '../shared/config';
import { migrate } from '../shared/db/migrate';

async function main(): Promise<void> {
  const applied = await migrate(config().DATABASE_URL);
  console.log(applied.length ? `migrated: ${applied.join(', ')}` : 'migrations: up to date');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
