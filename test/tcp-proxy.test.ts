import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

/** The proxy the fault tests put between Brisk and its services, in front of a tiny echo server. */
let echo: net.Server;
let proxy: TcpProxy;
const clients: net.Socket[] = [];

beforeAll(async () => {
  echo = net.createServer((socket) => socket.on('error', () => socket.destroy()).pipe(socket));
  echo.listen(0, '127.0.0.1');
  await once(echo, 'listening');
  proxy = await startTcpProxy((echo.address() as AddressInfo).port);
});

afterEach(() => {
  proxy.resume();
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => echo.close(resolve));
});

const errors = new WeakMap<net.Socket, string>();

async function connect(port = proxy.port): Promise<net.Socket> {
  const client = net.connect(port, '127.0.0.1');
  clients.push(client);
  client.on('error', (error: NodeJS.ErrnoException) => errors.set(client, error.code ?? error.message));
  await once(client, 'connect');
  return client;
}

/** What comes back until it is `length` long, or until the connection closes. */
function received(client: net.Socket, length: number): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const done = () => {
      client.off('data', onData);
      resolve(text);
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (text.length >= length) done();
    };
    client.on('data', onData);
    client.once('close', done);
  });
}

function roundTrip(client: net.Socket, text: string): Promise<string> {
  const answer = received(client, text.length);
  client.write(text);
  return answer;
}

/** A new connection through the proxy that sends nothing: resolves when the proxy ends it, with the error it ended with. */
async function endOfConnection(port = proxy.port): Promise<{ error?: string }> {
  const client = net.connect(port, '127.0.0.1');
  clients.push(client);
  let error: string | undefined;
  client.on('error', (failure: NodeJS.ErrnoException) => (error = failure.code));
  client.resume();
  await closed(client);
  return error ? { error } : {};
}

const closed = (client: net.Socket): Promise<void> => new Promise((resolve) => (client.closed ? resolve() : client.once('close', () => resolve())));

describe('startTcpProxy', () => {
  it('forwards both ways, and counts the connections it accepted', async () => {
    const before = proxy.connections;
    const client = await connect();
    expect(await roundTrip(client, 'hello')).toBe('hello');
    expect(await roundTrip(client, 'again')).toBe('again');
    expect(proxy.connections).toBe(before + 1);
  });

  it('cut() resets open connections and each new one, until resume()', async () => {
    const open = await connect();
    expect(await roundTrip(open, 'before')).toBe('before');

    proxy.cut();
    await closed(open);
    expect(errors.get(open)).toBe('ECONNRESET');

    expect(await endOfConnection()).toEqual({ error: 'ECONNRESET' });

    proxy.resume();
    expect(await roundTrip(await connect(), 'after')).toBe('after');
  });

  it("cut('close') closes them cleanly instead, without an error", async () => {
    const open = await connect();
    expect(await roundTrip(open, 'before')).toBe('before');

    proxy.cut('close');
    await closed(open);
    expect(errors.get(open)).toBeUndefined();
    expect(await endOfConnection()).toEqual({});

    proxy.resume();
    expect(await roundTrip(await connect(), 'after')).toBe('after');
  });

  it('delay(ms) holds the data each way for ms, in order; delay(0) forwards at once', async () => {
    const client = await connect();
    proxy.delay(150);
    const started = Date.now();
    const echoed = received(client, 3);
    for (const chunk of ['a', 'b', 'c']) client.write(chunk);
    expect(await echoed).toBe('abc');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 150 - 5);

    proxy.delay(0);
    const again = Date.now();
    expect(await roundTrip(client, 'fast')).toBe('fast');
    expect(Date.now() - again).toBeLessThan(100);
  });

  it('close() stops listening and destroys every connection', async () => {
    const other = await startTcpProxy((echo.address() as AddressInfo).port);
    const client = await connect(other.port);
    expect(await roundTrip(client, 'ping')).toBe('ping');

    await other.close();
    await closed(client);
    expect(await endOfConnection(other.port)).toEqual({ error: 'ECONNREFUSED' });
  });
});
