import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import { config } from '../config';
import { logger } from '../log';
import { connectOnce } from '../process/connect-once';
import { processName } from '../process/identity';

export interface Broker {
  connection: ChannelModel;
  channel: ConfirmChannel;
}

const reconnect = retry(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff({ initialDelay: 100, maxDelay: 1000 }) });

async function connect(lost: () => void): Promise<Broker> {
  const connection = await reconnect.execute(() =>
    amqp.connect(config().AMQP_URL, { noDelay: true, clientProperties: { connection_name: processName() } }),
  );
  const channel = await connection.createConfirmChannel();
  const forget = (error?: Error) => {
    if (error) logger().warn({ err: error }, 'broker connection lost');
    lost();
  };
  connection.on('close', forget);
  connection.on('error', forget);
  channel.on('close', forget);
  channel.on('error', forget);
  return { connection, channel };
}

const shared = connectOnce({ open: connect, close: (open: Broker) => open.connection.close().catch(() => undefined) });

/**
 * The process's one broker connection and confirm channel, opened on first use with a few backed-off
 * attempts; when either closes, the next use reconnects.
 */
export const broker = (): Promise<Broker> => shared.get();

export const closeBroker = (): Promise<void> => shared.close();
