import { cacheAside, cacheKeys, catalogVersion } from '../../shared/cache';
import { read } from '../../shared/db';
import { rawJson, type Reply } from '../../shared/http';

async function loadCategoriesJson(): Promise<string> {
  const items = await read(
    (sql) => sql`
      SELECT slug, name, description, (SELECT count(*)::int FROM products p WHERE p.category = c.slug) AS "productCount"
      FROM categories c
      ORDER BY name`,
  );
  return JSON.stringify({ items });
}

export async function listCategories(): Promise<Reply> {
  const version = await catalogVersion();
  const json = await cacheAside(cacheKeys.categories(version), loadCategoriesJson);
  return rawJson(json!);
}
