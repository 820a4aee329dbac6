import pino from 'pino';
import { config } from '../config';
import { processName } from '../process/identity';
import { logTraceIds } from '../tracing';

let root: pino.Logger | undefined;

/** The process's structured logger: JSON lines on stdout, named after the function it serves (with trace ids while tracing). */
export function logger(): pino.Logger {
  root ??= pino({ level: config().LOG_LEVEL, base: { fn: processName() }, mixin: logTraceIds() });
  return root;
}
