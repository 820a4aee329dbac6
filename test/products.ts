import type { Sql } from 'postgres';
import type { SeedProduct } from '../shared/db/seed-data';

/** A product as the seed describes one, in EUR, created now. */
export type TestProduct = Omit<SeedProduct, 'currency' | 'createdAt'>;

/** Inserts a product in EUR with its stock, which lives in a table of its own (shared/db/migrations/004.do.product-stock.sql). */
export async function insertProduct(sql: Sql, product: TestProduct): Promise<void> {
  await sql`
    WITH product AS (
      INSERT INTO products (id, sku, name, description, category, price, currency)
      VALUES (${product.id}, ${product.sku}, ${product.name}, ${product.description}, ${product.category}, ${product.price}, 'EUR')
      RETURNING id
    )
    INSERT INTO product_stock (product_id, stock) SELECT id, ${product.stock} FROM product`;
}

/** Sets a product's stock in the database alone, behind any cache's back. */
export async function setStock(sql: Sql, productId: string, stock: number): Promise<void> {
  await sql`UPDATE product_stock SET stock = ${stock} WHERE product_id = ${productId}`;
}

