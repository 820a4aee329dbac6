import { type DomainError, type FieldError, invalidInput } from '../domain/errors';
import type { HttpResult } from './types';

/** An HTTP answer to a refusal: thrown by the edge (a DomainError becomes one in problemOf), written as `application/problem+json` by problemResult. */
export class HttpProblem extends Error {
  override name = 'HttpProblem';

  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  toJSON(): Record<string, unknown> {
    const { type, title, status, detail, errors } = this;
    return errors ? { type, title, status, detail, errors } : { type, title, status, detail };
  }
}

const problemType = (slug: string): string => `/problems/${slug}`;

export const invalidRequest = (errors: FieldError[]): HttpProblem => problemOf(invalidInput(errors));

export const notFound = (detail: string): HttpProblem =>
  new HttpProblem(404, problemType('not-found'), 'Not found', detail);

export const methodNotAllowed = (allowed: string[]): HttpProblem =>
  new HttpProblem(405, problemType('method-not-allowed'), 'Method not allowed', `Allowed: ${allowed.join(', ')}`, undefined, {
    allow: allowed.join(', '),
  });

export const payloadTooLarge = (limit: number): HttpProblem =>
  new HttpProblem(413, problemType('payload-too-large'), 'Payload too large', `The body exceeds ${limit} bytes`);

export const unsupportedMediaType = (expected: string): HttpProblem =>
  new HttpProblem(415, problemType('unsupported-media-type'), 'Unsupported media type', `Send ${expected}`);

/** A request node:http's parser refused before any route saw it (a malformed request line, headers too large, too slow). */
export const unparsableRequest = (status: 400 | 408 | 431, detail: string): HttpProblem =>
  new HttpProblem(status, problemType('unparsable-request'), 'Request not understood', detail);

export const internalError = (): HttpProblem =>
  new HttpProblem(500, problemType('internal'), 'Internal error', 'The request failed; it has been logged');

export const gatewayTimeout = (limitMs: number): HttpProblem =>
  new HttpProblem(504, problemType('timeout'), 'Timed out', `No answer within ${limitMs} ms; a write may still complete, so retry with the same Idempotency-Key`);

export const serviceUnavailable = (detail: string, retryAfterSeconds: number): HttpProblem =>
  new HttpProblem(503, problemType('unavailable'), 'Service unavailable', detail, undefined, {
    'retry-after': String(retryAfterSeconds),
  });

/** The one place a DomainError becomes an HTTP answer. */
export function problemOf(error: DomainError): HttpProblem {
  switch (error.kind) {
    case 'invalid-input':
      return new HttpProblem(400, problemType('invalid-request'), 'Invalid request', error.message, error.fields ?? []);
    case 'unauthenticated':
      return new HttpProblem(401, problemType('unauthenticated'), 'Unauthenticated', error.message, undefined, { 'www-authenticate': 'Bearer realm="brisk"' });
    case 'forbidden':
      return new HttpProblem(403, problemType('forbidden'), 'Forbidden', error.message);
    case 'not-found':
      return notFound(error.message);
    case 'request-in-progress':
      return new HttpProblem(409, problemType('request-in-progress'), 'Request in progress', error.message, undefined, { 'retry-after': '1' });
    case 'idempotency-key-reused':
      return new HttpProblem(422, problemType('idempotency-key-reused'), 'Idempotency-Key reused', error.message);
    case 'unavailable':
      return serviceUnavailable(error.message, 1);
  }
}

const problemContentType = 'application/problem+json';

/** A problem as the runtime writes it (`instance`: the path the request was for): every problem body Brisk sends is made here. */
export function problemResult(problem: HttpProblem, instance?: string): HttpResult {
  return {
    status: problem.status,
    headers: { 'content-type': problemContentType, ...problem.headers },
    body: JSON.stringify(instance ? { ...problem.toJSON(), instance } : problem.toJSON()),
  };
}
