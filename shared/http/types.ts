import type { Logger } from 'pino';

/** A request as every runtime hands it to a function: already routed, not yet validated. */
export interface HttpRequest {
  method: string;
  path: string;
  /** Lower-case names, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** A repeated name becomes an array, so a schema expecting one value rejects it. */
  query: Record<string, string | string[]>;
  params: Record<string, string | undefined>;
  body: Buffer | undefined;
  requestId: string;
  /** The peer's address (a proxy's, when there is one: see the rate limiter's client key). */
  remoteAddress?: string;
  log: Logger;
}

/** What a runtime writes back. */
export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}
