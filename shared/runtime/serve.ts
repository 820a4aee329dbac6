import { createApp } from '../http/app';
import type { HttpFunction } from '../http/define';
import { opsFunction } from '../http/ops';
import { functionsFrameworkHandler } from './functions-framework';
import { setProcessName } from './identity';
import { listen } from './lifecycle';
import { createNodeServer } from './node-server';

/**
 * What every function bundle runs. Run as the main module (`node index.js`), it serves the function
 * with the lean node:http runtime on PORT; loaded by functions-framework, it only hands over the handler.
 */
export function serve(fn: HttpFunction, isMain: boolean) {
  setProcessName(fn.name);
  const app = createApp([fn, opsFunction]);
  if (isMain) void listen(createNodeServer(app));
  return functionsFrameworkHandler(app);
}
