import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A TCP proxy in front of one of the machine's services, for fault-injection tests: point a client at
 * `port` instead of the service's, then break the network between them without stopping the service.
 */
export interface TcpProxy {
  port: number;
  /** Connections clients opened to the proxy so far, refused ones included. */
  readonly connections: number;
  /**
   * Destroys every open connection, and each new one at once, until resume(): with a reset (RST, the
   * default), as a service that is down refuses; or closed cleanly ('close', FIN), as a TCP load
   * balancer whose backend is gone does.
   */
  cut(how?: 'reset' | 'close'): void;
  /** Holds the data of every connection, both ways, for `ms` before forwarding it (0: no delay). */
  delay(ms: number): void;
  /** A healthy network again: new connections are forwarded, data without delay. */
  resume(): void;
  /** Stops listening and destroys every connection. */
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let refusing: 'reset' | 'close' | undefined;
  let delayMs = 0;
  let connections = 0;

  const drop = (socket: net.Socket) => (refusing === 'close' ? socket.destroy() : socket.resetAndDestroy());

  const track = (socket: net.Socket): net.Socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy()); // a reset peer: its 'close' follows
    return socket;
  };

  /** Forwards `from` to `to`, each chunk `delayMs` (as set when it arrived) later, in order. */
  const forward = (from: net.Socket, to: net.Socket): void => {
    let queue = Promise.resolve();
    const later = (action: () => void) => {
      const due = Date.now() + delayMs;
      queue = queue.then(async () => {
        if (due > Date.now()) await sleep(due - Date.now());
        if (!to.destroyed) action();
      });
    };
    from.on('data', (chunk: Buffer) => later(() => to.write(chunk)));
    from.on('close', () => later(() => to.end()));
  };

  const server = net.createServer((client) => {
    connections += 1;
    if (refusing) {
      // A refused client may still send or reset: without a listener its 'error' would be uncaught.
      client.on('error', () => undefined);
      drop(client);
      return;
    }
    const upstream = track(net.connect(targetPort, targetHost));
    track(client);
    forward(client, upstream);
    forward(upstream, client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');

  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return connections;
    },
    cut(how = 'reset') {
      refusing = how;
      for (const socket of sockets) drop(socket);
    },
    delay(ms) {
      delayMs = ms;
    },
    resume() {
      refusing = undefined;
      delayMs = 0;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
