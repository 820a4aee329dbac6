// The spans at Brisk's own seams, made by hand with the OpenTelemetry API (no monkey-patching, which
// esbuild bundles defeat). Loaded only when tracing is on, in the SDK's file of its own (sdk.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Attributes,
  type Context,
  context,
  isSpanContextValid,
  type Link,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_DB_NAMESPACE,
  ATTR_DB_QUERY_SUMMARY,
  ATTR_DB_SYSTEM_NAME,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
  ATTR_URL_PATH,
  ATTR_URL_SCHEME,
  DB_SYSTEM_NAME_VALUE_POSTGRESQL,
} from '@opentelemetry/semantic-conventions';
import type { ConsumeMessage } from 'amqplib';
import type { CloudEvent } from 'cloudevents';
import type { Sql } from 'postgres';
import { httpPost, type PostAnswer } from '../process/http-post';

// Messaging, CloudEvents and Redis conventions are still incubating: copied here, as the
// semantic-conventions package advises, rather than imported from its unstable entry point.
const ATTR_MESSAGING_SYSTEM = 'messaging.system';
const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
const ATTR_MESSAGING_RABBITMQ_DESTINATION_ROUTING_KEY = 'messaging.rabbitmq.destination.routing_key';
const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
const ATTR_MESSAGING_CONSUMER_GROUP_NAME = 'messaging.consumer.group.name';
const ATTR_CLOUDEVENTS_EVENT_ID = 'cloudevents.event_id';
const ATTR_CLOUDEVENTS_EVENT_TYPE = 'cloudevents.event_type';
const ATTR_CLOUDEVENTS_EVENT_SOURCE = 'cloudevents.event_source';
const ATTR_CLOUDEVENTS_EVENT_SUBJECT = 'cloudevents.event_subject';
const DB_SYSTEM_NAME_VALUE_REDIS = 'redis';
/** What a delivery ended as, in the HTTP status the delivering source acts on (docs/events.md). */
const ATTR_DELIVERY_STATUS = 'brisk.delivery.status';

type Headers = Record<string, string | string[] | undefined>;

/** What a server span reads of a request through the shared app (shared/http's IncomingRequest, Routed and HttpResult). */
interface ServedRequest {
  method: string;
  headers: Headers;
  remoteAddress?: string;
}
interface RouteTaken {
  path: string;
  endpoint?: { path: string };
}
interface Answered {
  status: number;
  headers: Record<string, string>;
}

/** W3C Trace Context fields, as headers carry them and as the CloudEvents distributed tracing extension names them. */
interface TraceFields {
  traceparent?: string;
  tracestate?: string;
}

const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE']);
const methodOf = (method: string) => (knownMethods.has(method) ? method : '_OTHER');

/** Host and port of a URL, once per URL (the same few are asked for on every call). */
const endpoints = new Map<string, Attributes>();
function serverOf(url: string): Attributes {
  let attributes = endpoints.get(url);
  if (!attributes) {
    const parsed = new URL(url);
    const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : parsed.protocol === 'http:' ? 80 : undefined;
    attributes = { [ATTR_SERVER_ADDRESS]: parsed.hostname, ...(port !== undefined && { [ATTR_SERVER_PORT]: port }) };
    endpoints.set(url, attributes);
  }
  return attributes;
}

const cloudEventAttributes = (event: CloudEvent<unknown>): Attributes => ({
  [ATTR_MESSAGING_SYSTEM]: 'rabbitmq',
  [ATTR_MESSAGING_MESSAGE_ID]: event.id,
  [ATTR_CLOUDEVENTS_EVENT_ID]: event.id,
  [ATTR_CLOUDEVENTS_EVENT_TYPE]: event.type,
  [ATTR_CLOUDEVENTS_EVENT_SOURCE]: event.source,
  ...(event.subject && { [ATTR_CLOUDEVENTS_EVENT_SUBJECT]: event.subject }),
});

/** Marks a span failed by a thrown error (its class as error.type). */
function recordFailure(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setAttribute(ATTR_ERROR_TYPE, error instanceof Error ? error.name : 'Error');
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

/** Marks a span failed by a status code (error.type is the code, as HTTP's conventions say). */
function recordStatus(span: Span, status: number, failed: boolean): void {
  if (!failed) return;
  span.setAttribute(ATTR_ERROR_TYPE, String(status));
  span.setStatus({ code: SpanStatusCode.ERROR });
}

export class Tracing {
  constructor(
    private readonly tracer: Tracer,
    private readonly flushAndStop: () => Promise<void>,
    private readonly flushNow: () => Promise<void>,
  ) {}

  /** A trace context carried in headers or event attributes, as a parent (an empty context when none or malformed). */
  private extract(fields: TraceFields | Headers): Context {
    return propagation.extract(ROOT_CONTEXT, fields);
  }

  /** Runs `work` in a new span that is the active one meanwhile; ends it when `work` settles, failed if it throws. */
  private async within<T>(name: string, kind: SpanKind, attributes: Attributes, parent: Context, work: (span: Span) => Promise<T>, links?: Link[]): Promise<T> {
    const span = this.tracer.startSpan(name, { kind, attributes, ...(links && { links }) }, parent);
    try {
      return await context.with(trace.setSpan(parent, span), () => work(span));
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  }

  /** The HTTP server span of one request through the shared app, a child of the caller's `traceparent` header if it sent one. */
  serverRequest<R extends Answered>(incoming: ServedRequest, routed: RouteTaken, handle: () => Promise<R>): Promise<R> {
    const route = routed.endpoint?.path;
    const attributes: Attributes = {
      [ATTR_HTTP_REQUEST_METHOD]: methodOf(incoming.method),
      [ATTR_URL_PATH]: routed.path,
      [ATTR_URL_SCHEME]: 'http',
      ...(route && { [ATTR_HTTP_ROUTE]: route }),
      ...(incoming.remoteAddress && { [ATTR_CLIENT_ADDRESS]: incoming.remoteAddress }),
    };
    const name = route ? `${incoming.method} ${route}` : incoming.method;
    return this.within(name, SpanKind.SERVER, attributes, this.extract(incoming.headers), async (span) => {
      const result = await handle();
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, result.status);
      const requestId = result.headers['x-request-id'];
      if (requestId) span.setAttribute('http.response.header.x-request-id', [requestId]);
      recordStatus(span, result.status, result.status >= 500);
      return result;
    });
  }

  /** The HTTP server span of a plain node:http handler (the payment sandbox), ended when the response is. */
  nodeRequest(req: IncomingMessage, res: ServerResponse, work: () => void): void {
    const path = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    const parent = this.extract(req.headers);
    const span = this.tracer.startSpan(
      `${method} ${path}`,
      { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: methodOf(method), [ATTR_URL_PATH]: path, [ATTR_URL_SCHEME]: 'http', [ATTR_HTTP_ROUTE]: path } },
      parent,
    );
    res.once('close', () => {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
      recordStatus(span, res.statusCode, res.statusCode >= 500);
      span.end();
    });
    context.with(trace.setSpan(parent, span), work);
  }

  /**
   * A consumer taking one event: a child of the event's own trace context (its `traceparent` and
   * `tracestate` attributes), which crossed the broker with it and survives RabbitmqSource.
   */
  deliver<T extends { status: number }>(consumer: string, event: CloudEvent<unknown>, run: () => Promise<T>): Promise<T> {
    const attributes: Attributes = {
      ...cloudEventAttributes(event),
      [ATTR_MESSAGING_OPERATION_TYPE]: 'process',
      [ATTR_MESSAGING_OPERATION_NAME]: 'process',
      [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: consumer,
    };
    const parent = this.extract({ traceparent: event.traceparent as string | undefined, tracestate: event.tracestate as string | undefined });
    return this.within(`process ${event.type}`, SpanKind.CONSUMER, attributes, parent, async (span) => {
      const outcome = await run();
      span.setAttribute(ATTR_DELIVERY_STATUS, outcome.status);
      recordStatus(span, outcome.status, outcome.status >= 300 && outcome.status !== 202);
      return outcome;
    });
  }

  /** The local dispatcher delivering one message (RabbitmqSource's part): a child of the event's trace context, from its `ce-` headers. */
  dispatch(consumer: string, url: string, message: ConsumeMessage, settle: () => Promise<void>): Promise<void> {
    const headers = message.properties.headers ?? {};
    const text = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : undefined);
    const type = text('ce-type') ?? String(message.properties.type ?? 'message');
    const attributes: Attributes = {
      [ATTR_MESSAGING_SYSTEM]: 'rabbitmq',
      [ATTR_MESSAGING_OPERATION_TYPE]: 'process',
      [ATTR_MESSAGING_OPERATION_NAME]: 'deliver',
      [ATTR_MESSAGING_CONSUMER_GROUP_NAME]: consumer,
      [ATTR_URL_FULL]: url,
      ...(text('ce-id') && { [ATTR_MESSAGING_MESSAGE_ID]: text('ce-id'), [ATTR_CLOUDEVENTS_EVENT_ID]: text('ce-id') }),
      [ATTR_CLOUDEVENTS_EVENT_TYPE]: type,
    };
    const parent = this.extract({ traceparent: text('ce-traceparent'), tracestate: text('ce-tracestate') });
    return this.within(`deliver ${type}`, SpanKind.CONSUMER, attributes, parent, () => settle());
  }

  /**
   * Publishing one event. An event that carries a trace context already (a producer's, taken in by
   * events-ingest; a fact's, recorded with it in the outbox) keeps it, and the span is its child,
   * linked to the work publishing it; any other event is given this span's context as its
   * `traceparent`/`tracestate`, so its consumers continue this trace.
   */
  async publish<E extends CloudEvent<unknown>>(event: E, exchange: string, send: (event: E) => Promise<void>): Promise<E> {
    const attributes: Attributes = {
      ...cloudEventAttributes(event),
      [ATTR_MESSAGING_OPERATION_TYPE]: 'send',
      [ATTR_MESSAGING_OPERATION_NAME]: 'publish',
      [ATTR_MESSAGING_DESTINATION_NAME]: exchange,
      [ATTR_MESSAGING_RABBITMQ_DESTINATION_ROUTING_KEY]: event.type,
    };
    const own = event.traceparent as string | undefined;
    const active = trace.getSpan(context.active())?.spanContext();
    const parent = own ? this.extract({ traceparent: own, tracestate: event.tracestate as string | undefined }) : context.active();
    const links = own && active && isSpanContextValid(active) ? [{ context: active }] : undefined;
    return this.within(
      `publish ${event.type}`,
      SpanKind.PRODUCER,
      attributes,
      parent,
      async () => {
        const fields: TraceFields = {};
        propagation.inject(context.active(), fields);
        const sent = own || !fields.traceparent ? event : (event.cloneWith({ traceparent: fields.traceparent, ...(fields.tracestate && { tracestate: fields.tracestate }) }) as E);
        await send(sent);
        return sent;
      },
      links,
    );
  }

  /** The active span's context as a W3C `traceparent`, to store with work done later (an outbox row); undefined outside any span. */
  traceparent(): string | undefined {
    const fields: TraceFields = {};
    propagation.inject(context.active(), fields);
    return fields.traceparent;
  }

  /** One step of a function's work (an order's reservation, payment, confirmation). */
  stage<T>(name: string, work: () => Promise<T>): Promise<T> {
    return this.within(name, SpanKind.INTERNAL, {}, context.active(), work);
  }

  /** One PostgreSQL call (a statement, or a transaction's statements), named by what it does. */
  statement<T>(sql: Sql, summary: string, run: () => Promise<T>): Promise<T> {
    const { host, port, database } = sql.options;
    const attributes: Attributes = {
      [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_POSTGRESQL,
      [ATTR_DB_QUERY_SUMMARY]: summary,
      ...(database && { [ATTR_DB_NAMESPACE]: database }),
      ...(host[0] && { [ATTR_SERVER_ADDRESS]: host[0] }),
      ...(port[0] && { [ATTR_SERVER_PORT]: port[0] }),
    };
    return this.within(summary, SpanKind.CLIENT, attributes, context.active(), run);
  }

  /** Redis commands sent as one call (a command, or a MULTI), named by what they do. */
  redis<T>(summary: string, url: string, run: () => Promise<T>): Promise<T> {
    const attributes: Attributes = { [ATTR_DB_SYSTEM_NAME]: DB_SYSTEM_NAME_VALUE_REDIS, [ATTR_DB_QUERY_SUMMARY]: summary, ...serverOf(url) };
    return this.within(summary, SpanKind.CLIENT, attributes, context.active(), run);
  }

  /** An HTTP client span around httpPost, its context sent along as the `traceparent` header. */
  post(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostAnswer> {
    const attributes: Attributes = { [ATTR_HTTP_REQUEST_METHOD]: 'POST', [ATTR_URL_FULL]: `${url.origin}${url.pathname}`, ...serverOf(url.origin) };
    return this.within('POST', SpanKind.CLIENT, attributes, context.active(), async (span) => {
      const sent = { ...headers };
      propagation.inject(context.active(), sent);
      const answer = await httpPost(url, sent, body, timeoutMs);
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, answer.status);
      recordStatus(span, answer.status, answer.status >= 400);
      return answer;
    });
  }

  /** pino's mixin: the active span's ids on every log line written inside it (a new object each time: pino merges the line's fields into it). */
  readonly logFields = (): Record<string, string> => {
    const spanContext = trace.getSpan(context.active())?.spanContext();
    if (!spanContext || !isSpanContextValid(spanContext)) return {};
    return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
  };

  /** Exports every span ended so far (tests; a process about to exit uses shutdown). */
  flush(): Promise<void> {
    return this.flushNow();
  }

  /** Exports what is left and stops: once, at shutdown. */
  shutdown(): Promise<void> {
    return this.flushAndStop();
  }
}
