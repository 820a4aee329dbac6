import http from 'node:http';
import type { AddressInfo } from 'node:net';
import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { eventually } from '../../test/orders/wait';
import { config } from '../config';
import { startDispatcher } from './dispatcher';
import { closeBroker, declareTopology, deleteTopology, eventNames, publishConfirmed, type Subscription } from '.';

/** The local dispatcher's own rules beyond RabbitmqSource's: what a shutdown does to deliveries still being retried. */
const subscription: Subscription = { consumer: 'dispatcher-test', types: ['brisk.catalog.stock.adjusted'] };
let connection: ChannelModel;
let channel: Channel;

beforeAll(async () => {
  connection = await amqp.connect(config().AMQP_URL);
  channel = await connection.createChannel();
  await declareTopology(channel, [subscription]);
});

afterAll(async () => {
  await deleteTopology(channel, [subscription]);
  await connection.close();
  await closeBroker();
});

const depths = async () => ({
  queue: (await channel.checkQueue(eventNames.queue(subscription.consumer))).messageCount,
  deadLetters: (await channel.checkQueue(eventNames.deadLetterQueue(subscription.consumer))).messageCount,
});

describe('the dispatcher stopping', () => {
  it('puts a message it is still retrying back in its queue instead of dead-lettering it', async () => {
    let attempts = 0;
    const draining = http.createServer((_req, res) => {
      attempts++;
      res.writeHead(503).end();
    });
    await new Promise<void>((resolve) => draining.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(draining.address() as AddressInfo).port}/`;
    try {
      await publishConfirmed('brisk.catalog.stock.adjusted', { productId: '0190b5a0-0000-7000-8000-000000000001', delta: 1, reason: 'count' });
      const dispatcher = await startDispatcher([{ consumer: subscription.consumer, url }], { prefetch: 1, retry: 10, backoffDelayMs: 200, timeoutMs: 1_000 });
      await eventually(() => attempts >= 2, 'two refused attempts');
      await dispatcher.stop();
      await eventually(async () => (await depths()).queue === 1, 'the message back in its queue');
      expect(await depths()).toEqual({ queue: 1, deadLetters: 0 });
    } finally {
      draining.close();
    }
  });
});
