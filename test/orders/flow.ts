import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { v7 } from 'uuid';
import orderProcessor from '../../functions/order-processor/function';
import ordersCancel from '../../functions/orders-cancel/function';
import ordersCreate from '../../functions/orders-create/function';
import ordersGet from '../../functions/orders-get/function';
import ordersList from '../../functions/orders-list/function';
import { signToken } from '../../shared/auth';
import type { Scope } from '../../shared/domain/caller';
import { closeRedis } from '../../shared/cache';
import { config } from '../../shared/config';
import { arrayLiteral, closeDb, primary } from '../../shared/db';
import type { Order, OrderStatus } from '../../shared/domain/orders';
import { closeBroker } from '../../shared/events';
import { retryAttribute } from '../../shared/events/retry';
import { type DeliveryOptions, startDispatcher } from '../../shared/events/dispatcher';
import { createApp } from '../../shared/http/app';
import { opsFunction } from '../../shared/http/ops';
import { createNodeServer } from '../../shared/runtime/node-server';
import { appClient, type TestResponse } from '../app-client';
import { declareOrderQueues, deleteOrderQueues, isolateOrderEvents, purgeOrderQueues, queueDepths } from './queues';
import { type Sandbox, startSandbox } from './sandbox';
import { insertProduct } from '../products';

/**
 * RabbitmqSource's delivery settings for the order tests. Ten retries from 100 ms give a message about
 * 100 s of redeliveries before it dead-letters (redeliveries near 6, 13, 26 and 51 s): far more than a
 * test needs to bring a killed consumer back, or a provider back and past its circuit breaker, which
 * stays open 10 s after five consecutive failures (shared/payments).
 */
export const deliveryOptions: DeliveryOptions = { prefetch: 10, retry: 10, backoffDelayMs: 100, timeoutMs: 10_000 };

/** Products the order tests insert go to a category no other test file walks or counts. */
export const testCategory = 'yoga';

export interface Customer {
  id: string;
  /** `authorization: Bearer <token>` for this customer. */
  headers: Record<string, string>;
}

export type Item = { productId: string; quantity: number };

/** The order processor served in-process over HTTP, as the dispatcher (or RabbitmqSource) reaches it. */
export interface ConsumerServer {
  url: string;
  /** How many deliveries of this event id have reached the consumer so far. */
  deliveries(eventId: string): number;
  /** How many deliveries of this event id the consumer has answered so far. */
  answered(eventId: string): number;
  /** The most delayed redeliveries (from the retry queues) any delivery of this event id had behind it. */
  retries(eventId: string): number;
  close(): Promise<void>;
}

export async function serveOrderProcessor(): Promise<ConsumerServer> {
  const server: http.Server = createNodeServer(createApp([orderProcessor.http(), opsFunction]));
  const counts = new Map<string, number>();
  const retries = new Map<string, number>();
  const answers = new Map<string, number>();
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const id = req.headers['ce-id'];
    if (typeof id !== 'string') return;
    counts.set(id, (counts.get(id) ?? 0) + 1);
    res.on('finish', () => answers.set(id, (answers.get(id) ?? 0) + 1));
    retries.set(id, Math.max(retries.get(id) ?? 0, Number(req.headers[`ce-${retryAttribute}`] ?? 0)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    deliveries: (eventId) => counts.get(eventId) ?? 0,
    answered: (eventId) => answers.get(eventId) ?? 0,
    retries: (eventId) => retries.get(eventId) ?? 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

interface FlowOptions {
  /** `in-process` (default) serves the order processor in this process; `none` leaves that to the test. */
  consumer?: 'in-process' | 'none';
}

/**
 * Everything an order test needs around the functions under test: its own queues (see
 * isolateOrderEvents), a primary and a fallback payment sandbox, the order processor, a dispatcher
 * started when the test asks, and products and customers of its own, all removed in afterAll.
 * Call at the top of a test file, before anything reads config().
 */
export class OrderFlow {
  readonly amqpUrl: string;
  private client: ReturnType<typeof appClient> | undefined;
  private sandboxes: { primary: Sandbox; fallback: Sandbox } | undefined;
  private served: ConsumerServer | undefined;
  private dispatcher: Awaited<ReturnType<typeof startDispatcher>> | undefined;
  private readonly productIds: string[] = [];
  private readonly customerIds: string[] = [];
  private readonly orderIds = new Set<string>();

  constructor(tag: string, options: FlowOptions = {}) {
    isolateOrderEvents(tag);
    this.amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
    beforeAll(async () => {
      const [primaryProvider, fallbackProvider] = await Promise.all([startSandbox(), startSandbox()]);
      this.sandboxes = { primary: primaryProvider, fallback: fallbackProvider };
      process.env.PAYMENT_PROVIDER_URL = primaryProvider.url;
      process.env.PAYMENT_FALLBACK_URL = fallbackProvider.url;
      if (config().PAYMENT_PROVIDER_URL !== primaryProvider.url) throw new Error('config() was read before the order flow set the payment sandboxes');
      await declareOrderQueues(this.amqpUrl);
      this.client = appClient(ordersCreate, ordersGet, ordersList, ordersCancel);
      if ((options.consumer ?? 'in-process') === 'in-process') this.served = await serveOrderProcessor();
    });
    afterAll(() => this.tearDown(), 30_000);
  }

  get call(): ReturnType<typeof appClient> {
    if (!this.client) throw new Error('the order flow is not set up yet');
    return this.client;
  }

  get primaryProvider(): Sandbox {
    if (!this.sandboxes) throw new Error('the order flow is not set up yet');
    return this.sandboxes.primary;
  }

  get fallbackProvider(): Sandbox {
    if (!this.sandboxes) throw new Error('the order flow is not set up yet');
    return this.sandboxes.fallback;
  }

  get consumer(): ConsumerServer {
    if (!this.served) throw new Error('no order processor is served in-process');
    return this.served;
  }

  /** Starts delivering the file's queue to the consumer (the in-process one unless a url is given); a no-op when it runs. */
  async startDispatching(url = this.consumer.url): Promise<void> {
    this.dispatcher ??= await startDispatcher([{ consumer: orderProcessor.name, url }], deliveryOptions);
  }

  /** Stops taking messages and waits for in-flight deliveries to settle; unacknowledged messages go back to the queue. */
  async stopDispatching(): Promise<void> {
    const running = this.dispatcher;
    this.dispatcher = undefined;
    await running?.stop();
  }

  queueDepths() {
    return queueDepths(this.amqpUrl);
  }

  /** Drops every message waiting for the order processor, in its queue and its retry queues. */
  purgeQueues(): Promise<void> {
    return purgeOrderQueues(this.amqpUrl);
  }

  /** Both sandboxes back to their defaults (no outage, latency or declines). */
  restoreProviders(): Promise<unknown> {
    return Promise.all([this.primaryProvider.restore(), this.fallbackProvider.restore()]);
  }

  async customer(scopes: Scope[] = []): Promise<Customer> {
    const id = `customer-${v7()}`;
    this.customerIds.push(id);
    return { id, headers: { authorization: `Bearer ${await signToken(id, scopes)}` } };
  }

  async product(stock: number, price = 1999): Promise<string> {
    const id = v7();
    this.productIds.push(id);
    await insertProduct(primary(), { id, sku: `TEST-ORDERS-${id}`, name: 'Test Order Mat', description: 'Inserted by the order tests', category: testCategory, price, stock });
    return id;
  }

  async stockOf(productId: string): Promise<number> {
    const [row] = await primary()<{ stock: number }[]>`SELECT stock FROM product_stock WHERE product_id = ${productId}`;
    if (!row) throw new Error(`no product ${productId}`);
    return row.stock;
  }

  /** Remembers an order placed around orders-create (a direct delivery), for clean-up. */
  track(orderId: string): void {
    this.orderIds.add(orderId);
  }

  /** POST /v1/orders as the customer. */
  async place(customer: Customer, items: Item[], headers: Record<string, string> = {}): Promise<TestResponse> {
    const response = await this.call('POST', '/v1/orders', {
      headers: { ...customer.headers, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ items }),
    });
    if (response.status === 202) this.track((response.json() as { orderId: string }).orderId);
    return response;
  }

  /** POST /v1/orders that must be accepted; answers the order id. */
  async placeAccepted(customer: Customer, items: Item[], headers: Record<string, string> = {}): Promise<string> {
    const response = await this.place(customer, items, headers);
    if (response.status !== 202) throw new Error(`POST /v1/orders answered ${response.status}: ${response.text}`);
    return (response.json() as { orderId: string }).orderId;
  }

  /** GET /v1/orders/{id} as the customer; the order, or an error naming the status. */
  async order(customer: Customer, orderId: string): Promise<Order> {
    const response = await this.call('GET', `/v1/orders/${orderId}`, { headers: customer.headers });
    if (response.status !== 200) throw new Error(`GET /v1/orders/${orderId} answered ${response.status}: ${response.text}`);
    return response.json() as Order;
  }

  /** Polls GET /v1/orders/{id} (bounded) until the order is in one of the statuses; fails naming the last one seen. */
  async waitForStatus(
    customer: Customer,
    orderId: string,
    expected: OrderStatus | OrderStatus[],
    { attempts = 100, intervalMs = 50 } = {},
  ): Promise<Order> {
    const wanted = Array.isArray(expected) ? expected : [expected];
    let last = 'not read yet';
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const response = await this.call('GET', `/v1/orders/${orderId}`, { headers: customer.headers });
      if (response.status === 200) {
        const order = response.json() as Order;
        if (wanted.includes(order.status)) return order;
        last = order.status;
      } else {
        last = `HTTP ${response.status}`;
      }
      await sleep(intervalMs);
    }
    throw new Error(`order ${orderId} is still ${last} after ${attempts} polls; expected ${wanted.join(' or ')}`);
  }

  private async tearDown(): Promise<void> {
    await this.stopDispatching();
    await this.served?.close();
    const sql = primary();
    const orderIds = [...this.orderIds];
    await sql`DELETE FROM orders WHERE customer_id = ANY(${arrayLiteral(this.customerIds)}::text[]) OR id = ANY(${arrayLiteral(orderIds)}::uuid[])`;
    await sql`DELETE FROM inbox WHERE event_id = ANY(${arrayLiteral(orderIds)}::text[])`;
    await sql`DELETE FROM outbox WHERE subject = ANY(${arrayLiteral(orderIds)}::text[])`;
    await sql`DELETE FROM products WHERE id = ANY(${arrayLiteral(this.productIds)}::uuid[])`;
    await deleteOrderQueues(this.amqpUrl);
    await Promise.all([this.sandboxes?.primary.close(), this.sandboxes?.fallback.close()]);
    // The pool drains first: an outbox relay still running holds a transaction and publishes inside it.
    await closeDb();
    await closeRedis();
    await closeBroker();
  }
}
