import { v7 } from 'uuid';
import { signToken } from '../../shared/auth';
import { closeRedis } from '../../shared/cache';
import { config, setConfig } from '../../shared/config';
import { arrayLiteral, closeDb, primary } from '../../shared/db';
import { acceptedAt } from '../../shared/domain/accepted';
import { acceptOperation, finishOperation, operation } from '../../shared/domain/operations';
import { appClient } from '../../test/app-client';
import operationsGet from './function';

// This file's Redis keys get a prefix of their own under the run's.
setConfig({ REDIS_KEY_PREFIX: `${config().REDIS_KEY_PREFIX}operations-get-test:` });

const call = appClient(operationsGet);
const creator = 'customer-operations-get-creator';
const operationIds: string[] = [];

const bearer = async (sub: string, admin = false) => ({ authorization: `Bearer ${await signToken(sub, admin ? ['admin'] : [])}` });
const get = async (id: string, headers: Record<string, string>) => call('GET', `/v1/operations/${id}`, { headers });

async function accepted(createdBy = creator): Promise<{ id: string; resource: string }> {
  const id = v7();
  const resource = `/v1/products/${v7()}`;
  operationIds.push(id);
  await acceptOperation(id, createdBy, resource);
  return { id, resource };
}

async function finish(id: string, resource: string, status: 'succeeded' | 'failed', error: string | null = null): Promise<void> {
  await primary().begin((tx) => finishOperation(tx, { id, createdBy: creator, resource, status, error, createdAt: acceptedAt(id) }));
}

afterAll(async () => {
  await primary()`DELETE FROM operations WHERE id = ANY(${arrayLiteral(operationIds)}::uuid[])`;
  await closeDb();
  await closeRedis();
});

describe('GET /v1/operations/{id}', () => {
  it('answers an operation to its creator as accepted from the moment of the 202, without who created it', async () => {
    const { id, resource } = await accepted();
    const response = await get(id, await bearer(creator));
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-cache');
    const at = acceptedAt(id).toISOString();
    expect(response.json()).toEqual({ id, status: 'accepted', resource, error: null, createdAt: at, updatedAt: at });
    expect(operation.strict().safeParse(response.json()).success).toBe(true);
  });

  it('answers the recorded outcome once the consumer has written it: succeeded, with the same createdAt', async () => {
    const { id, resource } = await accepted();
    await finish(id, resource, 'succeeded');
    const body = (await get(id, await bearer(creator))).json();
    expect(body).toEqual({ id, status: 'succeeded', resource, error: null, createdAt: acceptedAt(id).toISOString(), updatedAt: expect.any(String) });
    expect(operation.strict().safeParse(body).success).toBe(true);
  });

  it('answers a failed operation with its error', async () => {
    const { id, resource } = await accepted();
    await finish(id, resource, 'failed', 'sku TEST-1 already exists');
    expect((await get(id, await bearer(creator))).json()).toMatchObject({ status: 'failed', error: 'sku TEST-1 already exists' });
  });

  it('answers from PostgreSQL alone once the accepted record is gone', async () => {
    const id = v7();
    operationIds.push(id);
    await finish(id, '/v1/products/x', 'succeeded');
    expect((await get(id, await bearer(creator))).json()).toMatchObject({ id, status: 'succeeded' });
  });

  it('answers another customer 404, exactly as for an operation that does not exist', async () => {
    const { id, resource } = await accepted();
    const stranger = await bearer('customer-operations-get-stranger');
    const hidden = await get(id, stranger);
    expect(hidden.status).toBe(404);
    expect(hidden.json()).toMatchObject({ status: 404, title: 'Not found' });

    await finish(id, resource, 'succeeded');
    expect((await get(id, stranger)).status).toBe(404);
    expect((await get(v7(), stranger)).status).toBe(404);
  });

  it('answers any operation to an admin', async () => {
    const { id } = await accepted();
    const response = await get(id, await bearer('another-admin', true));
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ id, status: 'accepted' });
  });

  it('answers 304 to a matching If-None-Match while the operation is unchanged', async () => {
    const { id } = await accepted();
    const headers = await bearer(creator);
    const first = await get(id, headers);
    expect((await get(id, { ...headers, 'if-none-match': first.headers.etag! })).status).toBe(304);
  });

  it('answers 404 for an operation that does not exist', async () => {
    expect((await get(v7(), await bearer(creator))).status).toBe(404);
  });

  it('answers 401 without a token', async () => {
    const { id } = await accepted();
    expect((await get(id, {})).status).toBe(401);
  });
});
