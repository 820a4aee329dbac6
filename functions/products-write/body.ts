import * as z from 'zod';
import { text } from '../../shared/domain/storable';

const maxInt = 2_147_483_647;

/** A product's writable fields, as strict as the `products` table. */
const fields = {
  sku: text().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  name: text().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  description: text().max(5000, 'must be at most 5000 characters'),
  category: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a category slug').max(100),
  price: z
    .int({ error: 'must be a whole number of minor units' })
    .min(0, 'must not be negative')
    .max(maxInt, `must be at most ${maxInt}`)
    .describe('Integer minor units of `currency`'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
  stock: z.int({ error: 'must be a whole number' }).min(0, 'must not be negative').max(maxInt, `must be at most ${maxInt}`),
};

export const newProduct = z
  .strictObject({ ...fields, description: fields.description.default(''), currency: fields.currency.default('EUR') })
  .meta({ id: 'NewProduct' });

// Built from the fields without defaults: a default would turn a field the client left out into a change.
export const productChanges = z
  .strictObject(fields)
  .partial()
  .refine((changes) => Object.keys(changes).length > 0, 'must change at least one field')
  .meta({ id: 'ProductChanges' });

export type NewProduct = z.output<typeof newProduct>;
export type ProductChanges = z.output<typeof productChanges>;
