import type { Sql } from './index';
import { generateCatalog } from './seed-data';

const BATCH_SIZE = 1000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/**
 * Inserts the demo catalog (generateCatalog(productCount)) in one transaction. Idempotent: rows whose
 * slug or sku already exist are skipped, so a second run inserts nothing. Returns the rows inserted.
 */
export async function seedCatalog(
  sql: Sql,
  productCount = 10_000,
): Promise<{ categories: number; products: number }> {
  const catalog = generateCatalog(productCount);

  return sql.begin(async (tx) => {
    const categoryRows = catalog.categories.map((category) => ({
      slug: category.slug,
      name: category.name,
      description: category.description,
      created_at: category.createdAt,
    }));
    const insertedCategories = await tx`
      INSERT INTO categories ${tx(categoryRows, 'slug', 'name', 'description', 'created_at')}
      ON CONFLICT (slug) DO NOTHING
    `;

    let products = 0;
    for (const batch of chunks(catalog.products, BATCH_SIZE)) {
      const rows = batch.map((product) => ({
        id: product.id,
        sku: product.sku,
        name: product.name,
        description: product.description,
        category: product.category,
        price: product.price,
        currency: product.currency,
        created_at: product.createdAt,
        updated_at: product.createdAt,
      }));
      const inserted = await tx`
        INSERT INTO products ${tx(
          rows,
          'id',
          'sku',
          'name',
          'description',
          'category',
          'price',
          'currency',
          'created_at',
          'updated_at',
        )}
        ON CONFLICT (sku) DO NOTHING
        RETURNING id
      `;
      if (inserted.length > 0) {
        const byId = new Map(batch.map((product) => [product.id, product]));
        const stockRows = inserted.map(({ id }) => {
          const product = byId.get(id)!;
          return { product_id: id, stock: product.stock, updated_at: product.createdAt };
        });
        await tx`INSERT INTO product_stock ${tx(stockRows, 'product_id', 'stock', 'updated_at')}`;
      }
      products += inserted.length;
    }

    return { categories: insertedCategories.count, products };
  });
}
