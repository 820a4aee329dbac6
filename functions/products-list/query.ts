import * as z from 'zod';
import { text } from '../../shared/domain/storable';
import { pageLimit } from '../../shared/http/query-params';
import { decodeCursor, sorts } from './cursor';

const wholeNumber = (max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.int().max(max, `must be at most ${max}`));

export const listQuery = z
  .strictObject({
    category: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a category slug').max(100).optional(),
    q: text()
      .trim()
      .min(1, 'must not be empty')
      .max(500, 'must be at most 500 characters')
      .optional()
      .describe('Full-text search over name and description (web search syntax)'),
    minPrice: wholeNumber(2_147_483_647).optional().describe('Lowest price, integer minor units'),
    maxPrice: wholeNumber(2_147_483_647).optional().describe('Highest price, integer minor units'),
    sort: z.enum(sorts, { error: `must be one of ${sorts.join(', ')}` }).default('newest'),
    limit: pageLimit,
    cursor: z
      .string()
      .max(600)
      .transform((text, context) => decodeCursor(text) ?? (context.addIssue({ code: 'custom', message: 'is not a cursor from this API' }), z.NEVER))
      .optional()
      .describe('`nextCursor` of the previous page'),
  })
  .superRefine((query, context) => {
    if (query.cursor && query.cursor.sort !== query.sort) {
      context.addIssue({ code: 'custom', path: ['cursor'], message: `was made for sort=${query.cursor.sort}` });
    }
    if (query.minPrice !== undefined && query.maxPrice !== undefined && query.minPrice > query.maxPrice) {
      context.addIssue({ code: 'custom', path: ['maxPrice'], message: 'must not be below minPrice' });
    }
  });

export type ListQuery = z.output<typeof listQuery>;
