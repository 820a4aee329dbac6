import { ZodError } from 'zod';
import { DomainError } from '../domain/errors';
import { logger } from '../log';
import { breaker } from '../resilience/breakers';
import { type PublishOptions, publishConfirmed } from './publisher';
import type { EventData, EventTypeName } from './registry';

const brokerBreaker = () => breaker('broker', { halfOpenAfterMs: 2_000, isFailure: (error) => !(error instanceof ZodError) });

/**
 * Hands a command to the broker for an HTTP handler about to answer 202: resolves once the broker
 * has confirmed it; if it cannot (broker down, no confirm in time), it throws an `unavailable` DomainError
 * (HTTP: 503 and Retry-After), and the caller must not have written anything yet. While the broker keeps
 * failing its breaker is open and that error comes at once, without a connection attempt.
 */
export async function acceptCommand<T extends EventTypeName>(type: T, data: EventData<T>, options?: PublishOptions) {
  try {
    return await brokerBreaker().execute(() => publishConfirmed(type, data, options));
  } catch (error) {
    if (error instanceof ZodError) throw error;
    logger().error({ err: error, type }, 'could not publish a command');
    throw new DomainError('unavailable', 'The event broker is unavailable; nothing was accepted. Retry shortly.');
  }
}
