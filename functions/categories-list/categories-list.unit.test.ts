import { appClient } from '../../test/app-client';
import categoriesList from './function';

/** What categories-list refuses before it looks anything up. */
const call = appClient(categoriesList);

describe('GET /v1/categories', () => {
  it('rejects a query parameter, naming it', async () => {
    const response = await call('GET', '/v1/categories?sort=name');
    expect(response.status).toBe(400);
    expect(response.json().errors).toEqual([{ in: 'query', name: 'sort', detail: expect.any(String) }]);
  });
});
