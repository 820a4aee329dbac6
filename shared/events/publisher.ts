import { CloudEvent } from 'cloudevents';
import { newId } from '../process/new-id';
import { config } from '../config';
import { observePublish, startTimer } from '../metrics';
import { processName } from '../process/identity';
import { tracer } from '../tracing';
import { broker, type Broker } from '../broker';
import { toAmqpMessage } from './message';
import { eventNames } from './names';
import { type EventData, type EventTypeName, eventTypes } from './registry';

class PublishError extends Error {
  override name = 'PublishError';
}

export interface PublishOptions {
  /** Defaults to a new UUIDv7; pass one to make a retried publish the same event. */
  id?: string;
  subject?: string;
  traceparent?: string;
  /**
   * Commands must reach their consumer (default true: an unroutable one is an error). Facts may have
   * no subscriber yet: publish those with false.
   */
  mandatory?: boolean;
}

/** Messages the broker returned as unroutable, by message id, until their confirm arrives. */
const returned = new WeakMap<Broker['channel'], Set<string>>();

function watchReturns(channel: Broker['channel']): Set<string> {
  let ids = returned.get(channel);
  if (!ids) {
    const set = new Set<string>();
    channel.on('return', (message: { properties: { messageId?: string } }) => {
      if (message.properties.messageId) set.add(message.properties.messageId);
    });
    returned.set(channel, set);
    ids = set;
  }
  return ids;
}

/**
 * Publishes an event and resolves only when the broker has confirmed it: persisted, and routed to at
 * least one queue (`mandatory`; an unroutable event is an error, not a silent drop). Rejects on a nack,
 * a return, a lost connection or PUBLISH_TIMEOUT_MS; callers answer 202 only after it resolves.
 */
export async function publishConfirmed<T extends EventTypeName>(type: T, data: EventData<T>, options: PublishOptions = {}): Promise<CloudEvent<EventData<T>>> {
  const checked = eventTypes[type].data.parse(data) as EventData<T>;
  const event = new CloudEvent<EventData<T>>({
    id: options.id ?? newId(),
    type,
    source: `/brisk/${processName()}`,
    datacontenttype: 'application/json',
    data: checked,
    ...(options.subject && { subject: options.subject }),
    ...(options.traceparent && { traceparent: options.traceparent }),
  });
  const startedAt = startTimer();
  const traced = tracer();
  let sent = event;
  try {
    // While tracing, the event goes out with the publish span's context as its traceparent (unless it has one).
    if (traced) sent = await traced.publish(event, eventNames.exchange(), (each) => sendConfirmed(each, eventNames.exchange(), each.type, options.mandatory ?? true));
    else await sendConfirmed(event, eventNames.exchange(), event.type, options.mandatory ?? true);
  } catch (error) {
    observePublish(type, 'failed', startedAt);
    throw error;
  }
  observePublish(type, 'confirmed', startedAt);
  return sent;
}

/**
 * Sends an event as it is (id, attributes and data unchanged) straight to one queue, through the
 * default exchange, and resolves once the broker has confirmed it: how a consumer hands an event to its
 * retry queue, and how a dead letter is replayed into its work queue.
 */
export function sendToQueue(queue: string, event: CloudEvent<unknown>): Promise<void> {
  return sendConfirmed(event, '', queue, true);
}

/** Sends the event (connecting first if need be) and waits for the broker's confirm; rejects on a nack, a return or PUBLISH_TIMEOUT_MS. */
async function sendConfirmed(event: CloudEvent<unknown>, exchange: string, routingKey: string, mandatory: boolean): Promise<void> {
  const { channel } = await broker();
  const returns = watchReturns(channel);
  const { content, options: publishOptions } = toAmqpMessage(event);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new PublishError(`no confirm within ${config().PUBLISH_TIMEOUT_MS} ms`)), config().PUBLISH_TIMEOUT_MS);
    channel.publish(exchange, routingKey, content, { ...publishOptions, mandatory }, (error) => {
      clearTimeout(timer);
      const wasReturned = returns.delete(event.id);
      if (error) reject(new PublishError(`broker refused ${event.type}: ${String(error)}`));
      else if (wasReturned) reject(new PublishError(exchange ? `no queue is bound to ${routingKey}` : `no queue named ${routingKey}`));
      else resolve();
    });
  });
}
