import * as z from 'zod';
import { operation, operationId } from '../../shared/domain/operations';
import { defineHttpFunction } from '../../shared/http';
import { getOperation } from './handler';

export default defineHttpFunction({
  name: 'operations-get',
  method: 'GET',
  path: '/v1/operations/{id}',
  summary: 'Get what became of a catalog write answered 202',
  access: 'customer',
  params: z.strictObject({ id: operationId }),
  response: operation,
  problems: [404],
  cacheControl: 'private, no-cache',
  handler: ({ params, caller }) => getOperation(params.id, caller),
});
