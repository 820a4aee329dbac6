/**
 * The OTEL_* variables that decide whether a process traces and how it exports, read as the
 * OpenTelemetry specification defines them, except that tracing is off unless asked for. The SDK and
 * its exporters read the rest themselves: OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS, _TIMEOUT and
 * _COMPRESSION, OTEL_TRACES_SAMPLER(_ARG), OTEL_BSP_*, OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES.
 */
export type TraceExporter = 'otlp' | 'console';
export type OtlpProtocol = 'http/protobuf' | 'http/json';

export interface TracingSettings {
  exporters: TraceExporter[];
  /** How OTLP is sent: protobuf (the specification's default) or JSON, both over HTTP. */
  protocol: OtlpProtocol;
}

class TracingConfigError extends Error {
  override name = 'TracingConfigError';
}

const exporters = new Set<string>(['otlp', 'console']);
const protocols = new Set<string>(['http/protobuf', 'http/json']);

/**
 * What the environment asks for: undefined (tracing off) unless OTEL_TRACES_EXPORTER names an exporter
 * and OTEL_SDK_DISABLED is not true. A value Brisk cannot honour is an error at start-up, not a silent
 * process that exports nothing.
 */
export function tracingSettings(env: NodeJS.ProcessEnv): TracingSettings | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const names = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  if (names.length === 0 || names.includes('none')) return undefined;
  const unknown = names.filter((name) => !exporters.has(name));
  if (unknown.length > 0) throw new TracingConfigError(`OTEL_TRACES_EXPORTER: ${unknown.join(', ')} is not one of otlp, console, none`);
  const protocolVariable = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocol = (env[protocolVariable] || 'http/protobuf').trim();
  if (!protocols.has(protocol)) {
    throw new TracingConfigError(
      `${protocolVariable}: ${protocol} is not supported; use http/protobuf or http/json (an OpenTelemetry Collector takes both on its OTLP/HTTP port, 4318)`,
    );
  }
  return { exporters: [...new Set(names)] as TraceExporter[], protocol: protocol as OtlpProtocol };
}
