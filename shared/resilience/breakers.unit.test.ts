import { BrokenCircuitError } from 'cockatiel';
import { breaker, breakerStates } from './breakers';

/**
 * The breaker policy on a fake clock: a failure rate over a 2 s window with a minimum throughput, so a
 * few failures among many calls never open it and a dependency that fails every call opens it within
 * about half the window.
 */
beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

let names = 0;
const fresh = (options?: Parameters<typeof breaker>[1]) => {
  const name = `test-${++names}`;
  return { name, policy: breaker(name, options), state: () => breakerStates()[name] };
};

const ok = () => Promise.resolve('ok');
const fail = () => Promise.reject(new Error('down'));

/** `count` calls, one every `everyMs` on the fake clock; `failing(i)` says which fail. Returns how many were refused by the open breaker. */
async function calls(policy: ReturnType<typeof breaker>, count: number, everyMs: number, failing: (index: number) => boolean): Promise<number> {
  let refused = 0;
  for (let index = 0; index < count; index++) {
    await policy.execute(failing(index) ? fail : ok).catch((error: unknown) => {
      if (error instanceof BrokenCircuitError) refused++;
    });
    jest.advanceTimersByTime(everyMs);
  }
  return refused;
}

describe('breaker(): failure rate over a window with a minimum throughput', () => {
  it('stays closed through many failures spread among more successes: 40% failing at 200 calls/s for 10 s', async () => {
    const { policy, state } = fresh({ halfOpenAfterMs: 2_000 });
    expect(await calls(policy, 2_000, 5, (index) => index % 5 >= 3)).toBe(0);
    expect(state()).toBe('closed');
  });

  it('stays closed through a burst of consecutive failures, which opened the old 3-in-a-row breaker', async () => {
    const { policy, state } = fresh({ halfOpenAfterMs: 2_000 });
    await calls(policy, 400, 5, () => false);
    expect(await calls(policy, 150, 1, () => true)).toBe(0); // 150 timeouts within 150 ms, 400 successes in the window
    expect(state()).toBe('closed');
  });

  it('opens within about half the window when every call fails: ~1 s at 200 calls/s', async () => {
    const { policy, state } = fresh({ halfOpenAfterMs: 2_000 });
    await calls(policy, 600, 5, () => false);
    const outage = Date.now();
    for (let call = 0; state() === 'closed' && call < 1_000; call++) await calls(policy, 1, 5, () => true);
    expect(state()).toBe('open');
    expect(Date.now() - outage).toBeGreaterThanOrEqual(800);
    expect(Date.now() - outage).toBeLessThanOrEqual(1_300);
  });

  it('needs 4 calls in the window before it may open: 3 failures alone leave it closed, a 4th opens it', async () => {
    const { policy, state } = fresh({ halfOpenAfterMs: 2_000 });
    await calls(policy, 3, 100, () => true);
    expect(state()).toBe('closed');
    await calls(policy, 1, 100, () => true);
    expect(state()).toBe('open');
  });

  it('opens at exactly half: 2 failures among 4 calls', async () => {
    const { policy, state } = fresh({ halfOpenAfterMs: 2_000 });
    await calls(policy, 2, 100, () => false);
    await calls(policy, 2, 100, () => true);
    expect(state()).toBe('open');
  });

  it('refuses at once while open, lets one call through after halfOpenAfterMs, and closes with a fresh window on its success', async () => {
    const { policy, state } = fresh({ halfOpenAfterMs: 2_000 });
    await calls(policy, 4, 10, () => true);
    expect(state()).toBe('open');
    expect(await calls(policy, 10, 100, () => false)).toBe(10); // 1 s: refused, not run
    jest.advanceTimersByTime(1_000);
    expect(await calls(policy, 1, 10, () => false)).toBe(0);
    expect(state()).toBe('closed');
    // The failures before it no longer count: the trial's success and 2 failures are under the minimum throughput again.
    await calls(policy, 2, 10, () => true);
    expect(state()).toBe('closed');
  });

  it('does not count errors isFailure rejects (a caller\'s own mistake)', async () => {
    const { policy, state } = fresh({ halfOpenAfterMs: 2_000, isFailure: (error) => error.message !== 'bad input' });
    for (let call = 0; call < 10; call++) await policy.execute(() => Promise.reject(new Error('bad input'))).catch(() => undefined);
    expect(state()).toBe('closed');
  });

  it('takes its window, rate and minimum throughput from the options', async () => {
    const { policy, state } = fresh({ halfOpenAfterMs: 2_000, failureRate: 0.2, windowMs: 5_000, minimumRps: 10 });
    await calls(policy, 49, 100, (index) => index % 2 === 0); // 49 calls in 4.9 s: under 50 in 5 s
    expect(state()).toBe('closed');
    await calls(policy, 1, 100, () => true);
    expect(state()).toBe('open');
  });

  it('keeps the consecutive-failure policy for a caller that asks for it (`failures`)', async () => {
    const { policy, state } = fresh({ failures: 3, halfOpenAfterMs: 2_000 });
    await calls(policy, 100, 5, () => false);
    await calls(policy, 3, 1, () => true);
    expect(state()).toBe('open');
  });
});
