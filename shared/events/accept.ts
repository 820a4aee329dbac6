import { ZodError } from 'zod';
import { serviceUnavailable } from '../http/problem';
import { logger } from '../log';
import { breaker } from '../resilience/breakers';
import { type PublishOptions, publishConfirmed } from './publisher';
import type { EventData, EventTypeName } from './registry';

const brokerBreaker = () => breaker('broker', { halfOpenAfterMs: 2_000, isFailure: (error) => !(error instanceof ZodError) });

/**
 * Hands a command to the broker for an HTTP handler about to answer 202: resolves once the broker
 * has confirmed it; if it cannot (broker down, no confirm in time), the request fails with a 503 and
 * Retry-After, and the caller must not have written anything yet. While the broker keeps failing its
 * breaker is open and that 503 comes at once, without a connection attempt.
 */
export async function acceptCommand<T extends EventTypeName>(type: T, data: EventData<T>, options?: PublishOptions) {
  try {
    return await brokerBreaker().execute(() => publishConfirmed(type, data, options));
  } catch (error) {
    if (error instanceof ZodError) throw error;
    logger().error({ err: error, type }, 'could not publish a command');
    throw serviceUnavailable('The event broker is unavailable; nothing was accepted. Retry shortly.', 1);
  }
}
