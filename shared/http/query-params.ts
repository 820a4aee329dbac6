import * as z from 'zod';

/** `limit` of a paged list: a whole number from 1 to 100 in the query string, 20 when absent. */
export const pageLimit = z
  .string()
  .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100')
  .transform(Number)
  .pipe(z.int().min(1, 'must be at least 1').max(100, 'must be at most 100'))
  .default(20);
