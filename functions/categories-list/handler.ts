import { cacheAside, cacheKeys, catalogVersion } from '../../shared/cache';
import { reader } from '../../shared/db';
import { rawJson, type Reply } from '../../shared/http';

export async function loadCategoriesJson(): Promise<string> {
  const [row] = await reader()<{ json: string }[]>`
    SELECT json_build_object('items', coalesce(json_agg(json_build_object(
      'slug', c.slug, 'name', c.name, 'description', c.description,
      'productCount', (SELECT count(*) FROM products p WHERE p.category = c.slug)
    ) ORDER BY c.name), '[]'))::text AS json
    FROM categories c`;
  return row!.json;
}

export async function listCategories(): Promise<Reply> {
  const version = await catalogVersion();
  const json = await cacheAside(cacheKeys.categories(version), loadCategoriesJson);
  return rawJson(json!);
}
