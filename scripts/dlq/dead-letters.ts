import type { Channel, GetMessage } from 'amqplib';
import { eventNames } from '../../shared/events/names';
import { withChannel } from '../lib/amqp';

/** A dead-lettered event as `list` and `show` print it. */
export interface DeadLetter {
  id: string | undefined;
  type: string | undefined;
  time: string | undefined;
  /** Why the broker dead-lettered it (`rejected`: the consumer refused it or its retries ran out). */
  reason: string | undefined;
  headers: Record<string, unknown>;
  body: string;
}

/** Headers the broker adds when it dead-letters a message: bookkeeping of that hop, not part of the event. */
const isDeathHeader = (name: string) => name === 'x-death' || name === 'x-delivery-count' || /^x-(first|last)-death-/.test(name);

const describe = (message: GetMessage): DeadLetter => {
  const headers = message.properties.headers ?? {};
  const text = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : undefined);
  return {
    id: text('ce-id') ?? (message.properties.messageId as string | undefined),
    type: text('ce-type') ?? (message.properties.type as string | undefined),
    time: text('ce-time'),
    reason: text('x-first-death-reason'),
    headers,
    body: message.content.toString('utf8'),
  };
};

/** Takes every message now in the DLQ, unacknowledged: closing the channel gives back those not acked. */
async function takeAll(channel: Channel, queue: string): Promise<GetMessage[]> {
  const { messageCount } = await channel.checkQueue(queue);
  const taken: GetMessage[] = [];
  for (let i = 0; i < messageCount; i++) {
    const message = await channel.get(queue, { noAck: false });
    if (!message) break;
    taken.push(message);
  }
  return taken;
}

/** The consumer's dead letters, oldest first; the DLQ keeps them all. */
export function listDeadLetters(consumer: string): Promise<DeadLetter[]> {
  return withChannel(async (channel) => (await takeAll(channel, eventNames.deadLetterQueue(consumer))).map(describe), undefined, 'dlq');
}

/**
 * Puts the consumer's dead letters (or only the one with event id `id`) back into its work queue, each
 * as it was published (the same CloudEvent attributes and body; the broker's dead-letter bookkeeping
 * headers dropped), and removes each from the DLQ only after the broker confirmed its copy. Answers
 * the ids replayed.
 */
export function replayDeadLetters(consumer: string, id?: string): Promise<string[]> {
  return withChannel(async (channel) => {
    const replayed: string[] = [];
    for (const message of await takeAll(channel, eventNames.deadLetterQueue(consumer))) {
      const letter = describe(message);
      if (id !== undefined && letter.id !== id) continue;
      const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !isDeathHeader(name)));
      await new Promise<void>((resolve, reject) =>
        channel.publish('', eventNames.queue(consumer), message.content, { ...message.properties, headers, mandatory: true }, (error) => (error ? reject(error) : resolve())),
      );
      channel.ack(message);
      replayed.push(letter.id ?? '(no id)');
    }
    return replayed;
  }, undefined, 'dlq');
}
