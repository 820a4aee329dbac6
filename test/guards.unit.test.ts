import { once } from 'node:events';
import type http from 'node:http';
import * as z from 'zod';
import { setConfig } from '../shared/config';
import { createApp } from '../shared/http/app';
import { defineHttpFunction, endpoint } from '../shared/http/define';
import { opsFunction } from '../shared/http/ops';
import { createNodeServer, maxBodyBytes } from '../shared/runtime/node-server';
import { appClient } from './app-client';
import { echoEndpoint } from './guards.fixtures';

setConfig({ REQUEST_TIMEOUT_MS: '200' });

const guarded = defineHttpFunction({
  name: 'guards-test',
  endpoints: [
    endpoint({
      method: 'GET',
      path: '/never',
      summary: 'never answers',
      response: z.object({ ok: z.boolean() }),
      handler: () => new Promise<{ ok: boolean }>(() => {}),
    }),
    echoEndpoint(),
  ],
});

describe('request guards', () => {
  afterEach(() => jest.useRealTimers());

  it('answers 504 problem+json when a request outlives REQUEST_TIMEOUT_MS', async () => {
    jest.useFakeTimers();
    const call = appClient(guarded);
    let answered = false;
    const answer = call('GET', '/never').finally(() => (answered = true));
    await jest.advanceTimersByTimeAsync(199);
    expect(answered).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    const response = await answer;
    expect(response.status).toBe(504);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.json().type).toBe('/problems/timeout');
  });

  it('answers 413 for a body over the limit, from the runtime before routing', async () => {
    const server: http.Server = createNodeServer(createApp([guarded, opsFunction]));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'x'.repeat(maxBodyBytes) }),
      });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { type: string }).type).toBe('/problems/payload-too-large');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
