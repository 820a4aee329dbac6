import type middy from '@middy/core';
import type * as z from 'zod';
import type { EndpointSpec, PipelineEvent } from '../spec';
import type { FieldError } from '../../domain/errors';
import { invalidRequest, unsupportedMediaType } from '../problem';
import type { HttpResult } from '../types';

type Location = FieldError['in'];

function fieldErrors(location: Location, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    // An unrecognized key is named by the key itself, not by the object that holds it.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
    return keys.map((path) => ({ in: location, name: path.map(String).join('.') || '(root)', detail: issue.message }));
  }).flat();
}

function parseJsonBody(raw: Buffer | undefined, contentType: string | string[] | undefined): unknown {
  if (typeof contentType !== 'string' || !/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw unsupportedMediaType('application/json');
  }
  try {
    return JSON.parse(raw?.toString('utf8') ?? '');
  } catch {
    throw invalidRequest([{ in: 'body', name: '(root)', detail: 'is not valid JSON' }]);
  }
}

/** Parses path params, query and body with the endpoint's zod schemas; every bad field is named in one 400. */
export const validateInput = (
  spec: EndpointSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>,
): middy.MiddlewareObj<PipelineEvent, HttpResult> => ({
  before: ({ event }) => {
    const { request, input } = event;
    const errors: FieldError[] = [];
    const parse = (location: Location, schema: z.ZodType | undefined, value: unknown): unknown => {
      if (!schema) return value;
      const result = schema.safeParse(value);
      if (result.success) return result.data;
      errors.push(...fieldErrors(location, result.error));
      return undefined;
    };
    input.params = parse('path', spec.params, request.params);
    input.query = parse('query', spec.query, request.query);
    if (spec.body) input.body = parse('body', spec.body, parseJsonBody(request.body, request.headers['content-type']));
    if (errors.length > 0) throw invalidRequest(errors);
  },
});
