import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../http/app';

/** What functions-framework hands an `http` function: Express's request, with the raw body it kept. */
type FrameworkRequest = IncomingMessage & { rawBody?: Buffer; originalUrl?: string };

/**
 * Adapts the shared app to the functions-framework `http` signature. The response is written with
 * node:http's own calls so Express adds nothing (no ETag or headers of its own).
 */
export function functionsFrameworkHandler(app: App): (req: FrameworkRequest, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    const result = await app.handle({
      method: req.method ?? 'GET',
      url: req.originalUrl ?? req.url ?? '/',
      headers: req.headers,
      body: req.rawBody,
      remoteAddress: req.socket.remoteAddress,
    });
    res.writeHead(result.status, result.headers);
    res.end(result.body);
  };
}
