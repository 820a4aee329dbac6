/** One invalid input: where it was (`in`), which field (`name`), and what is wrong with it. */
export interface FieldError {
  in: 'path' | 'query' | 'header' | 'body';
  name: string;
  detail: string;
}

/** An error that is an HTTP answer: thrown anywhere, mapped to `application/problem+json` in one place. */
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

export const invalidRequest = (errors: FieldError[]): HttpProblem =>
  new HttpProblem(
    400,
    problemType('invalid-request'),
    'Invalid request',
    errors.map((error) => `${error.in} ${error.name}: ${error.detail}`).join('; '),
    errors,
  );

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
