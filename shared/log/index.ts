import pino from 'pino';
import { config } from '../config';
import { processName } from '../runtime/identity';

let root: pino.Logger | undefined;

/** The process's structured logger: JSON lines on stdout, named after the function it serves. */
export function logger(): pino.Logger {
  root ??= pino({ level: config().LOG_LEVEL, base: { fn: processName() } });
  return root;
}
