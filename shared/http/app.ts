import { randomUUID } from 'node:crypto';
import FindMyWay from 'find-my-way';
import type { Logger } from 'pino';
import { config } from '../config';
import { logger } from '../log';
import { observeRequest, startTimer } from '../metrics';
import type { Endpoint, HttpFunction } from './define';
import { problemResult } from './middlewares/problem-responses';
import { gatewayTimeout, methodNotAllowed, notFound } from './problem';
import type { HttpRequest, HttpResult } from './types';

/** What a runtime knows of a request before routing. */
export interface IncomingRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer | undefined;
  remoteAddress?: string;
}

export interface App {
  /** Routes and runs one request; never throws. */
  handle(incoming: IncomingRequest): Promise<HttpResult>;
  /** Whether the matched route takes a body (runtimes read bodies only then). */
  acceptsBody(method: string, url: string): boolean;
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
  for (const route of endpoints) router.on(route.method, toRouterPath(route.path), () => {}, route);

  const find = (method: string, url: string) => {
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const search = queryStart === -1 ? '' : url.slice(queryStart + 1);
    return { path, search, match: router.find(method as 'GET', path) };
  };

  const allowedMethods = (path: string): string[] => {
    const allowed = endpoints.filter((route) => router.find(route.method, path)?.store === route).map((route) => route.method);
    return [...new Set(allowed)];
  };

  return {
    endpoints,
    acceptsBody(method, url) {
      const route = find(method, url).match?.store as Endpoint | undefined;
      return route?.acceptsBody ?? false;
    },
    async handle(incoming) {
      const startedAt = startTimer();
      const requestId = requestIdOf(incoming.headers);
      const { path, search, match } = find(incoming.method, incoming.url);
      const route = match?.store as Endpoint | undefined;
      let result: HttpResult;
      if (!route || !match) {
        const allowed = allowedMethods(path);
        const problem = allowed.length > 0 ? methodNotAllowed(allowed) : notFound(`No route for ${incoming.method} ${path}`);
        result = problemResult(problem, path);
      } else {
        let requestLog: Logger | undefined;
        result = await withDeadline(route.invoke({
          method: incoming.method,
          path,
          headers: incoming.headers,
          query: parseQuery(search),
          params: match.params,
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
      observeRequest(route?.path, incoming.method, result.status, startedAt);
      return result;
    },
  };
}
