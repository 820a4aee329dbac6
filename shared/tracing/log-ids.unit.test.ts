import { Writable } from 'node:stream';
import pino from 'pino';
import { activeTraceparent, logTraceIds, stage, startTracing, stopTracing } from '.';

/**
 * Tracing in this process (the console exporter, every trace sampled out: nothing is printed) and a
 * pino logger with the mixin shared/log gives it while tracing.
 */
beforeAll(() => {
  Object.assign(process.env, { OTEL_TRACES_EXPORTER: 'console', OTEL_TRACES_SAMPLER: 'always_off' });
  expect(startTracing('log-ids-test', () => {})).toBe(true);
});
afterAll(() => stopTracing());

function capture(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ mixin: logTraceIds() }, sink), lines };
}

describe('log lines while tracing', () => {
  it('carry trace_id and span_id of the span they are written in', async () => {
    const { log, lines } = capture();
    let traceparent: string | undefined;
    await stage('a stage', async () => {
      traceparent = activeTraceparent();
      log.warn({ orderId: 'order-1' }, 'inside a span');
    });
    const [, traceId, spanId] = traceparent!.split('-');
    expect(lines).toEqual([expect.objectContaining({ msg: 'inside a span', orderId: 'order-1', trace_id: traceId, span_id: spanId })]);
  });

  it('carry no ids, and keep their own fields, outside any span', () => {
    const { log, lines } = capture();
    log.info({ component: 'tracing' }, 'outside');
    log.info({ signal: 'SIGTERM' }, 'outside again');
    expect(lines).toEqual([expect.objectContaining({ msg: 'outside', component: 'tracing' }), expect.objectContaining({ msg: 'outside again', signal: 'SIGTERM' })]);
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[1]).not.toHaveProperty('component');
  });
});
