import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPaymentSandbox } from '../../scripts/payment-sandbox/server';
import type { Authorization, Settings } from '../../scripts/payment-sandbox/state';

/** One payment sandbox on an ephemeral port: the only fake in the order tests. */
export interface Sandbox {
  url: string;
  /** `PUT /control`: changes only the given settings of this instance. */
  control(settings: Partial<Settings>): Promise<void>;
  /** Back to the default settings, keeping every stored authorization. */
  restore(): Promise<void>;
  /** `GET /v1/authorizations?orderId=`: what this instance stored for the order. */
  authorizations(orderId: string): Promise<Authorization[]>;
  /** How many authorization requests reached this instance (stored, replayed or refused). */
  attempts(): number;
  close(): Promise<void>;
}

export async function startSandbox(): Promise<Sandbox> {
  const server: http.Server = createPaymentSandbox();
  let attempts = 0;
  server.on('request', (req: http.IncomingMessage) => {
    if (req.method === 'POST' && req.url?.startsWith('/v1/authorizations')) attempts += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const control = async (settings: Partial<Settings>) => {
    const response = await fetch(`${url}/control`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) });
    if (response.status !== 200) throw new Error(`sandbox control answered ${response.status}: ${await response.text()}`);
  };

  return {
    url,
    control,
    restore: () => control({ down: false, failureRate: 0, latencyMs: 0, declineRate: 0 }),
    async authorizations(orderId) {
      const response = await fetch(`${url}/v1/authorizations?orderId=${orderId}`);
      if (response.status !== 200) throw new Error(`sandbox list answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { items: Authorization[] }).items;
    },
    attempts: () => attempts,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
