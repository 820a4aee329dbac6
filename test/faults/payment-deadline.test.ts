import { withChannel } from '../../scripts/lib/amqp';
import { primary } from '../../shared/db';
import { declareTopology, deleteTopology, eventNames, publishConfirmed, type Subscription } from '../../shared/events';
import { OrderFlow } from '../orders/flow';
import { eventually } from '../orders/wait';

/**
 * The payment deadline, shortened to 2 s (ORDER_PAYMENT_DEADLINE_SECONDS) with provider calls cut at
 * 300 ms and retry queues of 200 and 400 ms: an order whose providers never answer in time fails with
 * `provider_unavailable`, its stock back, exactly once; and a delivery arriving after an order is
 * settled, either way, changes nothing and calls no provider.
 */
process.env.EVENT_RETRY_DELAYS_MS = '200,400';
process.env.ORDER_PAYMENT_DEADLINE_SECONDS = '2';
process.env.PAYMENT_TIMEOUT_MS = '300';
const flow = new OrderFlow('faults-payment-deadline');

beforeAll(() => flow.startDispatching());
afterEach(() => flow.restoreProviders());

const providerAttempts = () => flow.primaryProvider.attempts() + flow.fallbackProvider.attempts();

async function authorizationsOf(orderId: string) {
  return [...(await flow.primaryProvider.authorizations(orderId)), ...(await flow.fallbackProvider.authorizations(orderId))];
}

/** A queue of this file's own, bound to the facts these orders end with: what the outbox relay published. */
const facts: Subscription = { consumer: 'payment-deadline-facts', types: ['brisk.orders.order.confirmed', 'brisk.orders.order.payment_failed'] };
const published: { type: string; subject: unknown }[] = [];
beforeAll(() => withChannel((channel) => declareTopology(channel, [facts]), flow.amqpUrl));
afterAll(() => withChannel((channel) => deleteTopology(channel, [facts]), flow.amqpUrl));

/** The types of the facts published about the order, in order, once its outbox rows are gone (published). */
async function factsOf(orderId: string): Promise<string[]> {
  await eventually(async () => (await primary()`SELECT 1 FROM outbox WHERE subject = ${orderId}`).length === 0, 'its facts published');
  await withChannel(async (channel) => {
    for (let message = await channel.get(eventNames.queue(facts.consumer), { noAck: true }); message; message = await channel.get(eventNames.queue(facts.consumer), { noAck: true })) {
      published.push({ type: message.properties.type as string, subject: message.properties.headers?.['ce-subject'] });
    }
  }, flow.amqpUrl);
  return published.filter((fact) => fact.subject === orderId).map((fact) => fact.type);
}

/** The order's own event again, as a late retry or a sweep would send it: same id, same data. */
async function redeliver(orderId: string, customerId: string, productId: string): Promise<void> {
  await publishConfirmed('brisk.orders.order.placed', { orderId, customerId, items: [{ productId, quantity: 2 }] }, { id: orderId, subject: orderId });
}

describe('an order paid before its deadline', () => {
  it('stays confirmed, its stock kept and its one authorization unchanged, when its event comes again past the deadline', async () => {
    const productId = await flow.product(10);
    const customer = await flow.customer();
    const orderId = await flow.placeAccepted(customer, [{ productId, quantity: 2 }]);
    await flow.waitForStatus(customer, orderId, 'confirmed');

    await new Promise((resolve) => setTimeout(resolve, 2_500)); // past the 2 s deadline (and its 300 ms settling time)
    const answeredBefore = flow.consumer.answered(orderId);
    await redeliver(orderId, customer.id, productId);
    await eventually(() => flow.consumer.answered(orderId) > answeredBefore, 'the late delivery to be answered');

    expect((await flow.order(customer, orderId)).status).toBe('confirmed');
    expect(await flow.stockOf(productId)).toBe(8);
    expect(await authorizationsOf(orderId)).toEqual([expect.objectContaining({ orderId, status: 'authorized' })]);
    expect(await factsOf(orderId)).toEqual(['brisk.orders.order.confirmed']);
  }, 30_000);
});

// Last: the outage opens both payment breakers, which stay open 10 s.
describe('an order whose payment providers stay down past its payment deadline', () => {
  it('ends payment_failed with reason provider_unavailable, its stock released and the fact recorded once; a later delivery calls no provider', async () => {
    await Promise.all([flow.primaryProvider.control({ down: true }), flow.fallbackProvider.control({ down: true })]);
    const productId = await flow.product(10);
    const customer = await flow.customer();

    const orderId = await flow.placeAccepted(customer, [{ productId, quantity: 2 }]);
    await flow.waitForStatus(customer, orderId, 'reserved');
    expect(await flow.stockOf(productId)).toBe(8);
    const failed = await flow.waitForStatus(customer, orderId, 'payment_failed', { attempts: 200 });

    expect(failed.reason).toBe('provider_unavailable');
    expect(flow.consumer.retries(orderId)).toBeGreaterThanOrEqual(2);
    expect(await flow.stockOf(productId)).toBe(10);
    expect(await factsOf(orderId)).toEqual(['brisk.orders.order.payment_failed']);

    // The providers recover and the event comes once more: the order stays failed, and nothing is charged.
    await flow.restoreProviders();
    const attemptsBefore = providerAttempts();
    const answeredBefore = flow.consumer.answered(orderId);
    await redeliver(orderId, customer.id, productId);
    await eventually(() => flow.consumer.answered(orderId) > answeredBefore, 'the late delivery to be answered');
    expect((await flow.order(customer, orderId)).status).toBe('payment_failed');
    expect(providerAttempts()).toBe(attemptsBefore);
    expect(await authorizationsOf(orderId)).toEqual([]);
    expect(await flow.stockOf(productId)).toBe(10);
    expect(await factsOf(orderId)).toHaveLength(1);
    expect(await flow.queueDepths()).toEqual({ queue: 0, deadLetters: 0 });
  }, 30_000);
});
