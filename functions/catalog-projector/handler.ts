import postgres, { type TransactionSql } from 'postgres';
import type { Logger } from 'pino';
import { bumpCatalogVersion, forgetProducts } from '../../shared/cache';
import { primary } from '../../shared/db';
import { recordWritePosition } from '../../shared/domain/read-your-writes';
import { acceptedAt } from '../../shared/domain/accepted';
import { finishOperation } from '../../shared/domain/operations';
import { type EventContext, type EventData, firstDelivery, PermanentFailure } from '../../shared/events';

export const consumer = 'catalog-projector';

type Upsert = EventData<'brisk.catalog.product.upsert_requested'>;
type Delete = EventData<'brisk.catalog.product.delete_requested'>;
type StockAdjustment = EventData<'brisk.catalog.stock.adjusted'>;
type Changes = Upsert['changes'];

/** Every column a new product needs; description defaults to ''. */
const requiredOnCreate = ['sku', 'name', 'category', 'price', 'currency', 'stock'] as const;
const maxStock = 2_147_483_647;

/**
 * Runs an effect on a product in one transaction with its inbox row (a duplicate delivery does nothing
 * and gives undefined), marked for read-your-writes so no replica behind it serves that product.
 */
async function onFirstDelivery<T>(eventId: string, productId: string, effect: (tx: TransactionSql) => Promise<T>): Promise<T | undefined> {
  const result = await recordWritePosition(['product', productId], () =>
    primary().begin(async (tx) => ((await firstDelivery(tx, consumer, eventId)) ? effect(tx) : undefined)),
  );
  return result as T | undefined;
}

/** Why a write broke a rule of the catalog (the operation fails), or undefined for an error worth retrying. */
function brokenRule(error: unknown, changes: Changes): string | undefined {
  if (!(error instanceof postgres.PostgresError)) return undefined;
  if (error.code === '23505' && error.constraint_name === 'products_sku_key') return `sku ${changes.sku} already exists`;
  if (error.code === '23503') return `no category ${changes.category}`;
  if (error.code === '23514') return `a value breaks ${error.constraint_name ?? 'a check'}`;
  return undefined;
}

/** Creates the product (when its id is new) or changes the given fields; answers why it could not, or null. */
async function writeProduct(tx: TransactionSql, productId: string, changes: Changes): Promise<string | null> {
  const [existing] = await tx`SELECT 1 FROM products WHERE id = ${productId} FOR UPDATE`;
  const columns = Object.keys(changes) as (keyof Changes)[];
  if (!existing) {
    const missing = requiredOnCreate.filter((field) => changes[field] === undefined);
    if (missing.length > 0) return `no product ${productId}; creating one needs ${missing.join(', ')}`;
  } else if (columns.length === 0) {
    return null;
  }
  // The stock lives in product_stock, the rest in products (shared/db/migrations/004.do.product-stock.sql).
  const { stock, ...details } = changes;
  const detailColumns = columns.filter((column) => column !== 'stock');
  try {
    // In a savepoint, so a broken constraint fails the operation without aborting the transaction.
    // An insert takes created_at and updated_at from the tables' millisecond-precision defaults.
    await tx.savepoint(async (sp) => {
      if (!existing) {
        await sp`INSERT INTO products ${sp({ id: productId, ...details })}`;
        await sp`INSERT INTO product_stock (product_id, stock) VALUES (${productId}, ${stock!})`;
        return;
      }
      if (detailColumns.length > 0) await sp`UPDATE products SET ${sp(details, detailColumns)}, updated_at = DEFAULT WHERE id = ${productId}`;
      // An upsert: a product whose stock row is missing gets one rather than a change that did nothing.
      if (stock !== undefined) {
        await sp`INSERT INTO product_stock (product_id, stock) VALUES (${productId}, ${stock})
          ON CONFLICT (product_id) DO UPDATE SET stock = excluded.stock, updated_at = DEFAULT`;
      }
    });
    return null;
  } catch (error) {
    const broken = brokenRule(error, changes);
    if (broken === undefined) throw error;
    return broken;
  }
}

/** Records the operation's outcome: succeeded, or failed for the reason given. */
async function finish(tx: TransactionSql, context: EventContext, command: Delete, reason: string | null) {
  const { operationId, productId, requestedBy } = command;
  if (reason !== null) context.log.info({ operationId, reason }, 'catalog operation failed');
  await finishOperation(tx, {
    id: operationId,
    createdBy: requestedBy,
    resource: `/v1/products/${productId}`,
    status: reason === null ? 'succeeded' : 'failed',
    error: reason,
    createdAt: acceptedAt(operationId),
  });
}

/** Best effort after commit: if Redis is down, cached entries fall back to their TTL. */
async function invalidateProduct(productId: string, log: Logger): Promise<void> {
  await forgetProducts([productId]);
  await bumpCatalogVersion().catch((error: unknown) => log.warn({ err: error }, 'could not bump the catalog version; cached lists expire with their TTL'));
}

/**
 * Applies a product command once: the write and the operation's outcome in one transaction, then, if
 * it succeeded, the product's cache entries are dropped.
 */
async function applyCommand(command: Upsert | Delete, context: EventContext, write: (tx: TransactionSql) => Promise<string | null>): Promise<void> {
  const failure = await onFirstDelivery(context.event.id, command.productId, async (tx) => {
    const reason = await write(tx);
    await finish(tx, context, command, reason);
    return reason;
  });
  if (failure === null) await invalidateProduct(command.productId, context.log);
}

export const upsertProduct = (command: Upsert, context: EventContext): Promise<void> =>
  applyCommand(command, context, (tx) => writeProduct(tx, command.productId, command.changes));

export const deleteProduct = (command: Delete, context: EventContext): Promise<void> =>
  applyCommand(command, context, async (tx) => {
    const deleted = await tx`DELETE FROM products WHERE id = ${command.productId} RETURNING id`;
    return deleted.length === 1 ? null : `no product ${command.productId}`;
  });

/** A delta or a counted level from a warehouse; one that cannot apply is dead-lettered for an operator. */
export async function adjustStock(adjustment: StockAdjustment, context: EventContext): Promise<void> {
  const { productId } = adjustment;
  const changed = await onFirstDelivery(context.event.id, productId, async (tx) => {
    const [row] = await tx<{ stock: number }[]>`SELECT stock FROM product_stock WHERE product_id = ${productId} FOR UPDATE`;
    if (!row) throw new PermanentFailure(`no product ${productId}`);
    const stock = 'delta' in adjustment ? row.stock + adjustment.delta : adjustment.level;
    if (stock < 0 || stock > maxStock) throw new PermanentFailure(`stock of ${productId} would be ${stock} (it is ${row.stock})`);
    await tx`UPDATE product_stock SET stock = ${stock}, updated_at = DEFAULT WHERE product_id = ${productId}`;
    return true;
  });
  if (changed) await invalidateProduct(productId, context.log);
}
