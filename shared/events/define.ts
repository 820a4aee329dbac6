import middy from '@middy/core';
import type { CloudEvent } from 'cloudevents';
import type { Logger } from 'pino';
import { DomainError, type FieldError } from '../domain/errors';
import type { HttpFunction } from '../http/define';
import { logger } from '../log';
import { recordEventHandled } from '../metrics';
import { traceDelivery } from '../tracing';
import { eventDelivery } from './http-delivery';
import type { Outcome } from './outcome';
import { type EventData, type EventTypeName, eventTypes } from './registry';
import { RetryLater, scheduleRetry } from './retry';

/** A message that can never succeed (bad data, a rule it breaks): answered 422 so the broker dead-letters it. */
export class PermanentFailure extends Error {
  override name = 'PermanentFailure';
}

export interface EventContext {
  event: CloudEvent<unknown>;
  log: Logger;
}

type Handlers = { [T in EventTypeName]?: (data: EventData<T>, context: EventContext) => Promise<void> };

export interface EventFunction {
  kind: 'event';
  name: string;
  /** The event types bound to this consumer's queue: subscriptions are declared where they are read. */
  subscribes: EventTypeName[];
  deliver(event: CloudEvent<unknown>): Promise<Outcome>;
  /** This consumer as an HTTP route at `path`, taking CloudEvents as RabbitmqSource POSTs them. */
  http(path?: string): HttpFunction;
}

/** Sends the event to the consumer's retry queue; if the broker cannot take it, the source's own retry (503) is the fallback. */
async function retryLater(consumer: string, event: CloudEvent<unknown>, reason: RetryLater, log: Logger): Promise<Outcome> {
  try {
    const delayMs = await scheduleRetry(consumer, event, reason.notAfter);
    log.warn({ err: reason, delayMs }, 'event will be redelivered from the retry queue');
    return { status: 202, detail: `redelivered in ${delayMs} ms` };
  } catch (error) {
    log.error({ err: error, reason: reason.message }, 'could not schedule a retry; asking for redelivery');
    return { status: 503, detail: 'transient failure' };
  }
}

/** Defines a consumer: one handler per event type it takes, each given data already checked against the registry. */
export function defineEventFunction(definition: { name: string; on: Handlers }): EventFunction {
  const subscribes = Object.keys(definition.on) as EventTypeName[];
  const pipeline = middy<CloudEvent<unknown>, Outcome>()
    .onError(async (request) => {
      const { error, event } = request;
      const log = logger().child({ eventId: event.id, type: event.type });
      if (error instanceof RetryLater) {
        request.response = await retryLater(definition.name, event, error, log);
      } else if (error instanceof PermanentFailure) {
        log.warn({ err: error }, 'event rejected; it will be dead-lettered');
        request.response = { status: 422, detail: error.message };
      } else if (error instanceof DomainError && error.kind !== 'unavailable') {
        // A refusal of the domain's holds for every redelivery; only `unavailable` may pass.
        log.warn({ err: error, kind: error.kind }, 'event refused; it will be dead-lettered');
        request.response = { status: 422, detail: error.message, ...(error.fields && { errors: error.fields }) };
      } else {
        log.error({ err: error }, 'event failed; asking for redelivery');
        request.response = { status: 503, detail: 'transient failure' };
      }
    })
    .handler(async (event) => {
      // Own keys only: a type named like a prototype member (`constructor`, `__proto__`) is not a handler.
      const handler = Object.hasOwn(definition.on, event.type)
        ? (definition.on[event.type as EventTypeName] as (data: unknown, context: EventContext) => Promise<void>)
        : undefined;
      if (!handler) return { status: 400, detail: `${definition.name} does not take ${event.type}` };
      const parsed = eventTypes[event.type as EventTypeName].data.safeParse(event.data);
      if (!parsed.success) {
        const errors = parsed.error.issues.map((issue): FieldError => ({ in: 'body', name: issue.path.map(String).join('.') || '(root)', detail: issue.message }));
        return { status: 400, detail: `invalid ${event.type} data`, errors };
      }
      await handler(parsed.data, { event, log: logger().child({ eventId: event.id, type: event.type }) });
      return { status: 204 };
    });
  const deliver = async (event: CloudEvent<unknown>): Promise<Outcome> => {
    const outcome = await traceDelivery(definition.name, event, () => pipeline(event, {} as never));
    recordEventHandled(definition.name, Object.hasOwn(eventTypes, event.type) ? event.type : 'other', outcome.status);
    return outcome;
  };
  // HTTP functions never load the CloudEvents reader: only a consumer's own bundle brings it.
  return { kind: 'event', name: definition.name, subscribes, deliver, http: (path = '/') => eventDelivery(definition.name, deliver, path) };
}
