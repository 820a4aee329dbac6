import type { Logger } from 'pino';
import { newId } from '../../shared/process/new-id';
import type { Caller } from '../../shared/domain/caller';
import { acceptOperation } from '../../shared/domain/operations';
import { acceptCommand, type EventData } from '../../shared/events';
import { json, type Reply } from '../../shared/http';
import type { NewProduct, ProductChanges } from './body';

type CatalogCommand = 'brisk.catalog.product.upsert_requested' | 'brisk.catalog.product.delete_requested';

/**
 * Publishes the command (with a broker confirm, or a 503 before anything is written), then makes the
 * operation readable and answers 202. The operation id is the event id, so the consumer's inbox
 * recognises a redelivery; `requestedBy` names the operation's owner.
 */
async function acceptChange<T extends CatalogCommand>(type: T, data: EventData<T>, caller: Caller, log: Logger): Promise<Reply> {
  const { operationId, productId } = data;
  const resource = `/v1/products/${productId}`;
  await acceptCommand(type, data, { id: operationId, subject: productId });
  // The command is on its way: a Redis failure here must not turn an accepted write into an error.
  // The operation becomes readable when the projector records it.
  await acceptOperation(operationId, caller.sub, resource).catch((error: unknown) =>
    log.warn({ err: error, operationId }, 'could not remember the accepted operation'),
  );
  return json({ operationId, status: 'accepted', resource }, 202, { location: `/v1/operations/${operationId}` });
}

export const createProduct = (product: NewProduct, caller: Caller, log: Logger): Promise<Reply> =>
  acceptChange('brisk.catalog.product.upsert_requested', { operationId: newId(), productId: newId(), requestedBy: caller.sub, changes: product }, caller, log);

export const updateProduct = (productId: string, changes: ProductChanges, caller: Caller, log: Logger): Promise<Reply> =>
  acceptChange('brisk.catalog.product.upsert_requested', { operationId: newId(), productId, requestedBy: caller.sub, changes }, caller, log);

export const deleteProduct = (productId: string, caller: Caller, log: Logger): Promise<Reply> =>
  acceptChange('brisk.catalog.product.delete_requested', { operationId: newId(), productId, requestedBy: caller.sub }, caller, log);
