import { signToken } from '../../shared/auth';
import { appClient } from '../../test/app-client';
import operationsGet from './function';

/** What operations-get refuses before it looks anything up. */
const call = appClient(operationsGet);

describe('GET /v1/operations/{id}', () => {
  it('answers a malformed id with a 400 naming id', async () => {
    const response = await call('GET', '/v1/operations/not-an-id', { headers: { authorization: `Bearer ${await signToken('customer-operations-get-creator')}` } });
    expect(response.status).toBe(400);
    expect(response.json().errors).toEqual([{ in: 'path', name: 'id', detail: 'must be a UUID' }]);
  });
});
