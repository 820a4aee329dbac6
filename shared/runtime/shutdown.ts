const hooks = new Set<() => Promise<void>>();

/** Registers a closer (a pool, a client) to run on shutdown; modules register when they open a connection. */
export function onShutdown(close: () => Promise<void>): void {
  hooks.add(close);
}

/** Runs every registered closer once; one failing does not stop the others. */
export async function runShutdownHooks(): Promise<void> {
  const closers = [...hooks];
  hooks.clear();
  await Promise.allSettled(closers.map((close) => close()));
}
