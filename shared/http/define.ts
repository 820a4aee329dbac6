import middy from '@middy/core';
import { config } from '../config';
import { anonymous } from '../domain/caller';
import { authorize } from './middlewares/authorize';
import { conditionalGet } from './middlewares/conditional-get';
import { problemResponses } from './middlewares/problem-responses';
import { rateLimit } from './middlewares/rate-limit';
import { validateInput } from './middlewares/validate-input';
import { Reply } from './reply';
import type { Endpoint, EndpointSpec, HttpFunction, Method, NoInput, PipelineEvent, Schema } from './spec';
import type { HttpRequest, HttpResult } from './types';

export type { Access, Endpoint, EndpointSpec, HandlerInput, HttpFunction, Method, PipelineEvent } from './spec';

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

/**
 * A route outside the public contract (event delivery): no spec, so OpenAPI leaves it out, and no
 * pipeline, so `answer` makes its whole result. It reads a body unless it is a GET.
 */
export function internalEndpoint(method: Method, path: string, answer: (request: HttpRequest) => Promise<HttpResult>): Endpoint {
  return { method, path, acceptsBody: method !== 'GET', invoke: answer };
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
