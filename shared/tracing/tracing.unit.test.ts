import type { App } from '../http/app';
import { opsFunction } from '../http/ops';
import { traceRequests } from '../http/trace-requests';
import { tracingSettings } from './settings';
import { activeTraceparent, logTraceIds, stage, startTracing, traceDelivery, tracedPost, tracer } from '.';

describe('tracing settings (OTEL_*)', () => {
  it('are off unless OTEL_TRACES_EXPORTER names an exporter', () => {
    expect(tracingSettings({})).toBeUndefined();
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: '' })).toBeUndefined();
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(tracingSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBeUndefined();
  });

  it('export OTLP as protobuf by default, as JSON when OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL says http/json', () => {
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'otlp' })).toEqual({ exporters: ['otlp'], protocol: 'http/protobuf' });
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toEqual({ exporters: ['otlp'], protocol: 'http/json' });
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' })).toEqual({
      exporters: ['otlp'],
      protocol: 'http/protobuf',
    });
    expect(tracingSettings({ OTEL_TRACES_EXPORTER: ' OTLP , console,otlp' })).toEqual({ exporters: ['otlp', 'console'], protocol: 'http/protobuf' });
  });

  it('refuse what Brisk cannot honour, naming the variable, rather than start a process that exports nothing', () => {
    expect(() => tracingSettings({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow('OTEL_TRACES_EXPORTER: zipkin is not one of otlp, console, none');
    expect(() => tracingSettings({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL: grpc is not supported/);
    expect(() => tracingSettings({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' })).toThrow(/OTEL_EXPORTER_OTLP_TRACES_PROTOCOL/);
  });
});

describe('with tracing off (the default)', () => {
  it('starts nothing and loads no SDK', () => {
    delete process.env.OTEL_TRACES_EXPORTER;
    expect(startTracing('test')).toBe(false);
    expect(tracer()).toBeUndefined();
    expect(logTraceIds()).toBeUndefined();
    expect(activeTraceparent()).toBeUndefined();
  });

  it('hands back the very app it was given, and runs each seam’s work as it is', async () => {
    const app = { endpoints: opsFunction.endpoints, route: () => ({ path: '/', search: '', params: {} }), handle: async () => ({ status: 200, headers: {}, body: undefined }) } as App;
    expect(traceRequests(app)).toBe(app);
    const outcome = { status: 204 as const };
    await expect(traceDelivery('consumer', {} as never, async () => outcome)).resolves.toBe(outcome);
    await expect(stage('a stage', async () => 42)).resolves.toBe(42);
    await expect(tracedPost(new URL('http://127.0.0.1:1/'), {}, '', 1_000)).rejects.toThrow(/ECONNREFUSED/);
  });
});
