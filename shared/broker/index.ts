import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import { config } from '../config';
import { logger } from '../log';
import { processName } from '../process/identity';
import { onShutdown } from '../process/shutdown';

export interface Broker {
  connection: ChannelModel;
  channel: ConfirmChannel;
}

const reconnect = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 1000 }) });

let connecting: Promise<Broker> | undefined;

async function connect(): Promise<Broker> {
  onShutdown(closeBroker);
  const connection = await reconnect.execute(() =>
    amqp.connect(config().AMQP_URL, { noDelay: true, clientProperties: { connection_name: processName() } }),
  );
  const channel = await connection.createConfirmChannel();
  const forget = (error?: Error) => {
    if (error) logger().warn({ err: error }, 'broker connection lost');
    connecting = undefined;
  };
  connection.on('close', forget);
  connection.on('error', forget);
  channel.on('close', forget);
  channel.on('error', forget);
  return { connection, channel };
}

/**
 * The process's one broker connection and confirm channel, opened on first use with a few backed-off
 * attempts; when either closes, the next use reconnects.
 */
export function broker(): Promise<Broker> {
  connecting ??= connect().catch((error: unknown) => {
    connecting = undefined;
    throw error;
  });
  return connecting;
}

export async function closeBroker(): Promise<void> {
  const pending = connecting;
  connecting = undefined;
  const open = await pending?.catch(() => undefined);
  await open?.connection.close().catch(() => undefined);
}
