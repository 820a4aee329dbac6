// Tracing at Brisk's seams, off unless OTEL_TRACES_EXPORTER asks for it (docs/operations.md#tracing).
// This file is all that a bundle carries: while tracing is off each seam costs one check of `tracing`
// and then does exactly what it did before; the OpenTelemetry SDK (sdk.ts, spans.ts) is a file of its
// own beside the bundle, read only by startTracing when tracing is on.
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { ConsumeMessage } from 'amqplib';
import type { CloudEvent } from 'cloudevents';
import type { Sql } from 'postgres';
import { addLineFields, logger } from '../log';
import { httpPost, type PostAnswer } from '../process/http-post';
import { onShutdown } from '../process/shutdown';
import { tracingSettings } from './settings';
import type { SdkLog } from './sdk';
import type { Tracing } from './spans';

let tracing: Tracing | undefined;

/** The tracer of this process, or undefined while tracing is off (the default). */
export function tracer(): Tracing | undefined {
  return tracing;
}

/**
 * The SDK: in a bundle, tracing-sdk.js beside it (esbuild.config.mjs puts it there; a computed path,
 * so esbuild leaves it out of the bundle); from source, sdk.ts.
 */
function loadSdk(): typeof import('./sdk') {
  const bundled = path.join(__dirname, 'tracing-sdk.js');
  return require(existsSync(bundled) ? bundled : path.join(__dirname, 'sdk')) as typeof import('./sdk');
}

/**
 * Starts tracing if the OTEL_* environment asks for it, as the service `serviceName` (the function's
 * name, unless OTEL_SERVICE_NAME says otherwise). Call once, before the app is made and anything logs:
 * the app's server spans and the log lines' trace ids are decided then. The SDK's own complaints (an
 * export that failed) go to `log`. Spans left are exported at shutdown. Returns whether tracing is on.
 */
export function startTracing(serviceName: string, log: SdkLog = (level, message) => logger()[level]({ component: 'tracing' }, message)): boolean {
  if (tracing) return true;
  const settings = tracingSettings(process.env);
  if (!settings) return false;
  const started = loadSdk().startSdk(serviceName, settings, log);
  tracing = started;
  addLineFields(started.logFields);
  onShutdown(() => started.shutdown());
  return true;
}

/** Stops tracing, exporting what is left (tests; processes stop it through their shutdown hooks). */
export async function stopTracing(): Promise<void> {
  const running = tracing;
  tracing = undefined;
  await running?.shutdown();
}

/** pino's `mixin` while tracing: `trace_id` and `span_id` on every line logged inside a span. */
export function logTraceIds(): (() => Record<string, string>) | undefined {
  return tracing?.logFields;
}

/** Runs a plain node:http handler inside a server span (the payment sandbox). */
export function traceNodeRequest(req: IncomingMessage, res: ServerResponse, work: () => void): void {
  if (tracing) tracing.nodeRequest(req, res, work);
  else work();
}

/** A consumer's handling of one event, in the event's own trace (its traceparent attribute). */
export function traceDelivery<T extends { status: number }>(consumer: string, event: CloudEvent<unknown>, run: () => Promise<T>): Promise<T> {
  return tracing ? tracing.deliver(consumer, event, run) : run();
}

/** The local dispatcher's delivery of one message to its consumer. */
export function traceDispatch(consumer: string, url: string, message: ConsumeMessage, settle: () => Promise<void>): Promise<void> {
  return tracing ? tracing.dispatch(consumer, url, message, settle) : settle();
}

/** The active span's `traceparent` (undefined outside a span, and always while tracing is off). */
export function activeTraceparent(): string | undefined {
  return tracing?.traceparent();
}

/** One step of a function's work, as a span of its own. */
export function stage<T>(name: string, work: () => Promise<T>): Promise<T> {
  return tracing ? tracing.stage(name, work) : work();
}

/** One PostgreSQL statement that is its own transaction, as a span named `summary` while tracing. */
export function statement<T>(sql: Sql, summary: string, run: () => Promise<T>): Promise<T> {
  return tracing ? tracing.statement(sql, summary, run) : run();
}

/** httpPost, with an HTTP client span and the `traceparent` header while tracing. */
export function tracedPost(url: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostAnswer> {
  return tracing ? tracing.post(url, headers, body, timeoutMs) : httpPost(url, headers, body, timeoutMs);
}
