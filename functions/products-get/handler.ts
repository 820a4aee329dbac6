import { cacheAside, cacheKeys } from '../../shared/cache';
import { read } from '../../shared/db';
import { productJson } from '../../shared/domain/catalog';
import { readPosition } from '../../shared/domain/read-your-writes';
import { notFound, rawJson, type Reply } from '../../shared/http';

/** From a replica that has replayed this product's latest change (read-your-writes), else the primary. */
async function loadProductJson(id: string): Promise<string | null> {
  const [row] = await read(
    (sql) => sql<{ json: string }[]>`SELECT ${productJson(sql)} AS json FROM products WHERE id = ${id}`,
    await readPosition('product', id),
  );
  return row?.json ?? null;
}

export async function getProduct(id: string): Promise<Reply> {
  const json = await cacheAside(cacheKeys.product(id), () => loadProductJson(id));
  if (json === null) throw notFound(`No product ${id}`);
  return rawJson(json);
}
