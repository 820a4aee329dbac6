import { setTimeout as sleep } from 'node:timers/promises';

/** Polls a condition (bounded); fails naming what it waited for. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, { attempts = 100, intervalMs = 50 } = {}): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await condition()) return;
    await sleep(intervalMs);
  }
  throw new Error(`gave up waiting for ${what} after ${attempts} polls`);
}
