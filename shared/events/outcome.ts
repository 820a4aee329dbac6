import type { FieldError } from '../domain/errors';

/**
 * How a delivery ended, as the HTTP status the delivering source acts on (Knative RabbitmqSource and
 * the local dispatcher alike): 2xx acks (202: handed to the retry queue for later), 503 retries with
 * backoff, any other status dead-letters.
 */
export type Outcome = { status: 204 } | { status: 202 | 400 | 422 | 503; detail: string; errors?: FieldError[] };
