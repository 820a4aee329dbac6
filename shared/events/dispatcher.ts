import amqp, { type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { ExponentialBackoff, handleAll, noJitterGenerator, retry } from 'cockatiel';
import { config } from '../config';
import { logger } from '../log';
import { httpPost } from '../process/http-post';
import { recordDeliveryAttempt, startTimer } from '../metrics';
import { traceDispatch } from '../tracing';
import { toHttpDelivery } from './message';
import { eventNames } from './names';

/** Where one consumer's queue is delivered. */
export interface DeliveryRoute {
  consumer: string;
  url: string;
}

/** Knative RabbitmqSource's delivery settings, with its defaults' shape (`delivery.retry`, `backoffDelay`). */
export interface DeliveryOptions {
  prefetch: number;
  retry: number;
  backoffDelayMs: number;
  timeoutMs: number;
}

/**
 * Prefetch (RabbitmqSource parallelism) 64: by Little's law a consumer finishes at most prefetch ÷ time
 * in flight; 64 sustains 500 orders/s with a 50 ms payment provider (docs/performance.md, "Orders end to end").
 */
export const defaultDeliveryOptions: DeliveryOptions = { prefetch: 64, retry: 5, backoffDelayMs: 200, timeoutMs: 30_000 };

/** The statuses RabbitmqSource retries; any other non-2xx dead-letters at once. */
const retryableStatuses = new Set([404, 413, 425, 429, 502, 503, 504]);

class Retryable extends Error {}

async function post(url: string, message: ConsumeMessage, timeoutMs: number): Promise<number> {
  const { headers, body } = toHttpDelivery(message.properties.headers, message.content);
  try {
    const { status } = await httpPost(new URL(url), headers, body, timeoutMs);
    if (retryableStatuses.has(status)) throw new Retryable(`HTTP ${status}`);
    return status;
  } catch (error) {
    if (error instanceof Retryable) throw error;
    throw new Retryable(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Delivers each message of each consumer queue to its consumer over HTTP with exactly the semantics of
 * Knative's RabbitmqSource: bounded prefetch; ack on 2xx; retry with exponential backoff on
 * 404/413/425/429/502/503/504, timeouts and connection errors; after the last retry, or at once for
 * any other status (or a message that is no CloudEvent), nack without requeue so the queue's
 * dead-letter exchange takes it. If the broker connection drops, unacked messages return to their
 * queue and the dispatcher reconnects.
 */
export async function startDispatcher(routes: DeliveryRoute[], options: DeliveryOptions = defaultDeliveryOptions) {
  const log = logger().child({ component: 'dispatcher' });
  const policy = retry(handleAll, {
    maxAttempts: options.retry,
    backoff: new ExponentialBackoff({ generator: noJitterGenerator, initialDelay: options.backoffDelayMs, maxDelay: 60_000 }),
  });
  const inFlight = new Set<Promise<void>>();
  const consumers: { channel: Channel; tag: string }[] = [];
  let connection: ChannelModel | undefined;
  let stopping = false;
  /** Aborted on stop: retries end, and what was not delivered goes back to its queue, not to the DLQ. */
  const stopped = new AbortController();

  /** One POST of a message (`attempt` 0 is the first), counted by what it leads to: ack, another try, or the DLQ. */
  async function attemptDelivery(route: DeliveryRoute, message: ConsumeMessage, attempt: number): Promise<number> {
    const startedAt = startTimer();
    try {
      const status = await post(route.url, message, options.timeoutMs);
      recordDeliveryAttempt(route.consumer, status >= 200 && status < 300 ? 'ack' : 'dead-letter', startedAt);
      return status;
    } catch (error) {
      recordDeliveryAttempt(route.consumer, attempt < options.retry ? 'retry' : 'dead-letter', startedAt);
      throw error;
    }
  }

  async function settle(channel: Channel, route: DeliveryRoute, message: ConsumeMessage): Promise<void> {
    const id = message.properties.messageId as string | undefined;
    try {
      const status = await policy.execute(({ attempt }) => attemptDelivery(route, message, attempt), stopped.signal);
      if (status >= 200 && status < 300) {
        channel.ack(message);
        return;
      }
      log.warn({ consumer: route.consumer, id, status }, 'consumer refused the event; dead-lettering');
    } catch (error) {
      if (stopping) {
        // The consumer may be draining too (npm start stops both): this is no verdict on the event.
        log.info({ consumer: route.consumer, id }, 'delivery cut short by shutdown; back to the queue');
        channel.nack(message, false, true);
        return;
      }
      log.warn({ consumer: route.consumer, id, err: error }, 'delivery failed after retries; dead-lettering');
    }
    channel.nack(message, false, false);
  }

  async function connect(): Promise<void> {
    connection = await amqp.connect(config().AMQP_URL, { clientProperties: { connection_name: 'dispatcher' } });
    connection.on('error', () => {});
    connection.on('close', () => {
      if (stopping) return;
      log.warn('broker connection lost; reconnecting');
      reconnectSoon();
    });
    consumers.length = 0;
    for (const route of routes) {
      const channel = await connection.createChannel();
      channel.on('error', () => {});
      await channel.prefetch(options.prefetch);
      const { consumerTag } = await channel.consume(eventNames.queue(route.consumer), (message) => {
        if (!message) return;
        const delivery = traceDispatch(route.consumer, route.url, message, () => settle(channel, route, message)).catch((error: unknown) => log.error({ err: error }, 'settle failed'));
        inFlight.add(delivery);
        void delivery.finally(() => inFlight.delete(delivery));
      });
      consumers.push({ channel, tag: consumerTag });
    }
  }

  function reconnectSoon(): void {
    setTimeout(() => {
      if (!stopping) connect().catch((error: unknown) => {
        log.error({ err: error }, 'reconnect failed; trying again');
        reconnectSoon();
      });
    }, 1000);
  }

  await connect();
  return {
    /** Stops taking messages and cuts retries short (those messages go back to their queue), lets in-flight deliveries settle, then closes the connection. */
    async stop(): Promise<void> {
      stopping = true;
      stopped.abort();
      await Promise.allSettled(consumers.map(({ channel, tag }) => channel.cancel(tag)));
      await Promise.allSettled([...inFlight]);
      await connection?.close().catch(() => undefined);
    },
  };
}
