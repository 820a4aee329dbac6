import { randomUUID } from 'node:crypto';
import { setConfig } from '../config';
import { cacheAside, cacheKeys, catalogVersion, closeRedis } from './index';

setConfig({ REDIS_KEY_PREFIX: 'cache-unit-test:v1:', REDIS_URL: 'redis://127.0.0.1:1' });

afterAll(() => closeRedis());

describe('cacheKeys', () => {
  it('puts every key under the configured prefix', () => {
    expect(cacheKeys.product('p1')).toBe('cache-unit-test:v1:product:p1');
    expect(cacheKeys.productList(3, 'hash')).toBe('cache-unit-test:v1:products:v3:hash');
    expect(cacheKeys.categories(3)).toBe('cache-unit-test:v1:categories:v3');
    expect(cacheKeys.catalogVersion()).toBe('cache-unit-test:v1:catalog:version');
  });

  it('gives list keys of different catalog versions different names', () => {
    expect(cacheKeys.productList(1, 'q')).not.toBe(cacheKeys.productList(2, 'q'));
    expect(cacheKeys.categories(1)).not.toBe(cacheKeys.categories(2));
  });
});

describe('when Redis is unreachable', () => {
  const key = (label: string) => cacheKeys.product(`${label}-${randomUUID()}`);

  it('cacheAside still returns the loaded value instead of throwing', async () => {
    const loader = jest.fn(async () => 'loaded from the database');
    expect(await cacheAside(key('redis-down'), loader)).toBe('loaded from the database');
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('cacheAside returns null for a null load instead of throwing', async () => {
    expect(await cacheAside(key('redis-down-null'), async () => null)).toBeNull();
  });

  it('catalogVersion falls back to 0 instead of throwing', async () => {
    expect(await catalogVersion()).toBe(0);
  });
});
