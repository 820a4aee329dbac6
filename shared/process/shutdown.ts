const hooks = new Set<() => Promise<void>>();
const inFlight = new Set<Promise<unknown>>();

/** Registers a closer (a pool, a client) to run on shutdown; modules register when they open a connection. */
export function onShutdown(close: () => Promise<void>): void {
  hooks.add(close);
}

/**
 * Lets work that outlives its request (an outbox relay after a commit) finish before shutdown closes
 * the connections it uses: cut off, it would open them again and keep the process alive.
 */
export function finishBeforeShutdown(work: Promise<unknown>): void {
  inFlight.add(work);
  const forget = () => inFlight.delete(work);
  work.then(forget, forget);
}

/** Waits for work in flight, then runs every registered closer once; one failing does not stop the others. */
export async function runShutdownHooks(): Promise<void> {
  await Promise.allSettled([...inFlight]);
  const closers = [...hooks];
  hooks.clear();
  await Promise.allSettled(closers.map((close) => close()));
}
