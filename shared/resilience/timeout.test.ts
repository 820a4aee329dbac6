import { setTimeout as sleep } from 'node:timers/promises';
import { TaskCancelledError, TimeoutStrategy, timeout } from 'cockatiel';
import { cacheKeys, closeRedis, redis, withRedis } from '../cache';
import { isOverloaded, watchEventLoop } from '../process/load-shedding';
import { DependencyTimeout, breakerStates, withTimeout } from './breakers';

/**
 * withTimeout under event-loop lag, against the machine's Redis. BLPOP on a key that stays empty is a
 * command Redis itself answers late (nil after its own timeout), with nothing in this process delaying
 * it; busy-waits then hold this process's event loop, once or back to back, as a busy server's work does,
 * while the answer arrives and waits in the socket.
 */
const emptyList = cacheKeys.accepted('order', 'timeout-test-empty-list');

/** Holds the event loop, as a burst of CPU-bound requests would. */
function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/**
 * Starts `command` and, once it is on the wire (node-redis writes on the next turn), holds the loop for
 * `holdMs` after the loop's I/O phase, where a server's request handling runs: the next turn then runs
 * its due timers before it reads the answer. (Held inside a timer callback instead, the loop would read
 * the answer first: a turn takes its timers by the time it started.)
 */
async function inFlightWhileBlocked<T>(command: () => Promise<T>, holdMs: number): Promise<PromiseSettledResult<T>> {
  const settled = Promise.allSettled([command()]).then(([result]) => result!);
  await sleep(20);
  await new Promise<void>((resolve) =>
    setImmediate(() => {
      busyWait(holdMs);
      resolve();
    }),
  );
  return settled;
}

/** Runs `work` while the event loop stays saturated (20 ms callbacks back to back), as under more load than the process can take. */
async function whileSaturated<T>(work: () => Promise<T>): Promise<T> {
  let spinning = true;
  const spin = () => {
    busyWait(20);
    if (spinning) setImmediate(spin);
  };
  setImmediate(spin);
  try {
    return await work();
  } finally {
    spinning = false;
  }
}

const elapsedOf = async <T>(work: () => Promise<T>): Promise<[PromiseSettledResult<T>, number]> => {
  const started = performance.now();
  const [result] = await Promise.allSettled([work()]);
  return [result!, performance.now() - started];
};

beforeAll(async () => {
  await withRedis((client) => client.ping());
});

afterAll(() => closeRedis());

describe('withTimeout while the event loop is blocked or saturated', () => {
  it('takes an answer that came in time but was read late: no timeout, no failure for the breaker', async () => {
    // Redis answers 100 ms after the command; the loop is held 500 ms, so the 250 ms timer runs ~270 ms late.
    const result = await inFlightWhileBlocked(() => withRedis((client) => client.blPop(emptyList, 0.1)), 500);
    expect(result).toEqual({ status: 'fulfilled', value: null });
    expect(breakerStates().redis).toBe('closed');
  });

  it('is what a plain timer gets wrong: the same command through a timeout that does not wait for I/O times out', async () => {
    const plain = timeout(250, TimeoutStrategy.Aggressive);
    const client = await redis();
    const result = await inFlightWhileBlocked(() => plain.execute(() => client.blPop(emptyList, 0.1)), 500);
    expect(result.status).toBe('rejected');
    expect((result as PromiseRejectedResult).reason).toBeInstanceOf(TaskCancelledError);
    await sleep(150); // the abandoned BLPOP's answer, before the next test's command
  });

  it('waits on while the loop stays saturated: an answer 600 ms late is taken, not a 250 ms timeout', async () => {
    const [result, elapsed] = await elapsedOf(() => whileSaturated(() => withRedis((client) => client.blPop(emptyList, 0.6))));
    expect(result).toEqual({ status: 'fulfilled', value: null });
    expect(elapsed).toBeGreaterThanOrEqual(590);
    expect(breakerStates().redis).toBe('closed');
  });

  it('gives up at 10 times the timeout when the loop stays saturated and no answer comes', async () => {
    const [result, elapsed] = await elapsedOf(() => whileSaturated(() => withTimeout(50, () => new Promise<never>(() => undefined))));
    expect(result).toMatchObject({ status: 'rejected', reason: expect.any(DependencyTimeout) });
    expect((result as PromiseRejectedResult).reason.message).toMatch(/^no answer within 50 ms \(waited \d+ ms: the event loop was saturated\)$/);
    expect(elapsed).toBeGreaterThanOrEqual(490);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('times out on time when the loop is free and the answer has not come: Redis answering after 600 ms', async () => {
    const [result, elapsed] = await elapsedOf(() => withTimeout(250, async () => (await redis()).blPop(emptyList, 0.6)));
    expect(result).toMatchObject({ status: 'rejected', reason: expect.any(DependencyTimeout) });
    expect((result as PromiseRejectedResult).reason.message).toBe('no answer within 250 ms');
    expect(elapsed).toBeGreaterThanOrEqual(249);
    expect(elapsed).toBeLessThan(500);
    await sleep(500); // the late answer is dropped, not an unhandled rejection
  });

  it('times out once the loop is free again when a block ended and the answer is still far off', async () => {
    // Held 400 ms, the answer due at 1 s: the wait goes on while the block is recent, then gives up.
    const started = performance.now();
    const result = await inFlightWhileBlocked(() => withTimeout(250, async () => (await redis()).blPop(emptyList, 1)), 400);
    expect(result).toMatchObject({ status: 'rejected', reason: expect.any(DependencyTimeout) });
    expect(performance.now() - started).toBeLessThan(900);
    await sleep(1_000);
  });

  it('passes on the error of a call that fails', async () => {
    await expect(withTimeout(60_000, () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
  });
});

describe('load shedding from answers that wait on a saturated loop', () => {
  beforeAll(() => watchEventLoop());

  it('does not shed a saturated loop whose dependencies answer in time (a benchmark\'s bounded clients)', async () => {
    await whileSaturated(async () => {
      for (let call = 0; call < 40; call++) await withTimeout(250, () => sleep(20));
    });
    expect(isOverloaded()).toBe(false);
  });

  it('sheds while an answer waits past its timeout on the saturated loop, and no longer once it is taken', async () => {
    expect(isOverloaded()).toBe(false);
    const sheddingSeen: boolean[] = [];
    await whileSaturated(() => withTimeout(50, () => sleep(300).then(() => sheddingSeen.push(isOverloaded()))));
    expect(sheddingSeen).toEqual([true]);
    expect(isOverloaded()).toBe(false);
  });

  it('stops shedding when it gives up on the answer', async () => {
    const gaveUp = whileSaturated(() => withTimeout(50, () => new Promise<never>(() => undefined)));
    await sleep(200);
    expect(isOverloaded()).toBe(true);
    await expect(gaveUp).rejects.toThrow(DependencyTimeout);
    expect(isOverloaded()).toBe(false);
  });
});
