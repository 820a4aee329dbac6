import type { Caller } from '../../shared/domain/caller';
import { readOperation } from '../../shared/domain/operations';
import { notFound, rawJson, type Reply } from '../../shared/http';

/** The operation, to its creator or an admin; anyone else gets the same 404 as for an unknown id. */
export async function getOperation(id: string, caller: Caller): Promise<Reply> {
  const stored = await readOperation(id);
  const visible = stored !== null && (stored.createdBy === caller.sub || caller.scopes.has('admin'));
  if (!visible) throw notFound(`No operation ${id}`);
  return rawJson(stored.json);
}
