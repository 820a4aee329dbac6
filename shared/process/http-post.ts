import http from 'node:http';

/** What came back from a POST: its status and its body as text. */
export interface PostAnswer {
  status: number;
  body: string;
}

/** The POST took longer than its time allowed; the request was abandoned and its connection closed. */
export class PostTimedOut extends Error {
  override name = 'PostTimedOut';
}

// Connections kept alive and reused, as fetch does. node:http rather than fetch: fetch costs 5× the
// CPU of a request here (docs/performance.md, "Orders end to end"), and it is one per payment and per
// event delivered.
const agent = new http.Agent({ keepAlive: true });

/** An error of a request sent on a connection that had served others before. */
const onReusedConnection = (error: unknown) => (error as { reusedConnection?: boolean }).reusedConnection === true;

function postOnce(url: URL, headers: Record<string, string>, body: string | Buffer, timeoutMs: number): Promise<PostAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } });
    const timer = setTimeout(() => request.destroy(new PostTimedOut(`no answer from ${url.origin} within ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(Object.assign(error, { reusedConnection: request.reusedSocket }));
    };
    request.on('error', fail);
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('error', fail);
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode!, body: text });
      });
    });
    request.end(body);
  });
}

/**
 * POSTs `body` to `url` over a kept-alive connection and reads the whole answer, all within
 * `timeoutMs` (else PostTimedOut). A connection the server closed while it sat idle resets the first
 * request sent on it; that request is sent once more at once, on a new connection, as node's docs
 * advise (`request.reusedSocket`). Safe for Brisk's POSTs: a payment carries its idempotency key, and
 * an event delivery is at least once.
 */
export async function httpPost(url: URL, headers: Record<string, string>, body: string | Buffer, timeoutMs: number): Promise<PostAnswer> {
  const started = Date.now();
  try {
    return await postOnce(url, headers, body, timeoutMs);
  } catch (error) {
    const closedWhileIdle = onReusedConnection(error) && (error as NodeJS.ErrnoException).code === 'ECONNRESET';
    const left = timeoutMs - (Date.now() - started);
    if (!closedWhileIdle || left <= 0) throw error;
    return postOnce(url, headers, body, left);
  }
}
