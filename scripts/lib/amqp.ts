import amqp, { type ConfirmChannel } from 'amqplib';
import { config } from '../../shared/config';

/**
 * Runs `use` on a confirm channel of a connection of its own, then closes both: the channel first,
 * since closing the connection alone can drop acks and nacks just sent (a replayed dead letter stayed
 * in its DLQ). A command the broker refuses (no such queue) rejects `use` with the broker's reason.
 */
export async function withChannel<T>(use: (channel: ConfirmChannel) => Promise<T>, url = config().AMQP_URL, name?: string): Promise<T> {
  const connection = await amqp.connect(url, name === undefined ? undefined : { clientProperties: { connection_name: name } });
  connection.on('error', () => {}); // the refused command's own rejection says why
  try {
    const channel = await connection.createConfirmChannel();
    const result = await use(channel);
    await channel.close();
    return result;
  } finally {
    await connection.close().catch(() => undefined);
  }
}
