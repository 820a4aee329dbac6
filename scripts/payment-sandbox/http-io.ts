import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as z from 'zod';
import { HttpProblem, problemResult } from '../../shared/http/problem';

export const maxBodyBytes = 64 * 1024;

/** An error that is an HTTP answer, written as `application/problem+json` `{type,title,status,detail}` as Brisk writes its own. */
const problem = (status: number, slug: string, title: string, detail: string, headers: Record<string, string> = {}): HttpProblem =>
  new HttpProblem(status, `/problems/${slug}`, title, detail, undefined, headers);

export const problems = {
  invalid: (detail: string) => problem(400, 'invalid-request', 'Invalid request', detail),
  notFound: (detail: string) => problem(404, 'not-found', 'Not found', detail),
  payloadTooLarge: () => problem(413, 'payload-too-large', 'Payload too large', `The body exceeds ${maxBodyBytes} bytes`),
  unsupportedMediaType: () => problem(415, 'unsupported-media-type', 'Unsupported media type', 'Send application/json'),
  idempotencyKeyReused: () =>
    problem(422, 'idempotency-key-reused', 'Idempotency key reused', 'This Idempotency-Key was already used with a different body'),
  internal: () => problem(500, 'internal', 'Internal error', 'The payment sandbox failed unexpectedly'),
  injectedFailure: () => problem(500, 'injected-failure', 'Internal error', 'Failure injected by the payment sandbox (failureRate)'),
  down: () =>
    problem(503, 'unavailable', 'Service unavailable', 'The payment sandbox is down (control: down)', { 'retry-after': '1' }),
};

/** A successful answer: handlers return one, errors are thrown as `HttpProblem`s (`problems`). */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function send(res: ServerResponse, { status, body, headers = {} }: Reply): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

export function sendProblem(res: ServerResponse, problem: HttpProblem): void {
  if (res.headersSent) return void res.destroy();
  const { status, headers, body } = problemResult(problem);
  res.writeHead(status, headers).end(body);
}

/** Validates `value` with `schema`; a failure is a 400 whose detail names every bad field (`body.amount: …`). */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw problems.invalid(result.error.issues.map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`).join('; '));
}

/** Reads a JSON body of at most 64 KiB and validates it: 415, 413 and 400 otherwise. */
export async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S): Promise<z.output<S>> {
  if (!isJson(req.headers['content-type'])) throw problems.unsupportedMediaType();
  const text = await readBody(req);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw problems.invalid('The body is not valid JSON');
  }
  return parseWith(schema, value, 'body');
}

function isJson(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/** Rejects as soon as the body passes the limit (later chunks are drained and dropped, keeping the connection usable). */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) reject(problems.payloadTooLarge());
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
