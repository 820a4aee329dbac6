import * as z from 'zod';
import { operation, operationId } from '../../shared/domain/operations';
import { defineHttpFunction } from '../../shared/http';
import { getOperation } from './handler';

export default defineHttpFunction({
  name: 'operations-get',
  method: 'GET',
  path: '/v1/operations/{id}',
  summary: 'Get what became of a catalog write answered 202',
  description: 'The operation a catalog write answered 202 with (its Location): `accepted`, then `succeeded` or `failed`. Only its creator and admins see it; for anyone else it is a 404.',
  access: 'customer',
  params: z.strictObject({ id: operationId.describe("The operation's id, from the 202 of the write") }),
  response: operation,
  problems: [404],
  cacheControl: 'private, no-cache',
  handler: ({ params, caller }) => getOperation(params.id, caller),
});
