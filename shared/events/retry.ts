import type { CloudEvent } from 'cloudevents';
import { config } from '../config';
import { eventNames } from './names';
import { sendToQueue } from './publisher';

/** The CloudEvent extension that counts the delayed redeliveries an event has had at one consumer. */
export const retryAttribute = 'retryattempt';

/**
 * Thrown by a consumer's handler for a failure that can pass but not within the source's short retries
 * (a payment provider outage): the event goes to the consumer's retry queue and comes back after a
 * growing delay. Nothing waits in memory meanwhile, so the wait survives restarts of every process.
 */
export class RetryLater extends Error {
  override name = 'RetryLater';

  /** `notAfter` (epoch ms): when retrying stops making sense; the delays shorten so the last retry lands just past it. */
  constructor(
    message: string,
    readonly notAfter?: number,
  ) {
    super(message);
  }
}

/**
 * The delay before the next retry: the `retries`-th of `delays` (the last one repeats), but never one
 * that overshoots `remainingMs` when a shorter one fits, so an event with a deadline comes back for it
 * soon after it passes rather than up to a whole long delay later.
 */
export function nextDelay(delays: readonly number[], retries: number, remainingMs = Infinity): number {
  const planned = delays[Math.min(retries, delays.length - 1)]!;
  if (planned <= remainingMs) return planned;
  const fitting = delays.filter((delay) => delay <= remainingMs);
  return fitting.length > 0 ? Math.max(...fitting) : Math.min(...delays);
}

/** How many delayed redeliveries are behind this delivery (0 for the first). */
function retriesOf(event: CloudEvent<unknown>): number {
  const retries = Number(event[retryAttribute] ?? 0);
  return Number.isSafeInteger(retries) && retries > 0 ? retries : 0;
}

/**
 * Hands the event, unchanged but for its retry count, to the consumer's retry queue for the next delay
 * of EVENT_RETRY_DELAYS_MS; resolves with that delay once the broker confirmed it.
 */
export async function scheduleRetry(consumer: string, event: CloudEvent<unknown>, notAfter?: number): Promise<number> {
  const retries = retriesOf(event);
  const delayMs = nextDelay(config().EVENT_RETRY_DELAYS_MS, retries, notAfter === undefined ? Infinity : notAfter - Date.now());
  await sendToQueue(eventNames.retryQueue(consumer, delayMs), event.cloneWith({ [retryAttribute]: retries + 1 }));
  return delayMs;
}
