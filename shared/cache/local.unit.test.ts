import { setConfig } from '../config';
import { localCache } from './local';

// A small bound, so the eviction test fills it.
setConfig({ CACHE_L1_MAX_ENTRIES: '50', CACHE_L1_TTL_MS: '30000' });

afterEach(() => {
  localCache.invalidate(null);
  jest.useRealTimers();
});

describe('the in-process cache tier', () => {
  it('does not keep a value whose invalidation arrived while its read was on the way', () => {
    const fill = localCache.beginFill('race');
    localCache.invalidate('race');
    fill('stale');
    expect(localCache.get('race')).toBeUndefined();
  });

  it('holds at most CACHE_L1_MAX_ENTRIES, dropping the oldest first', () => {
    const keys = Array.from({ length: 60 }, (_, index) => `bound-${index}`);
    for (const key of keys) localCache.beginFill(key)('value');
    expect(localCache.size).toBe(50);
    expect(localCache.get(keys[0]!)).toBeUndefined();
    expect(localCache.get(keys[59]!)).toBe('value');
  });

  it('drops an entry CACHE_L1_TTL_MS after it was kept, even without an invalidation', () => {
    jest.useFakeTimers();
    localCache.beginFill('aging')(null);
    jest.advanceTimersByTime(29_999);
    expect(localCache.get('aging')).toBeNull();
    jest.advanceTimersByTime(1);
    expect(localCache.get('aging')).toBeUndefined();
  });
});
