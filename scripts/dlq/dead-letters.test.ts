import { eventNames } from '../../shared/events';
import { finalOrderStatuses } from '../../shared/domain/orders';
import { OrderFlow } from '../../test/orders/flow';
import { eventually } from '../../test/orders/wait';
import { withChannel } from '../lib/amqp';
import { listDeadLetters, replayDeadLetters } from './dead-letters';

/** `npm run dlq`: an order.placed dead-lettered as RabbitmqSource (or the dispatcher) does it, listed, replayed, and completed. */
const flow = new OrderFlow('dlq');
const consumer = 'order-processor';

/** Takes the order's message off the work queue and rejects it without requeue: the queue's DLX moves it to the DLQ. */
async function deadLetterNext(): Promise<void> {
  await withChannel(async (channel) => {
    const message = await channel.get(eventNames.queue(consumer), { noAck: false });
    if (!message) throw new Error('no message to dead-letter');
    channel.nack(message, false, false);
  }, flow.amqpUrl);
  await eventually(async () => (await flow.queueDepths()).deadLetters === 1, 'the dead letter to arrive');
}

describe('the dead-letter tool', () => {
  it('lists a dead-lettered order with its event id and why, leaves it there, and replays it so the order completes', async () => {
    const productId = await flow.product(5);
    const customer = await flow.customer();
    const orderId = await flow.placeAccepted(customer, [{ productId, quantity: 1 }]);
    await deadLetterNext();

    const letters = await listDeadLetters(consumer);
    expect(letters).toEqual([expect.objectContaining({ id: orderId, type: 'brisk.orders.order.placed', reason: 'rejected' })]);
    expect(JSON.parse(letters[0]!.body)).toMatchObject({ orderId, customerId: customer.id });
    await eventually(async () => (await flow.queueDepths()).deadLetters === 1, 'the listed letter to be back in the DLQ');

    expect(await replayDeadLetters(consumer, 'another-event-id')).toEqual([]);
    expect(await replayDeadLetters(consumer)).toEqual([orderId]);
    expect(await flow.queueDepths()).toEqual({ queue: 1, deadLetters: 0 });

    await flow.startDispatching();
    expect((await flow.waitForStatus(customer, orderId, finalOrderStatuses)).status).toBe('confirmed');
    expect(flow.consumer.deliveries(orderId)).toBe(1);
  });
});
