import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { httpPost, PostTimedOut } from './http-post';

const servers: net.Server[] = [];
const sockets: net.Socket[] = [];

/** The server on a free port for the test's length; its address as a URL. */
async function serve(server: net.Server): Promise<URL> {
  servers.push(server);
  server.on('connection', (socket: net.Socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/path`);
}

// The client keeps its connections alive: the test ends them, or close() would wait for them.
afterEach(async () => {
  const closing = servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve)));
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(closing);
});

/** A raw TCP server answering each request with 200 "ok", kept alive, but for the calls `cutOnRequest` says to cut: their connection is reset unanswered. */
function rawServer(cutOnRequest: (connection: number, request: number) => boolean) {
  let connections = 0;
  const server = net.createServer((socket) => {
    const connection = ++connections;
    let requests = 0;
    socket.on('data', (chunk) => {
      if (!chunk.toString('latin1').startsWith('POST')) return;
      if (cutOnRequest(connection, ++requests)) socket.resetAndDestroy();
      else socket.write('HTTP/1.1 200 OK\r\nconnection: keep-alive\r\ncontent-length: 2\r\n\r\nok');
    });
  });
  return { server, connections: () => connections };
}

describe('httpPost()', () => {
  it('sends the body and headers and gives back the status and the whole body', async () => {
    const server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ method: request.method, type: request.headers['content-type'], body })));
    });
    const url = await serve(server);

    const answer = await httpPost(url, { 'content-type': 'application/json' }, '{"amount":1999}', 1_000);

    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toEqual({ method: 'POST', type: 'application/json', body: '{"amount":1999}' });
  });

  it('gives up after its time, with PostTimedOut, and closes the connection', async () => {
    let closed!: Promise<void>;
    const server = http.createServer((request) => {
      closed = new Promise((resolve) => request.socket.on('close', () => resolve()));
    });
    const url = await serve(server);

    await expect(httpPost(url, {}, 'never answered', 50)).rejects.toThrow(PostTimedOut);
    await expect(closed).resolves.toBeUndefined();
  });

  it('sends a request again, once, on a new connection when a kept-alive one turns out closed', async () => {
    const { server, connections } = rawServer((connection, request) => connection === 1 && request === 2);
    const url = await serve(server);

    await httpPost(url, {}, 'first', 1_000);
    await expect(httpPost(url, {}, 'second', 1_000)).resolves.toEqual({ status: 200, body: 'ok' });
    expect(connections()).toBe(2);
  });

  it('fails at once when a new connection is reset: the server may have seen the request', async () => {
    const { server, connections } = rawServer(() => true);
    const url = await serve(server);

    await expect(httpPost(url, {}, 'cut', 1_000)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(connections()).toBe(1);
  });
});
