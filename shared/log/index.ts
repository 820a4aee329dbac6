import pino from 'pino';
import { config } from '../config';
import { processName } from '../process/identity';

let root: pino.Logger | undefined;
let lineFields: (() => Record<string, string>) | undefined;

/**
 * Fields every line carries from now on (trace ids: startTracing sets them). pino fixes them when the
 * logger is made, so set them before anything logs.
 */
export function addLineFields(fields: () => Record<string, string>): void {
  lineFields = fields;
}

/** The process's structured logger: JSON lines on stdout, named after the function it serves (with trace ids while tracing). */
export function logger(): pino.Logger {
  root ??= pino({ level: config().LOG_LEVEL, base: { fn: processName() }, mixin: lineFields });
  return root;
}
