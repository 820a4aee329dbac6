// GET /v1/products with filters, cache warm: 50 query strings built from the seeded catalog (each
// category with a price band and a sort; 20 of them again with a full-text query and a price ceiling),
// each requested once to fill the cache, then loaded in turn against the products-list bundle.
import postgres from 'postgres';
import { benchEnv, bundle, type Row, warm, withServer } from './setup';
import { measureMax } from './wrk';

const sorts = ['newest', 'price', '-price', 'name'];

interface CategoryStats {
  slug: string;
  p25: number;
  p75: number;
  p90: number;
  /** Two words of a product's name after its brand ("Stainless Steel"): a full-text query with hits. */
  words: string;
}

async function categoryStats(): Promise<CategoryStats[]> {
  const sql = postgres(benchEnv.DATABASE_URL, { max: 1 });
  try {
    return await sql<CategoryStats[]>`
      SELECT category AS slug,
        percentile_disc(0.25) WITHIN GROUP (ORDER BY price) AS p25,
        percentile_disc(0.75) WITHIN GROUP (ORDER BY price) AS p75,
        percentile_disc(0.9) WITHIN GROUP (ORDER BY price) AS p90,
        split_part(min(name), ' ', 2) || ' ' || split_part(min(name), ' ', 3) AS words
      FROM products GROUP BY category ORDER BY category`;
  } finally {
    await sql.end();
  }
}

export async function listPaths(): Promise<string[]> {
  const stats = await categoryStats();
  const query = (params: Record<string, string | number>) => `/v1/products?${new URLSearchParams(Object.fromEntries(Object.entries(params).map(([key, value]) => [key, String(value)])))}`;
  const banded = stats.map((category, index) => query({ category: category.slug, minPrice: category.p25, maxPrice: category.p75, sort: sorts[index % sorts.length]! }));
  const searched = stats.map((category, index) => query({ category: category.slug, q: category.words, maxPrice: category.p90, sort: sorts[(index + 1) % sorts.length]! }));
  return [...banded, ...searched].slice(0, 50);
}

export async function productList(): Promise<Row> {
  const paths = await listPaths();
  return withServer([process.execPath, bundle('products-list')], {}, async (port, pid) => {
    await warm(port, paths);
    return measureMax(
      { scenario: 'GET /v1/products?category&price&sort[&q] (cache warm)', server: 'brisk node:http runtime', note: `${paths.length} query strings in turn` },
      { port, pid, requests: paths.map((path) => ({ path })) },
    );
  });
}
