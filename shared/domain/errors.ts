/** One invalid input: where it was (`in`), which field (`name`), and what is wrong with it. */
export interface FieldError {
  in: 'path' | 'query' | 'header' | 'body';
  name: string;
  detail: string;
}

/**
 * What the domain refuses, by kind. Each edge answers a kind its own way, in one place: HTTP in
 * problemOf (shared/http/problem.ts), event delivery in the consumer pipeline (shared/events/define.ts).
 */
export type DomainErrorKind =
  /** `fields` names each input and what is wrong with it. */
  | 'invalid-input'
  | 'unauthenticated'
  | 'forbidden'
  /** No such thing, or not the caller's to see: the two are told apart to no one. */
  | 'not-found'
  /** A request with this Idempotency-Key is still being accepted: retry shortly. */
  | 'request-in-progress'
  /** This Idempotency-Key was used with another body. */
  | 'idempotency-key-reused'
  /** A dependency cannot answer now and nothing was done: retry shortly. */
  | 'unavailable';

/** A refusal of the domain's, as a plain typed value: no status, no headers, no wire format. */
export class DomainError extends Error {
  override name = 'DomainError';

  constructor(
    readonly kind: DomainErrorKind,
    detail: string,
    readonly fields?: FieldError[],
  ) {
    super(detail);
  }
}

/** Inputs refused, each named; the detail lists them all. */
export const invalidInput = (fields: FieldError[]): DomainError =>
  new DomainError('invalid-input', fields.map((field) => `${field.in} ${field.name}: ${field.detail}`).join('; '), fields);
