import { tracer } from '../tracing';
import type { App } from './app';
import type { HttpFunction } from './define';

/**
 * The app with an HTTP server span around each request (the same app when tracing is off), except
 * for the routes of `untraced`: health probes, and event deliveries, whose consumer makes its own span
 * in the event's trace.
 */
export function traceRequests(app: App, untraced: HttpFunction[] = []): App {
  const traced = tracer();
  if (!traced) return app;
  const skip = new Set(untraced.flatMap((fn) => fn.endpoints));
  if (app.endpoints.every((endpoint) => skip.has(endpoint))) return app;
  return {
    ...app,
    handle(incoming, routed = app.route(incoming.method, incoming.url)) {
      if (routed.endpoint && skip.has(routed.endpoint)) return app.handle(incoming, routed);
      return traced.serverRequest(incoming, routed, () => app.handle(incoming, routed));
    },
  };
}
