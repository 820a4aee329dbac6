import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Loads the code under test in a module registry of its own: its own config() (memoized per registry;
 * `load` first calls that registry's setConfig to point it at the test's proxies), breakers, pools and
 * connections. Check breaker states through modules loaded in the same call.
 */
export async function isolated<T>(load: () => Promise<T>): Promise<T> {
  let loaded: T | undefined;
  await jest.isolateModulesAsync(async () => {
    loaded = await load();
  });
  return loaded as T;
}

/** Polls (bounded) until `probe` answers something `done` accepts; fails naming what it waited for and the last answer. */
export async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string, { attempts = 50, intervalMs = 100 } = {}): Promise<T> {
  let last: T | undefined;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    last = await probe();
    if (done(last)) return last;
    await sleep(intervalMs);
  }
  throw new Error(`gave up waiting for ${what} after ${attempts} polls; last: ${JSON.stringify(last)}`);
}

/** How long `action` takes, with its result. */
export async function timed<T>(action: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await action();
  return [result, performance.now() - started];
}
