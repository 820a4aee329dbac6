import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { eventFunctions, queueConsumers } from '../../functions';
import apiDocs from '../../functions/api-docs/function';
import { eventNames } from '../../shared/events/names';
import { eventTypes } from '../../shared/events/registry';
import { appClient } from '../../test/app-client';
import { clusterEventsNamespace } from '../gen-knative';
import { asyncApiDoc, buildAsyncApi } from './asyncapi-doc';

interface Ref {
  $ref: string;
}
interface Channel {
  address: string;
  messages: Record<string, Ref>;
  bindings?: { amqp?: { is: string; exchange?: { name: string; type: string }; queue?: { name: string } } };
}
interface Operation {
  action: 'send' | 'receive';
  channel: Ref;
  messages: Ref[];
}
interface Message {
  headers: { required: string[]; properties: Record<string, { const?: string }> };
  payload: unknown;
}
interface Document {
  channels: Record<string, Channel>;
  operations: Record<string, Operation>;
  components: { messages: Record<string, Message> };
}

/**
 * What @asyncapi/parser may report and the document still passes, each with its reason. Anything
 * else (an error, a warning, any other information or hint) fails the test.
 */
const accepted: Record<string, string> = {
  // Information, not a warning: issue #15 asks for AsyncAPI 3.0, and the AMQP bindings used (0.3.0) are the same in 3.1.
  'asyncapi-latest-version': 'the document is AsyncAPI 3.0.0 on purpose',
};

const document = buildAsyncApi() as unknown as Document;
const namespace = clusterEventsNamespace();
const types = Object.keys(eventTypes);
const channelOf = (operation: Operation) => document.channels[operation.channel.$ref.replace('#/channels/', '')]!;
const typesOf = (operation: Operation) => operation.messages.map((message) => message.$ref.split('/messages/')[1]);

describe('functions/api-docs/asyncapi.json', () => {
  it('is what npm run gen:docs generates from the event registry (run it after changing an event or a subscription)', () => {
    expect(readFileSync(path.join(__dirname, '../../functions/api-docs/asyncapi.json'), 'utf8')).toBe(asyncApiDoc());
  });

  it('is a valid AsyncAPI 3.0 document for @asyncapi/parser: no error, no warning, nothing but the diagnostics accepted above', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(asyncApiDoc());
    const report = diagnostics.map(({ code, severity, path: at, message }) => ({ code, severity, at: at.join('.'), message }));
    expect(report.filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error)).toEqual([]);
    expect(report.filter((diagnostic) => !Object.hasOwn(accepted, String(diagnostic.code)))).toEqual([]);
    expect(parsed?.version()).toBe('3.0.0');
    expect(parsed?.channels().length).toBe(Object.keys(document.channels).length);
  });

  it('names the topology in production\'s namespace, as the cluster\'s ConfigMap sets it', () => {
    const exchanges = Object.values(document.channels).flatMap((channel) => channel.bindings?.amqp?.exchange?.name ?? []);
    expect(new Set(exchanges)).toEqual(new Set([eventNames.exchange(namespace)]));
  });

  it('has a channel per event type of the registry, on the exchange with its type as routing key when RabbitMQ carries it', () => {
    for (const type of types) {
      const channel = document.channels[type];
      expect([type, channel?.messages[type]]).toEqual([type, { $ref: `#/components/messages/${type}` }]);
      if (channel?.bindings?.amqp) {
        expect(channel.address).toBe(type);
        expect(channel.bindings.amqp).toMatchObject({ is: 'routingKey', exchange: { name: eventNames.exchange(namespace), type: 'topic' } });
      }
    }
    // Every type a queue consumer takes travels over RabbitMQ.
    for (const type of queueConsumers.flatMap((fn) => fn.subscribes)) expect([type, document.channels[type]?.bindings?.amqp?.is]).toEqual([type, 'routingKey']);
  });

  it('has a receive operation for each type each consumer takes, a queue consumer\'s on its queue', () => {
    const subscriptions = eventFunctions.flatMap((fn) => fn.subscribes.map((type) => ({ consumer: fn.name, type })));
    const receives = Object.entries(document.operations).filter(([, operation]) => operation.action === 'receive');
    expect(receives).toHaveLength(subscriptions.length);
    const queued = new Set(queueConsumers.map((fn) => fn.name));
    for (const { consumer, type } of subscriptions) {
      const operation = document.operations[`${consumer}.receive.${type}`];
      expect([consumer, type, operation?.action, operation && typesOf(operation)]).toEqual([consumer, type, 'receive', [type]]);
      const channel = channelOf(operation!);
      if (queued.has(consumer)) {
        expect(channel.bindings?.amqp).toMatchObject({ is: 'queue', queue: { name: eventNames.queue(consumer, namespace) } });
        expect(channel.address).toBe(eventNames.queue(consumer, namespace));
      }
      expect(channel.messages[type]).toBeDefined();
    }
  });

  it('has a send operation for each producer of each type, the producers outside Brisk named', () => {
    for (const [type, definition] of Object.entries(eventTypes)) {
      for (const producer of definition.producers as string[]) {
        const operation = document.operations[`${producer}.send.${type}`];
        expect([producer, type, operation?.action, operation && typesOf(operation), operation?.channel]).toEqual([
          producer,
          type,
          'send',
          [type],
          { $ref: `#/channels/${type}` },
        ]);
      }
    }
    expect(document.operations['external.send.brisk.catalog.stock.adjusted']).toMatchObject({ description: expect.stringContaining('POST /v1/events') });
  });

  it('describes every message as a CloudEvent in binary content mode: the ce- headers, content-type, and the data as JSON Schema', () => {
    for (const type of types) {
      const message = document.components.messages[type]!;
      expect(message.headers.required).toEqual(expect.arrayContaining(['ce-specversion', 'ce-id', 'ce-type', 'ce-source', 'ce-time', 'content-type']));
      expect(message.headers.properties['ce-type']?.const).toBe(type);
      expect(message.headers.properties['ce-specversion']?.const).toBe('1.0');
      expect(message.payload).toBeDefined();
    }
    expect(document.components.messages['brisk.orders.order.placed']!.headers.properties).toHaveProperty('ce-traceparent');
    expect(document.components.messages['brisk.orders.order.placed']!.payload).toMatchObject({ type: 'object', required: ['orderId', 'customerId', 'items'] });
  });

  it('is served at /asyncapi.json as it is generated, cached like /openapi.json', async () => {
    const client = appClient(apiDocs);
    const response = await client('GET', '/asyncapi.json');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual(JSON.parse(asyncApiDoc()));
    const openApi = await client('GET', '/openapi.json');
    expect(response.headers['cache-control']).toBe(openApi.headers['cache-control']);
    expect(response.headers.etag).toMatch(/^"[\w-]+"$/);
  });
});
