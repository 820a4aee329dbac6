// The OpenTelemetry SDK, set up from the OTEL_* environment. Function bundles do not contain it:
// esbuild.config.mjs builds this file into tracing-sdk.js beside each bundle, and shared/tracing
// requires it only when tracing is on.
import { diag, type DiagLogger, DiagLogLevel } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { TracingSettings } from './settings';
import { Tracing } from './spans';

/** Where the SDK's own complaints (an export that failed, a bad OTEL_* value) go: the process's log. */
export type SdkLog = (level: 'error' | 'warn', message: string) => void;

function exporterOf(name: TracingSettings['exporters'][number], settings: TracingSettings): SpanExporter {
  if (name === 'console') return new ConsoleSpanExporter();
  // Both read OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS, _TIMEOUT and _COMPRESSION themselves.
  return settings.protocol === 'http/json' ? new OtlpJsonExporter() : new OtlpProtobufExporter();
}

/**
 * Starts tracing for this process: spans of the service named `serviceName` (unless OTEL_SERVICE_NAME
 * or OTEL_RESOURCE_ATTRIBUTES name it), sampled as OTEL_TRACES_SAMPLER says (parent-based, always on,
 * by default), batched (OTEL_BSP_*) to each exporter; context kept across awaits by AsyncLocalStorage
 * and carried in and out as W3C Trace Context.
 */
export function startSdk(serviceName: string, settings: TracingSettings, log: SdkLog): Tracing {
  const toLog = (level: 'error' | 'warn'): DiagLogger[keyof DiagLogger] => (message, ...args) => log(level, [message, ...args.map(String)].join(' '));
  diag.setLogger({ error: toLog('error'), warn: toLog('warn'), info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
  const resource = defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new NodeTracerProvider({
    resource,
    spanProcessors: settings.exporters.map((name) => new BatchSpanProcessor(exporterOf(name, settings))),
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return new Tracing(
    provider.getTracer('brisk'),
    () => provider.shutdown(),
    () => provider.forceFlush(),
  );
}
