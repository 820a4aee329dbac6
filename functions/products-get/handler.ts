import { cacheAside, cacheKeys } from '../../shared/cache';
import { reader } from '../../shared/db';
import { productJson } from '../../shared/domain/catalog';
import { notFound, rawJson, type Reply } from '../../shared/http';

export async function loadProductJson(id: string): Promise<string | null> {
  const sql = reader();
  const [row] = await sql<{ json: string }[]>`SELECT ${productJson(sql)} AS json FROM products WHERE id = ${id}`;
  return row?.json ?? null;
}

export async function getProduct(id: string): Promise<Reply> {
  const json = await cacheAside(cacheKeys.product(id), () => loadProductJson(id));
  if (json === null) throw notFound(`No product ${id}`);
  return rawJson(json);
}
