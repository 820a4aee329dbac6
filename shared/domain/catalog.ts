import * as z from 'zod';
import type { Sql } from '../db';

export const productId = z.uuid({ error: 'must be a UUID' });

export const product = z
  .object({
    id: z.uuid(),
    sku: z.string(),
    name: z.string(),
    description: z.string(),
    category: z.string().describe('Category slug'),
    price: z.int().nonnegative().describe('Integer minor units of `currency`'),
    currency: z.string().length(3),
    stock: z.int().nonnegative(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Product' });

export const category = z
  .object({ slug: z.string(), name: z.string(), description: z.string(), productCount: z.int().nonnegative() })
  .meta({ id: 'Category' });

const isoUtc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The product representation, built by PostgreSQL as compact JSON text from a `products` row in scope
 * (unaliased) and its stock: cached and served as these bytes, never parsed or re-serialized on the way
 * out. `product` above is its schema; its updatedAt is the later of the product's and its stock's. A
 * product without a stock row (which no write leaves) shows stock 0, as reserve_order would not sell it.
 */
export const productJson = (sql: Sql) =>
  sql.unsafe(`(SELECT row_to_json(p)::text FROM (SELECT
    products.id, sku, name, description, category, price, currency, coalesce(s.stock, 0) AS stock,
    ${isoUtc('products.created_at')} AS "createdAt", ${isoUtc('greatest(products.updated_at, s.updated_at)')} AS "updatedAt"
    FROM (VALUES (1)) AS product LEFT JOIN product_stock s ON s.product_id = products.id) p)`);
