import http from 'node:http';
import type { App } from '../http/app';
import { problemResult } from '../http/middlewares/problem-responses';
import { payloadTooLarge } from '../http/problem';
import type { HttpResult } from '../http/types';

export const maxBodyBytes = 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        req.pause();
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, result: HttpResult): void {
  res.writeHead(result.status, result.headers);
  res.end(result.body);
}

/** The lean runtime: node:http straight into the shared app, no framework in between. */
export function createNodeServer(app: App): http.Server {
  const server = http.createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    let body: Buffer | undefined;
    if (app.acceptsBody(method, url)) {
      try {
        body = await readBody(req);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) {
          res.destroy();
          return;
        }
        res.setHeader('connection', 'close');
        send(res, problemResult(payloadTooLarge(maxBodyBytes)));
        return;
      }
    }
    send(res, await app.handle({ method, url, headers: req.headers, body, remoteAddress: req.socket.remoteAddress }));
  });
  server.keepAliveTimeout = 65_000;
  return server;
}
