import * as z from 'zod';
import { productId } from '../../shared/domain/catalog';
import { operationAccepted } from '../../shared/domain/operations';
import { defineHttpFunction, endpoint } from '../../shared/http';
import { newProduct, productChanges } from './body';
import { createProduct, deleteProduct, updateProduct } from './handler';

/** What every catalog write shares: admins only, a 202 with the operation, a 503 when the broker cannot confirm. */
const accepted = {
  access: 'admin' as const,
  response: operationAccepted,
  status: 202,
  problems: [503],
  openapi: { responseHeaders: { 202: { Location: { description: 'The operation to poll: `/v1/operations/{operationId}`', required: true } } } },
};
const byId = z.strictObject({ id: productId.describe("The product's id") });

export default defineHttpFunction({
  name: 'products-write',
  endpoints: [
    endpoint({
      ...accepted,
      method: 'POST',
      path: '/v1/products',
      summary: 'Create a product (asynchronously: poll the operation in Location)',
      description: 'The catalog projector creates it; the operation (its `resource` names the new product) then succeeds, or fails for a broken catalog rule such as a taken sku or an unknown category.',
      body: newProduct,
      handler: ({ body, caller, request }) => createProduct(body, caller, request.log),
    }),
    endpoint({
      ...accepted,
      method: 'PATCH',
      path: '/v1/products/{id}',
      summary: 'Change the given fields of a product (asynchronously: poll the operation in Location)',
      description: 'Fields left out keep their values. The operation fails for a broken catalog rule, or when no product has the id (unless the change holds every field of a new product, which creates it).',
      params: byId,
      body: productChanges,
      handler: ({ params, body, caller, request }) => updateProduct(params.id, body, caller, request.log),
    }),
    endpoint({
      ...accepted,
      method: 'DELETE',
      path: '/v1/products/{id}',
      summary: 'Delete a product (asynchronously: poll the operation in Location)',
      description: 'The catalog projector deletes it; the operation then succeeds, or fails when no product has the id.',
      params: byId,
      handler: ({ params, caller, request }) => deleteProduct(params.id, caller, request.log),
    }),
  ],
});
