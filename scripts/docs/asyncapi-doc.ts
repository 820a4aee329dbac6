// The AsyncAPI 3.0 document of Brisk's events, generated from the same sources as docs/events.md and the
// OpenAPI document: the event registry (types, data schemas, producers), the consumers' subscriptions and
// the topology's names, in production's namespace. `npm run gen:docs` writes it to
// functions/api-docs/asyncapi.json, which api-docs serves at /asyncapi.json.
import * as z from 'zod';
import packageJson from '../../package.json';
import { eventFunctions, httpFunctions, queueConsumers } from '../../functions';
import { parseConfig } from '../../shared/config';
import { eventNames } from '../../shared/events/names';
import { type EventTypeName, eventTypes } from '../../shared/events/registry';
import { clusterLocalHost, infra, pingSchedule } from '../knative/model';
import { consumersOf } from './events-doc';

type Json = Record<string, unknown>;
type Transport = 'amqp' | 'http';

const amqpBinding = { bindingVersion: '0.3.0' };
const httpBinding = { bindingVersion: '0.3.0' };
const amqpServers = [{ $ref: '#/servers/production' }, { $ref: '#/servers/local' }];

/** Producers the registry names that are not Brisk functions, and how what they send arrives. */
const outsideProducers: Record<string, { transport: Transport; description: string }> = {
  external: {
    transport: 'amqp',
    description:
      'Producers outside Brisk (a warehouse) send it with `POST /v1/events` (binary, structured or batch mode; a token with the ' +
      '`producer` scope). events-ingest checks it against the registry, keeps its id and traceparent, and publishes it on the ' +
      'exchange with a publisher confirm before it answers 202.',
  },
  pingsource: {
    transport: 'http',
    description:
      `Knative PingSource \`<consumer>-tick\` (schedule \`${pingSchedule}\`; locally scripts/dispatcher.ts, every second) POSTs it ` +
      "to the consumer's Knative Service. It never travels over RabbitMQ.",
  },
};

const product = packageJson.name.charAt(0).toUpperCase() + packageJson.name.slice(1);
const licenseUrls: Record<string, string> = { 'Apache-2.0': 'https://www.apache.org/licenses/LICENSE-2.0' };

/** The event's data as JSON Schema draft-07, the dialect of AsyncAPI's default schema format. */
function payloadSchema(type: EventTypeName): Json {
  const { $schema: _dialect, $defs, ...schema } = z.toJSONSchema(eventTypes[type].data, { target: 'draft-07', unrepresentable: 'any' }) as Json;
  if ($defs) throw new Error(`${type}: named schemas (.meta({ id })) need a place in components.schemas; scripts/docs/asyncapi-doc.ts gives them none yet`);
  return schema;
}

/** The headers a CloudEvent in binary content mode carries: what shared/events/message.ts sets (or PingSource, over HTTP). */
function cloudEventHeaders(type: EventTypeName, transport: Transport): Json {
  const overAmqp = transport === 'amqp';
  return {
    type: 'object',
    description: overAmqp
      ? "CloudEvents 1.0 context attributes, each a `ce-` header with a string value, and `content-type`. The broker adds headers of its own (`x-delivery-count`; `x-death` and `x-first-death-*` after a retry queue)."
      : 'CloudEvents 1.0 context attributes as HTTP headers (binary content mode), and `Content-Type`.',
    required: ['ce-specversion', 'ce-id', 'ce-type', 'ce-source', 'ce-time', 'content-type'],
    properties: {
      'ce-specversion': { type: 'string', const: '1.0', description: 'The CloudEvents version' },
      'ce-id': {
        type: 'string',
        minLength: 1,
        maxLength: 200,
        description: overAmqp
          ? "The event's id (a UUIDv7 when Brisk makes it; for a command, the id of what it creates, e.g. the order id; an external producer's own). Also the AMQP `message_id`; consumers take effect of an id once."
          : "The event's id",
      },
      'ce-type': {
        type: 'string',
        const: type,
        description: overAmqp ? 'The event type: also the routing key and the AMQP `type` property' : 'The event type',
      },
      'ce-source': overAmqp
        ? {
            type: 'string',
            pattern: '^/brisk/',
            examples: ['/brisk/orders-create'],
            description:
              'The Brisk process that published it: `/brisk/<function>` (events-ingest for an event from outside; locally `/brisk/gateway`, which runs every function)',
          }
        : { type: 'string', minLength: 1, description: 'The PingSource, e.g. `/apis/v1/namespaces/brisk/pingsources/outbox-relay-tick`' },
      'ce-time': { type: 'string', format: 'date-time', description: 'When it was published (RFC 3339)' },
      ...(overAmqp && {
        'ce-subject': { type: 'string', minLength: 1, maxLength: 500, description: 'What it is about, when its producer says' },
        'ce-traceparent': {
          type: 'string',
          pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
          description: 'W3C Trace Context of the work that caused it (the CloudEvents distributed tracing extension), when there was one',
        },
        'ce-retryattempt': {
          type: 'string',
          pattern: '^[1-9][0-9]*$',
          description: "Extension: how many delayed redeliveries it has had at this consumer, on a message back from the consumer's retry queue",
        },
      }),
      'content-type': {
        type: 'string',
        const: 'application/json',
        description: overAmqp
          ? "The data's media type. RabbitmqSource reads it from this header; `datacontenttype` has no `ce-` header."
          : "The data's media type",
      },
    },
  };
}

/** How each type travels: over RabbitMQ when a Brisk function (or events-ingest, for an outside producer) publishes it. */
function transportOf(type: EventTypeName, functionNames: Set<string>): Transport {
  const transports = new Set(
    (eventTypes[type].producers as string[]).map((producer) => {
      if (functionNames.has(producer)) return 'amqp';
      const outside = outsideProducers[producer];
      if (!outside) throw new Error(`${type}: producer ${producer} is neither a function nor one scripts/docs/asyncapi-doc.ts knows`);
      return outside.transport;
    }),
  );
  if (transports.size !== 1) throw new Error(`${type}: its producers reach consumers over ${[...transports].join(' and ')}; one channel cannot say so`);
  return [...transports][0]!;
}

const channelRef = (channel: string) => ({ $ref: `#/channels/${channel}` });
const messageIn = (channel: string, type: string) => ({ $ref: `#/channels/${channel}/messages/${type}` });

/** The AsyncAPI 3.0 document: a channel per event type and per consumer queue, a send per producer and a receive per subscription. */
export function buildAsyncApi(): Json {
  // The configuration's defaults: production's namespace and retry delays, as docs/events.md assumes (the test checks the
  // namespace against the cluster's ConfigMap, not read here: scripts/gen-knative imports api-docs, which imports this
  // document's output), and a developer machine's AMQP_URL.
  const { EVENTS_NAMESPACE: namespace, AMQP_URL, EVENT_RETRY_DELAYS_MS } = parseConfig({});
  const exchange = eventNames.exchange(namespace);
  const functionNames = new Set([...httpFunctions, ...eventFunctions].map((fn) => fn.name));
  const types = Object.keys(eventTypes) as EventTypeName[];
  const transports = new Map(types.map((type) => [type, transportOf(type, functionNames)]));
  const queued = new Set(queueConsumers.map((fn) => fn.name));
  for (const fn of eventFunctions) {
    for (const type of fn.subscribes) {
      const expected: Transport = queued.has(fn.name) ? 'amqp' : 'http';
      if (transports.get(type) !== expected) {
        throw new Error(`${fn.name} takes ${type}, which travels over ${transports.get(type)}, but is fed over ${expected}`);
      }
    }
  }
  const httpConsumers = eventFunctions.filter((fn) => !queued.has(fn.name)).map((fn) => fn.name);

  const channels: Record<string, Json> = {};
  const addChannel = (key: string, channel: Json) => {
    if (channels[key]) throw new Error(`two channels named ${key}`);
    channels[key] = channel;
  };
  const messageRefs = (list: readonly string[]) => Object.fromEntries(list.map((type) => [type, { $ref: `#/components/messages/${type}` }]));

  for (const type of types) {
    const consumers = consumersOf(type);
    if (transports.get(type) === 'amqp') {
      const queues = consumers.map((consumer) => `\`${eventNames.queue(consumer, namespace)}\``);
      addChannel(type, {
        address: type,
        title: type,
        summary: eventTypes[type].description,
        description:
          `Published on the topic exchange \`${exchange}\` with routing key \`${type}\`. ` +
          (queues.length > 0 ? `Bound to ${queues.join(', ')}.` : 'No queue takes it yet: a fact for whoever subscribes.'),
        servers: amqpServers,
        messages: messageRefs([type]),
        bindings: {
          amqp: { is: 'routingKey', exchange: { name: exchange, type: 'topic', durable: true, autoDelete: false, vhost: '/' }, ...amqpBinding },
        },
      });
    } else {
      addChannel(type, {
        address: '/',
        title: type,
        summary: eventTypes[type].description,
        description: `POSTed to its consumer's Knative Service (${consumers.map((name) => `\`${name}\``).join(', ')}), not through RabbitMQ.`,
        servers: [{ $ref: '#/servers/knative' }],
        messages: messageRefs([type]),
      });
    }
  }

  const queueChannel = (consumer: string) => eventNames.queue(consumer, namespace);
  for (const fn of queueConsumers) {
    const queue = queueChannel(fn.name);
    addChannel(queue, {
      address: queue,
      title: `${fn.name}'s queue`,
      description:
        `The durable quorum queue of ${fn.name}, bound to \`${exchange}\` by ${fn.subscribes.map((type) => `\`${type}\``).join(', ')}. ` +
        `RabbitmqSource \`${fn.name}-source\` (locally scripts/dispatcher.ts) delivers each message to ${fn.name} as an HTTP POST of the same ` +
        'binary-mode CloudEvent and acks, retries or dead-letters by the answer (docs/events.md, Delivery). ' +
        `What it gives up goes through \`${eventNames.deadLetterExchange(namespace)}\` to \`${eventNames.deadLetterQueue(fn.name, namespace)}\`; ` +
        'a delayed redelivery waits in a retry queue, one per delay of EVENT_RETRY_DELAYS_MS (by default ' +
        `${EVENT_RETRY_DELAYS_MS.map((delayMs) => `\`${eventNames.retryQueue(fn.name, delayMs, namespace)}\``).join(', ')}), and expires back into this queue.`,
      servers: amqpServers,
      messages: messageRefs(fn.subscribes),
      bindings: { amqp: { is: 'queue', queue: { name: queue, durable: true, exclusive: false, autoDelete: false, vhost: '/' }, ...amqpBinding } },
    });
  }

  const operations: Record<string, Json> = {};
  for (const type of types) {
    const overAmqp = transports.get(type) === 'amqp';
    for (const producer of eventTypes[type].producers as string[]) {
      operations[`${producer}.send.${type}`] = {
        action: 'send',
        channel: channelRef(type),
        title: `${producer} sends ${type}`,
        description:
          outsideProducers[producer]?.description ??
          `${producer} publishes it (persistent, with a publisher confirm; a command must reach a queue, a fact may reach none yet).`,
        messages: [messageIn(type, type)],
        bindings: overAmqp ? { amqp: { deliveryMode: 2, timestamp: true, ...amqpBinding } } : { http: { method: 'POST', ...httpBinding } },
      };
    }
  }
  for (const fn of eventFunctions) {
    for (const type of fn.subscribes) {
      const overAmqp = queued.has(fn.name);
      const channel = overAmqp ? queueChannel(fn.name) : type;
      operations[`${fn.name}.receive.${type}`] = {
        action: 'receive',
        channel: channelRef(channel),
        title: `${fn.name} takes ${type}`,
        description:
          `${fn.name} answers 204 when done or for an event id it already took effect of, 202 when it handed the event to its retry queue, ` +
          '503 for a transient failure (redelivered), 400 or 422 for an event that can never succeed (dead-lettered).',
        messages: [messageIn(channel, type)],
        bindings: overAmqp ? { amqp: { ack: true, ...amqpBinding } } : { http: { method: 'POST', ...httpBinding } },
      };
    }
  }

  const messages = Object.fromEntries(
    types.map((type) => {
      const overAmqp = transports.get(type) === 'amqp';
      return [
        type,
        {
          name: type,
          title: type,
          summary: eventTypes[type].description,
          contentType: 'application/json',
          traits: [{ $ref: '#/components/messageTraits/cloudEvent' }],
          headers: cloudEventHeaders(type, transports.get(type)!),
          payload: payloadSchema(type),
          ...(overAmqp && { bindings: { amqp: { messageType: type, ...amqpBinding } } }),
        },
      ];
    }),
  );

  return {
    asyncapi: '3.0.0',
    info: {
      title: `${product} events`,
      version: packageJson.version,
      description: [
        `The events of ${product}, ${packageJson.description.charAt(0).toLowerCase()}${packageJson.description.slice(1)}. Generated from ` +
          "the event registry (shared/events/registry.ts) and the consumers' subscriptions, as docs/events.md and the OpenAPI " +
          'document (`/openapi.json`) are.',
        '',
        `- **Exchange** \`${exchange}\` (topic, durable; \`<EVENTS_NAMESPACE>.events\`, namespace \`${namespace}\` in production): ` +
          'a channel per event type, routing key = event type.',
        `- **Queues** \`${namespace}.<consumer>\`: a channel per consumer, each with a dead-letter queue and retry queues.`,
        '- **Messages** are CloudEvents 1.0 in binary content mode: `ce-` headers, a `content-type` header, the data as the JSON body.',
        '- **Operations**: a `send` for each producer of a type (outside producers through `POST /v1/events`), a `receive` for each type a consumer takes.',
      ].join('\n'),
      license: { name: packageJson.license, ...(licenseUrls[packageJson.license] && { url: licenseUrls[packageJson.license] }) },
    },
    defaultContentType: 'application/json',
    servers: {
      production: {
        host: `${clusterLocalHost(infra.rabbitmqCluster)}:5672`,
        protocol: 'amqp',
        protocolVersion: '0.9.1',
        title: 'RabbitMQ in the cluster',
        description: `RabbitmqCluster \`${infra.rabbitmqCluster}\` (knative/infra/rabbitmq.yaml), vhost \`/\`; functions reach it at AMQP_URL (Secret brisk-secrets).`,
      },
      local: {
        host: new URL(AMQP_URL).host,
        protocol: 'amqp',
        protocolVersion: '0.9.1',
        title: 'RabbitMQ on this machine',
        description: '`npm start` and `docker compose up`: AMQP_URL by default. Tests use a namespace of their own.',
      },
      knative: {
        host: clusterLocalHost('{consumer}'),
        protocol: 'http',
        title: "A consumer's Knative Service",
        description: 'Where Knative Eventing POSTs a CloudEvent that does not travel over RabbitMQ (the PingSource tick).',
        variables: { consumer: { enum: httpConsumers, default: httpConsumers[0], description: 'The consumer the source delivers to' } },
      },
    },
    channels,
    operations,
    components: {
      messages,
      messageTraits: {
        cloudEvent: {
          description:
            "A CloudEvent 1.0 in **binary content mode**, the form Knative's RabbitmqSource reads: each context attribute is a `ce-` " +
            "header with a string value, the data's media type is the `content-type` header, and the body is the event's `data` as " +
            "JSON. The AMQP binding's `cloudEvents_` header prefix is not used: RabbitmqSource does not understand it. Over AMQP " +
            'a message is persistent (`delivery_mode` 2) and its properties repeat the id (`message_id`), the type (`type`), ' +
            'the content type (`content_type`) and the time (`timestamp`).',
          tags: [{ name: 'CloudEvents 1.0', description: 'Binary content mode' }],
          externalDocs: {
            description: "CloudEvents 1.0 binary content mode (Brisk's `ce-` headers are named as in the HTTP binding)",
            url: 'https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#31-binary-content-mode',
          },
        },
      },
    },
  };
}

/** The document as functions/api-docs/asyncapi.json holds it. */
export const asyncApiDoc = (): string => `${JSON.stringify(buildAsyncApi(), null, 2)}\n`;
