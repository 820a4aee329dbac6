import { finishBeforeShutdown, onShutdown, runShutdownHooks } from './shutdown';

/** A promise settled from outside, to hold work in flight for as long as a test needs. */
function pending<T = void>() {
  let settle!: { resolve: (value: T) => void; reject: (error: Error) => void };
  const promise = new Promise<T>((resolve, reject) => {
    settle = { resolve, reject };
  });
  return { promise, ...settle };
}

describe('runShutdownHooks()', () => {
  it('runs the closers only once the work in flight has finished', async () => {
    const steps: string[] = [];
    const relay = pending();
    finishBeforeShutdown(relay.promise.then(() => steps.push('relay finished')));
    onShutdown(async () => {
      steps.push('broker closed');
    });

    const shutdown = runShutdownHooks();
    await new Promise((resolve) => setImmediate(resolve));
    expect(steps).toEqual([]);
    relay.resolve();
    await shutdown;
    expect(steps).toEqual(['relay finished', 'broker closed']);
  });

  it('still closes everything when work in flight fails, and runs each closer once', async () => {
    const closed: string[] = [];
    const relay = pending();
    finishBeforeShutdown(relay.promise);
    onShutdown(async () => {
      closed.push('pool');
    });
    relay.reject(new Error('broker gone'));
    await runShutdownHooks();
    await runShutdownHooks();
    expect(closed).toEqual(['pool']);
  });
});
