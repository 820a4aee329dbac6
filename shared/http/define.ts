import middy from '@middy/core';
import type * as z from 'zod';
import { anonymous, type Caller } from '../auth';
import { config } from '../config';
import { authorize } from './middlewares/authorize';
import { conditionalGet } from './middlewares/conditional-get';
import { problemResponses } from './middlewares/problem-responses';
import { rateLimit } from './middlewares/rate-limit';
import { validateInput } from './middlewares/validate-input';
import { Reply } from './reply';
import type { HttpRequest, HttpResult } from './types';
import type { OpenApiDocs } from './openapi';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** Who may call a route: anyone; any caller with a valid token; or a token with the admin (or producer, or admin) scope. */
export type Access = 'public' | 'customer' | 'admin' | 'producer';
type Schema = z.ZodType;
type NoInput = z.ZodType<Record<string, never>>;

export interface HandlerInput<P extends Schema, Q extends Schema, B extends Schema> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  /** The verified caller; `anonymous` on public routes. */
  caller: Caller;
  request: HttpRequest;
}

export interface EndpointSpec<P extends Schema, Q extends Schema, B extends Schema, R extends Schema> {
  method: Method;
  /** OpenAPI style: `/v1/products/{id}`. */
  path: string;
  summary: string;
  description?: string;
  /** Defaults to public. */
  access?: Access;
  params?: P;
  query?: Q;
  /** A JSON body, parsed and checked; for other media types use `rawBody` and read `request.body`. */
  body?: B;
  /** The route reads the raw body itself; these media types document it. */
  rawBody?: string[];
  /** Schema of the success body; documents it and, with VALIDATE_RESPONSES, checks it. */
  response: R;
  /** Success status when the handler returns plain data. */
  status?: number;
  /** Problem statuses worth documenting beyond 400 and 500. */
  problems?: number[];
  cacheControl?: string;
  /** Counted against the caller's rate limit (the default); the health probes opt out. */
  rateLimited?: boolean;
  /** What only the OpenAPI document reads (a type import: function bundles never load the generator). */
  openapi?: OpenApiDocs;
  handler: (input: HandlerInput<P, Q, B>) => Promise<z.output<R> | Reply>;
}

/** One route of a function, ready for any runtime: `invoke` runs the whole middleware pipeline. */
export interface Endpoint {
  method: Method;
  path: string;
  /** Runtimes read a request body only for routes that take one. */
  acceptsBody: boolean;
  /** The public contract; absent on internal routes (event delivery), which OpenAPI leaves out. */
  spec?: EndpointSpec<Schema, Schema, Schema, Schema>;
  invoke(request: HttpRequest): Promise<HttpResult>;
}

export interface HttpFunction {
  kind: 'http';
  name: string;
  endpoints: Endpoint[];
}

/** The middleware context a handler's input is built in. */
export interface PipelineEvent {
  request: HttpRequest;
  input: HandlerInput<Schema, Schema, Schema>;
}

/**
 * The stages a route's spec needs, in their one order (problem+json → auth → rate limit → validation →
 * ETag/304), chosen once when the route is defined, as fastify compiles a route: middy awaits every
 * stage it is given, so a stage that would do nothing for this route is not given (a public route has
 * no authorize, a route without inputs no validation, a write no conditional GET).
 */
function stagesOf(spec: EndpointSpec<Schema, Schema, Schema, Schema>): middy.MiddlewareObj<PipelineEvent, HttpResult>[] {
  const access = spec.access ?? 'public';
  return [
    problemResponses(),
    ...(access === 'public' ? [] : [authorize(access)]),
    ...(spec.rateLimited ?? true ? [rateLimit(access)] : []),
    ...(spec.params || spec.query || spec.body ? [validateInput(spec)] : []),
    ...(spec.method === 'GET' ? [conditionalGet(spec)] : []),
  ];
}

/** Wraps one route in Brisk's pipeline: validation → handler → serialization, ETag/304, problem+json. */
export function endpoint<P extends Schema = NoInput, Q extends Schema = NoInput, B extends Schema = NoInput, R extends Schema = Schema>(
  spec: EndpointSpec<P, Q, B, R>,
): Endpoint {
  const anySpec = spec as unknown as EndpointSpec<Schema, Schema, Schema, Schema>;
  const pipeline = middy<PipelineEvent, HttpResult>()
    .use(stagesOf(anySpec))
    .handler(async (event) => toResult(anySpec, await anySpec.handler(event.input)));
  return {
    method: spec.method,
    path: spec.path,
    acceptsBody: spec.body !== undefined || spec.rawBody !== undefined,
    spec: anySpec,
    invoke: (request) =>
      pipeline({ request, input: { params: {}, query: {}, body: undefined, caller: anonymous, request } }, {} as never),
  };
}

function toResult(spec: EndpointSpec<Schema, Schema, Schema, Schema>, output: unknown): HttpResult {
  if (output instanceof Reply) return { status: output.status, headers: output.headers, body: output.body };
  if (config().VALIDATE_RESPONSES) {
    const checked = spec.response.safeParse(output);
    if (!checked.success) throw new Error(`${spec.method} ${spec.path} answered outside its response schema: ${checked.error.message}`);
  }
  return {
    status: spec.status ?? 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(output),
  };
}

type SingleRoute<P extends Schema, Q extends Schema, B extends Schema, R extends Schema> = EndpointSpec<P, Q, B, R> & {
  name: string;
};

/**
 * Defines a deployable HTTP function: one route inline, or several with `endpoints` (built by `endpoint()`).
 * The definition drives the function's bundle, its routes in every runtime, its OpenAPI entry and its Knative Service.
 */
export function defineHttpFunction<P extends Schema = NoInput, Q extends Schema = NoInput, B extends Schema = NoInput, R extends Schema = Schema>(
  definition: SingleRoute<P, Q, B, R> | { name: string; endpoints: Endpoint[] },
): HttpFunction {
  if ('endpoints' in definition) return { kind: 'http', name: definition.name, endpoints: definition.endpoints };
  return { kind: 'http', name: definition.name, endpoints: [endpoint(definition)] };
}
