import { Histogram } from 'prom-client';
import { processName } from '../process/identity';
import { latencyBuckets, metricsOn, registry, secondsSince } from './registry';

const requestDuration = new Histogram({
  name: 'brisk_http_request_duration_seconds',
  help: 'Requests by function, route (OpenAPI path, or unmatched), method and status: seconds from routing to the answer',
  labelNames: ['function', 'route', 'method', 'status'] as const,
  buckets: latencyBuckets,
  registers: [registry],
});

type Series = ReturnType<typeof requestDuration.labels>;

/** Labelled series by method, route and status, for the function they were made for. */
const series = new Map<string, Series>();
let seriesFunction = '';

/**
 * Records one answered request. `route` is the matched endpoint's OpenAPI path, undefined when no
 * route matched; `method` is then the client's (node:http only passes methods it knows).
 */
export function observeRequest(route: string | undefined, method: string, status: number, startedAt: number): void {
  if (!metricsOn()) return;
  const fn = processName();
  if (fn !== seriesFunction) {
    series.clear();
    seriesFunction = fn;
  }
  const key = `${method} ${route ?? ''} ${status}`;
  let labelled = series.get(key);
  if (!labelled) {
    labelled = requestDuration.labels({ function: fn, route: route ?? 'unmatched', method, status: String(status) });
    series.set(key, labelled);
  }
  labelled.observe(secondsSince(startedAt));
}
