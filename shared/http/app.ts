import { randomUUID } from 'node:crypto';
import FindMyWay from 'find-my-way';
import type { Logger } from 'pino';
import { config } from '../config';
import { logger } from '../log';
import { observeRequest, startTimer } from '../metrics';
import type { Endpoint, HttpFunction } from './define';
import { gatewayTimeout, methodNotAllowed, notFound, problemResult } from './problem';
import type { HttpRequest, HttpResult } from './types';

/** What a runtime knows of a request before routing. */
export interface IncomingRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | undefined;
  remoteAddress?: string;
}

/** Where a request goes: found once, by the runtime before it reads a body, and handed to handle(). */
export interface Routed {
  path: string;
  search: string;
  /** Undefined when no route takes this method and path. */
  endpoint?: Endpoint;
  params: Record<string, string | undefined>;
}

export interface App {
  /** Finds the route of a method and URL (runtimes read a body only when `endpoint.acceptsBody`). */
  route(method: string, url: string): Routed;
  /** Runs one request (routed already, or routed here); never throws. */
  handle(incoming: IncomingRequest, routed?: Routed): Promise<HttpResult>;
  endpoints: Endpoint[];
}

const requestIdPattern = /^[\w.:-]{1,128}$/;

function requestIdOf(headers: IncomingRequest['headers']): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && requestIdPattern.test(given) ? given : randomUUID();
}

function parseQuery(search: string): HttpRequest['query'] {
  const query: HttpRequest['query'] = {};
  for (const [key, value] of new URLSearchParams(search)) {
    const existing = query[key];
    query[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return query;
}

/** The route's answer, or a 504 once REQUEST_TIMEOUT_MS has passed without one. */
function withDeadline(work: Promise<HttpResult>, path: string): Promise<HttpResult> {
  const limitMs = config().REQUEST_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<HttpResult>((resolve) => {
    timer = setTimeout(() => resolve(problemResult(gatewayTimeout(limitMs), path)), limitMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

const toRouterPath = (path: string): string => path.replace(/\{(\w+)\}/g, ':$1');

/** The routing and request shaping both runtimes share: one place decides what a URL means. */
export function createApp(functions: HttpFunction[], log: Logger = logger()): App {
  const router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true });
  const endpoints = functions.flatMap((fn) => fn.endpoints);
  for (const endpoint of endpoints) router.on(endpoint.method, toRouterPath(endpoint.path), () => {}, endpoint);

  const route = (method: string, url: string): Routed => {
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const search = queryStart === -1 ? '' : url.slice(queryStart + 1);
    const match = router.find(method as 'GET', path);
    return { path, search, endpoint: match?.store as Endpoint | undefined, params: match?.params ?? {} };
  };

  const allowedMethods = (path: string): string[] => {
    const allowed = endpoints.filter((route) => router.find(route.method, path)?.store === route).map((route) => route.method);
    return [...new Set(allowed)];
  };

  return {
    endpoints,
    route,
    async handle(incoming, routed = route(incoming.method, incoming.url)) {
      const startedAt = startTimer();
      const requestId = requestIdOf(incoming.headers);
      const { path, search, endpoint, params } = routed;
      let result: HttpResult;
      if (!endpoint) {
        const allowed = allowedMethods(path);
        const problem = allowed.length > 0 ? methodNotAllowed(allowed) : notFound(`No route for ${incoming.method} ${path}`);
        result = problemResult(problem, path);
      } else {
        let requestLog: Logger | undefined;
        result = await withDeadline(endpoint.invoke({
          method: incoming.method,
          path,
          headers: incoming.headers,
          query: parseQuery(search),
          params,
          body: incoming.body,
          requestId,
          remoteAddress: incoming.remoteAddress,
          // Made on first use: most requests never log, and a pino child costs an allocation or two.
          get log() {
            return (requestLog ??= log.child({ requestId }));
          },
        }), path);
      }
      result.headers['x-request-id'] = requestId;
      observeRequest(endpoint?.path, incoming.method, result.status, startedAt);
      return result;
    },
  };
}
