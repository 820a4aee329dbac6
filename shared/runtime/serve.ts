import type { CloudEvent } from 'cloudevents';
import type { EventFunction } from '../events/define';
import { createApp } from '../http/app';
import type { HttpFunction } from '../http/define';
import { opsFunction } from '../http/ops';
import { traceRequests } from '../http/trace-requests';
import { startTracing } from '../tracing';
import { functionsFrameworkHandler } from './functions-framework';
import { setProcessName } from '../process/identity';
import { listen } from './lifecycle';
import { createNodeServer } from './node-server';

/**
 * functions-framework's `cloudEvent` signature: it answers 204 when this resolves and 500 when it
 * throws, so under it a transient failure is dead-lettered, not retried; the node:http runtime
 * answers 503 for those (docs/decisions/001-runtimes.md).
 */
function cloudEventHandler(fn: EventFunction) {
  return async (event: CloudEvent<unknown>) => {
    const outcome = await fn.deliver(event);
    if (outcome.status !== 204 && outcome.status !== 202) throw new Error(`${outcome.status} ${outcome.detail}`);
  };
}

/**
 * What every function bundle runs. Run as the main module (`node index.js`), it serves the function
 * with the lean node:http runtime on PORT; loaded by functions-framework, it only hands over the handler
 * (`http` signature for HTTP functions, `cloudevent` for consumers).
 */
export function serve(fn: HttpFunction | EventFunction, isMain: boolean) {
  setProcessName(fn.name);
  startTracing(fn.name);
  const served = fn.kind === 'http' ? fn : fn.http();
  const app = traceRequests(createApp([served, opsFunction]), fn.kind === 'http' ? [opsFunction] : [served, opsFunction]);
  if (isMain) void listen(createNodeServer(app));
  return fn.kind === 'http' ? functionsFrameworkHandler(app) : cloudEventHandler(fn);
}
