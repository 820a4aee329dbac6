import { closeDb, primary } from '../shared/db';
import { seedCatalog } from '../shared/db/seed';

/** Reads `--products N` (or `--products=N`); 10,000 when absent. */
function productCount(argv: readonly string[]): number {
  const index = argv.findIndex((arg) => arg === '--products' || arg.startsWith('--products='));
  if (index === -1) return 10_000;
  const arg = argv[index]!;
  const raw = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
  const count = Number(raw);
  if (raw === undefined || raw === '' || !Number.isInteger(count) || count < 0) {
    throw new Error(`--products needs a non-negative integer, got ${raw ?? 'nothing'}`);
  }
  return count;
}

async function main(): Promise<void> {
  try {
    const seeded = await seedCatalog(primary(), productCount(process.argv.slice(2)));
    console.log(
      seeded.categories === 0 && seeded.products === 0
        ? 'catalog already seeded'
        : `seeded ${seeded.categories} categories, ${seeded.products} products`,
    );
  } finally {
    await closeDb();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
