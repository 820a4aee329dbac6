import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPaymentSandbox } from './server';

let server: http.Server;
let baseUrl: string;
/** What the injected `random` answers: failures and declines happen when it is below their rate. */
let draw = 0.5;
const sleep = jest.fn((_ms: number) => Promise.resolve());

beforeAll(async () => {
  server = createPaymentSandbox({ random: () => draw, sleep });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))));

beforeEach(async () => {
  draw = 0.5;
  sleep.mockClear();
  await fetch(`${baseUrl}/control`, { method: 'DELETE' });
});

const json = { 'content-type': 'application/json' };
const order = (overrides: Record<string, unknown> = {}) => ({ orderId: randomUUID(), amount: 4_999, currency: 'EUR', ...overrides });

function authorize(body: unknown, key: string | null = randomUUID(), headers: Record<string, string> = json): Promise<Response> {
  const keyHeader: Record<string, string> = key === null ? {} : { 'idempotency-key': key };
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(`${baseUrl}/v1/authorizations`, { method: 'POST', headers: { ...headers, ...keyHeader }, body: payload });
}

async function control(settings: unknown): Promise<Response> {
  return fetch(`${baseUrl}/control`, { method: 'PUT', headers: json, body: JSON.stringify(settings) });
}

async function storedFor(orderId: string): Promise<unknown[]> {
  const response = await fetch(`${baseUrl}/v1/authorizations?orderId=${orderId}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: unknown[] }).items;
}

async function expectProblem(response: Response, status: number, detail?: RegExp): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem).toEqual({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  if (detail) expect(problem.detail).toMatch(detail);
}

describe('POST /v1/authorizations', () => {
  it('authorizes a valid order with 201 and the stored authorization', async () => {
    const body = order();
    const response = await authorize(body);
    expect(response.status).toBe(201);
    expect(response.headers.get('idempotent-replayed')).toBeNull();
    expect(await response.json()).toEqual({ ...body, id: expect.any(String), status: 'authorized', createdAt: expect.any(String) });
  });

  it('replays the same authorization for the same key and body, marked Idempotent-Replayed', async () => {
    const [body, key] = [order(), randomUUID()];
    const first = await (await authorize(body, key)).json();
    const replay = await authorize(body, key);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(first);
    expect(await storedFor(body.orderId)).toEqual([first]);
  });

  it('rejects the same key with a different body with 422', async () => {
    const [body, key] = [order(), randomUUID()];
    await authorize(body, key);
    await expectProblem(await authorize({ ...body, amount: body.amount + 1 }, key), 422);
    expect(await storedFor(body.orderId)).toHaveLength(1);
  });

  it.each([
    ['is missing', null],
    ['is empty', ''],
    ['is longer than 200 characters', 'k'.repeat(201)],
  ])('rejects a request whose Idempotency-Key %s with 400', async (_case, key) => {
    await expectProblem(await authorize(order(), key), 400, /Idempotency-Key/);
  });

  it.each([0, 1.5, '10', -1, 100_000_001])('rejects amount %p with 400 naming amount', async (amount) => {
    await expectProblem(await authorize(order({ amount })), 400, /amount/);
  });

  it.each([
    ['orderId', { orderId: 'order-1' }],
    ['currency', { currency: 'eur' }],
  ])('rejects a bad %s with 400 naming it', async (field, overrides) => {
    await expectProblem(await authorize(order(overrides)), 400, new RegExp(field));
  });

  it('rejects malformed JSON with 400', async () => {
    await expectProblem(await authorize('{"orderId": '), 400, /JSON/);
  });

  it('rejects a non-JSON content type with 415', async () => {
    await expectProblem(await authorize(order(), randomUUID(), { 'content-type': 'text/plain' }), 415);
  });

  it('rejects a body over 64 KiB with 413', async () => {
    await expectProblem(await authorize(order({ padding: 'x'.repeat(64 * 1024) })), 413);
  });
});

describe('fault injection', () => {
  it('answers 503 with Retry-After when down, storing nothing', async () => {
    await control({ down: true });
    const body = order();
    const response = await authorize(body);
    await expectProblem(response, 503);
    expect(response.headers.get('retry-after')).toBe('1');
    await control({ down: false });
    expect(await storedFor(body.orderId)).toEqual([]);
  });

  it('answers 500 with failureRate 1, storing nothing', async () => {
    await control({ failureRate: 1 });
    const body = order();
    await expectProblem(await authorize(body), 500);
    await control({ failureRate: 0 });
    expect(await storedFor(body.orderId)).toEqual([]);
  });

  it('fails a request only when the random draw is below failureRate', async () => {
    await control({ failureRate: 0.3 });
    draw = 0.29;
    expect((await authorize(order())).status).toBe(500);
    draw = 0.3;
    expect((await authorize(order())).status).toBe(201);
  });

  it('declines with declineRate 1, stores the decline and replays it', async () => {
    await control({ declineRate: 1 });
    const [body, key] = [order(), randomUUID()];
    const first = await authorize(body, key);
    expect(first.status).toBe(201);
    const decline = await first.json();
    expect(decline).toMatchObject({ ...body, status: 'declined', declineReason: 'card_declined' });
    await control({ declineRate: 0 });
    const replay = await authorize(body, key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.json()).toEqual(decline);
    expect(await storedFor(body.orderId)).toEqual([decline]);
  });

  it('waits latencyMs before storing and answering', async () => {
    let wake = () => {};
    const asleep = new Promise<void>((fellAsleep) =>
      sleep.mockImplementationOnce(() => new Promise<void>((resolve) => ((wake = resolve), fellAsleep()))),
    );
    await control({ latencyMs: 250 });
    const body = order();
    const answer = authorize(body);
    await asleep;
    expect(sleep).toHaveBeenCalledWith(250);
    expect(await storedFor(body.orderId)).toEqual([]);
    wake();
    expect((await answer).status).toBe(201);
    expect(await storedFor(body.orderId)).toHaveLength(1);
  });

  it('applies latency even when down', async () => {
    await control({ latencyMs: 40, down: true });
    expect((await authorize(order())).status).toBe(503);
    expect(sleep).toHaveBeenCalledWith(40);
  });

  it('does not wait when latencyMs is 0', async () => {
    await authorize(order());
    expect(sleep).not.toHaveBeenCalled();
  });
});

describe('GET /v1/authorizations', () => {
  it('lists exactly the authorizations stored for the order', async () => {
    const orderId = randomUUID();
    const mine = [await (await authorize(order({ orderId }))).json(), await (await authorize(order({ orderId, amount: 1 }))).json()];
    await authorize(order());
    const items = await storedFor(orderId);
    expect(items).toHaveLength(2);
    expect(items).toEqual(expect.arrayContaining(mine));
  });

  it.each(['', '?orderId=nope'])('rejects the query %p with 400 naming orderId', async (query) => {
    await expectProblem(await fetch(`${baseUrl}/v1/authorizations${query}`), 400, /orderId/);
  });
});

describe('/control', () => {
  it('answers the full settings after a partial PUT', async () => {
    const response = await control({ latencyMs: 10 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ down: false, failureRate: 0, latencyMs: 10, declineRate: 0 });
  });

  it.each([{ failureRate: 2 }, { declineRate: -0.1 }, { latencyMs: 60_001 }, { latencyMs: 1.5 }, { down: 'yes' }, { failurerate: 1 }])(
    'rejects %p with 400',
    async (settings) => {
      await expectProblem(await control(settings), 400);
    },
  );

  it('reports the settings and the number of stored authorizations on GET', async () => {
    await authorize(order());
    const response = await fetch(`${baseUrl}/control`);
    expect(await response.json()).toEqual({ down: false, failureRate: 0, latencyMs: 0, declineRate: 0, authorizations: 1 });
  });

  it('resets the settings and forgets every authorization on DELETE', async () => {
    const body = order();
    await authorize(body);
    await control({ down: true, failureRate: 0.5, latencyMs: 5, declineRate: 0.5 });
    const response = await fetch(`${baseUrl}/control`, { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ down: false, failureRate: 0, latencyMs: 0, declineRate: 0, authorizations: 0 });
    expect(await storedFor(body.orderId)).toEqual([]);
  });

  it('changes only its own instance', async () => {
    const other = createPaymentSandbox();
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      await control({ down: true });
      const response = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/control`);
      expect(await response.json()).toMatchObject({ down: false });
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

describe('other routes', () => {
  it('answers /healthz with 200 ok', async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers an unknown route with a 404 problem', async () => {
    await expectProblem(await fetch(`${baseUrl}/v2/payments`), 404);
    await expectProblem(await fetch(`${baseUrl}/v1/authorizations`, { method: 'DELETE' }), 404);
  });
});
