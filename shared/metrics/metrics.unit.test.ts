import { appClient } from '../../test/app-client';
import { parseExposition, sampleValue } from '../../scripts/lib/exposition';
import { breaker } from '../resilience/breakers';
import { recordCacheLookup } from '.';

/** The in-process registry as /metrics exposes it: cache lookups and breaker states. */
const call = appClient();
const scrape = async () => parseExposition((await call('GET', '/metrics')).text);

describe('recordCacheLookup', () => {
  it('counts lookups by tier and result', async () => {
    recordCacheLookup('l1', true);
    recordCacheLookup('l1', true);
    recordCacheLookup('l1', false);
    recordCacheLookup('redis', false);
    const samples = await scrape();
    expect(sampleValue(samples, 'brisk_cache_lookups_total', { tier: 'l1', result: 'hit' })).toBe(2);
    expect(sampleValue(samples, 'brisk_cache_lookups_total', { tier: 'l1', result: 'miss' })).toBe(1);
    expect(sampleValue(samples, 'brisk_cache_lookups_total', { tier: 'redis', result: 'miss' })).toBe(1);
    expect(sampleValue(samples, 'brisk_cache_lookups_total', { tier: 'redis', result: 'hit' })).toBeUndefined();
  });
});

describe('brisk_circuit_breaker_state', () => {
  it('reads every breaker’s state at scrape time: 0 closed, 2 open, 3 isolated', async () => {
    const flaky = breaker('metrics-test-flaky', { failures: 1, halfOpenAfterMs: 60_000 });
    const isolated = breaker('metrics-test-isolated', { failures: 1, halfOpenAfterMs: 60_000 });
    expect(sampleValue(await scrape(), 'brisk_circuit_breaker_state', { breaker: 'metrics-test-flaky' })).toBe(0);

    await expect(flaky.execute(() => Promise.reject(new Error('down')))).rejects.toThrow('down');
    const handle = isolated.isolate();
    const samples = await scrape();
    handle.dispose();
    expect(sampleValue(samples, 'brisk_circuit_breaker_state', { breaker: 'metrics-test-flaky' })).toBe(2);
    expect(sampleValue(samples, 'brisk_circuit_breaker_state', { breaker: 'metrics-test-isolated' })).toBe(3);
  });
});
