import { once } from 'node:events';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import { createApp } from '../http/app';
import { defineHttpFunction } from '../http/define';
import { opsFunction } from '../http/ops';
import { createNodeServer } from './node-server';

/** What node:http's own parser refuses gets the same problem+json answer as every other refusal. */
const server = createNodeServer(createApp([opsFunction]));

beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Sends raw bytes and reads the whole answer until the server closes the connection. */
async function raw(request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
  socket.on('error', () => {});
  socket.write(request);
  await once(socket, 'close');
  const [head = '', body = ''] = received.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

describe('requests node:http cannot parse', () => {
  it.each([
    ['a request line that is not HTTP', 'HELLO THERE\r\n\r\n', 400],
    ['a header line without a colon', 'GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n', 400],
    ['both Content-Length and chunked', 'POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
    ['headers over 16 KB', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
  ])('answers %s with a problem+json and closes the connection', async (_label, request, status) => {
    const answer = await raw(request);
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body)).toMatchObject({ type: '/problems/unparsable-request', status });
    expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
  });

  it('still answers well-formed requests on other connections', async () => {
    const answer = await raw('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(200);
  });
});

describe('a connection that sent nothing in time', () => {
  let calls = 0;
  const counted = defineHttpFunction({
    name: 'counted',
    method: 'POST',
    path: '/counted',
    summary: 'Counts its calls',
    rateLimited: false,
    response: z.object({}),
    handler: async () => {
      calls++;
      return {};
    },
  });
  const strict = createNodeServer(createApp([opsFunction, counted]));
  // node:http answers a connection that has not sent a whole request head within headersTimeout,
  // checking every connectionsCheckingInterval (60 s and 30 s by default). The interval is a property of
  // the server that @types/node leaves out; node:http reads it when the server starts listening.
  strict.headersTimeout = 200;
  (strict as typeof strict & { connectionsCheckingInterval: number }).connectionsCheckingInterval = 50;

  beforeAll(async () => {
    strict.listen(0, '127.0.0.1');
    await once(strict, 'listening');
  });

  afterAll(() => new Promise((resolve) => strict.close(resolve)));

  it('is answered 408, and a request that arrives after that answer is not handled', async () => {
    const socket = net.connect((strict.address() as AddressInfo).port, '127.0.0.1');
    socket.on('error', () => {});
    const [first] = (await once(socket, 'data')) as [Buffer];
    expect(first.toString('latin1')).toMatch(/^HTTP\/1\.1 408 /);
    // A keep-alive client that picked this connection before the answer reached it: the request's
    // answer could no longer be written, so its work must not be done either.
    socket.write('POST /counted HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
    await once(socket, 'close');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls).toBe(0);
  });
});
