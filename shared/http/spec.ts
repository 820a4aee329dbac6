import type * as z from 'zod';
import type { Caller } from '../domain/caller';
import type { Reply } from './reply';
import type { HttpRequest, HttpResult } from './types';

// What a route is, as its function writes it (EndpointSpec) and as every runtime runs it (Endpoint): the
// types the pipeline's stages, the OpenAPI generator and the runtimes share, below the code that builds them.

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** Who may call a route: anyone; any caller with a valid token; or a token with the admin (or producer, or admin) scope. */
export type Access = 'public' | 'customer' | 'admin' | 'producer';
export type Schema = z.ZodType;
export type NoInput = z.ZodType<Record<string, never>>;

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

type JsonSchema = Record<string, unknown>;

/** A header the document names: what it says, and its JSON Schema (a string unless given). */
export interface HeaderDoc {
  description: string;
  schema?: JsonSchema;
  /** Sent on every answer of its status (for a request header: the route needs it). */
  required?: boolean;
}

/** What only the OpenAPI document needs to know of a route: the pipeline never reads it. */
export interface OpenApiDocs {
  /** When `<function>.<method>` is not unique (several routes of one function share a method). */
  operationId?: string;
  /** Descriptions of path and query parameters whose schemas (made elsewhere) have none. */
  parameters?: Record<string, string>;
  /** Headers the route reads beyond Authorization, If-None-Match and X-Request-Id. */
  requestHeaders?: Record<string, HeaderDoc>;
  /** Headers the handler sends on answers of a status, beyond the ones the pipeline sends (ETag, RateLimit, Retry-After…). */
  responseHeaders?: Partial<Record<number, Record<string, HeaderDoc>>>;
  /** Media types of the success body when it is not JSON (the handler answers a Reply with that content-type). */
  responseTypes?: string[];
}
