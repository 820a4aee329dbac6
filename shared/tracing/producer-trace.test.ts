import { randomBytes } from 'node:crypto';
import amqp, { type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { v7 } from 'uuid';
import { config, setConfig } from '../config';
import { declareTopology, deleteTopology, eventNames, fromAmqpMessage, type Subscription } from '../events';
import { binaryHeaders, producerHeaders } from '../../functions/events-ingest/events-ingest.fixtures';
import { eventually } from '../../test/orders/wait';
import { type OtlpReceiver, spanKind, startOtlpReceiver } from '../../test/otlp-receiver';
import { type RunningServer, startFunction } from '../../test/servers';

/**
 * A producer's own trace joins Brisk's: an event POSTed to the events-ingest bundle in binary mode with
 * its `ce-traceparent` is published as a child of the producer's span (linked to the HTTP request's
 * span), and reaches the broker still carrying the producer's context, so its consumers continue the
 * producer's trace. RabbitMQ is real; the OTLP receiver in this process is the fake tracing backend.
 */
setConfig({ EVENTS_NAMESPACE: `${config().EVENTS_NAMESPACE}.producer-trace` });
const warehouse: Subscription = { consumer: 'producer-trace-test', types: ['brisk.catalog.stock.adjusted'] };
const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

let receiver: OtlpReceiver;
let ingest: RunningServer;
let connection: ChannelModel;
let channel: Channel;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  connection = await amqp.connect(amqpUrl);
  channel = await connection.createChannel();
  await declareTopology(channel, [warehouse]);
  ingest = await startFunction('node', 'events-ingest', {
    EVENTS_NAMESPACE: config().EVENTS_NAMESPACE,
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
}, 30_000);

afterAll(async () => {
  await ingest?.stop();
  await deleteTopology(channel, [warehouse]);
  await connection?.close();
  await receiver?.close();
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** The next message on the test's queue. */
async function nextMessage(): Promise<GetMessage> {
  let message: GetMessage | false = false;
  await eventually(async () => (message = await channel.get(eventNames.queue(warehouse.consumer), { noAck: true })) !== false, 'the event on the queue');
  return message as unknown as GetMessage;
}

describe('a producer’s trace', () => {
  it('is continued by the publish of its event, which keeps the producer’s ce-traceparent on the broker', async () => {
    const [producerTrace, producerSpan] = [hex(16), hex(8)];
    const traceparent = `00-${producerTrace}-${producerSpan}-01`;
    const id = v7();
    const response = await fetch(`${ingest.url}/v1/events`, {
      method: 'POST',
      headers: { ...(await producerHeaders()), ...binaryHeaders({ 'ce-id': id, 'ce-traceparent': traceparent }) },
      body: JSON.stringify({ productId: v7(), delta: -2, reason: 'damaged' }),
    });
    expect(response.status).toBe(202);

    const message = await nextMessage();
    const event = fromAmqpMessage(message.properties.headers, message.content);
    expect(event).toMatchObject({ id, traceparent });

    const spans = () => receiver.spans().filter((span) => span.service === 'events-ingest');
    await eventually(async () => spans().some((span) => span.kind === spanKind.producer) && spans().some((span) => span.kind === spanKind.server), 'events-ingest’s spans');
    const server = spans().find((span) => span.kind === spanKind.server)!;
    const publish = spans().find((span) => span.kind === spanKind.producer)!;
    expect(server).toMatchObject({ name: 'POST /v1/events', parentSpanId: '' });
    expect(publish).toMatchObject({ name: 'publish brisk.catalog.stock.adjusted', traceId: producerTrace, parentSpanId: producerSpan });
    expect(publish.attributes).toMatchObject({ 'cloudevents.event_id': id });
    expect(publish.links).toEqual([{ traceId: server.traceId, spanId: server.spanId }]);
  });
});
