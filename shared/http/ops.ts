import * as z from 'zod';
import { metricsOn, registry } from '../metrics';
import { breakerStateNames, breakerStates } from '../resilience/breakers';
import { defineHttpFunction, endpoint } from './define';
import { notFound, serviceUnavailable } from './problem';
import { json, Reply } from './reply';

let draining = false;

/** Readiness fails from the moment a process starts to drain (SIGTERM), so no new traffic is routed to it. */
export function markDraining(): void {
  draining = true;
}

/** Liveness and readiness, served by every process at the paths Knative's probes use, and its Prometheus metrics. */
export const opsFunction = defineHttpFunction({
  name: 'ops',
  endpoints: [
    endpoint({
      method: 'GET',
      path: '/healthz',
      summary: 'Liveness: the process answers',
      description: "Knative's liveness probe: never rate limited, and answered even while the process sheds load.",
      openapi: { operationId: 'ops.healthz' },
      response: z.object({ status: z.literal('ok') }),
      cacheControl: 'no-store',
      rateLimited: false,
      handler: async () => ({ status: 'ok' as const }),
    }),
    endpoint({
      method: 'GET',
      path: '/readyz',
      summary: 'Readiness: the process takes traffic',
      description:
        "Knative's readiness probe: 503 from the moment the process starts to drain (SIGTERM). `breakers` shows each dependency breaker; an open one has a fallback, so it does not fail readiness.",
      openapi: { operationId: 'ops.readyz' },
      response: z.object({ status: z.literal('ready'), breakers: z.record(z.string(), z.enum(breakerStateNames)) }),
      problems: [503],
      cacheControl: 'no-store',
      rateLimited: false,
      handler: async () => {
        if (draining) throw serviceUnavailable('draining', 1);
        return json({ status: 'ready', breakers: breakerStates() });
      },
    }),
    endpoint({
      method: 'GET',
      path: '/metrics',
      summary: 'Prometheus metrics of this process',
      description: 'Text exposition format 0.0.4; 404 when METRICS_ENABLED is false.',
      openapi: { operationId: 'ops.metrics', responseTypes: ['text/plain'] },
      response: z.string(),
      problems: [404],
      cacheControl: 'no-store',
      rateLimited: false,
      handler: async () => {
        if (!metricsOn()) throw notFound('Metrics are turned off (METRICS_ENABLED=false)');
        return new Reply(200, await registry.metrics(), { 'content-type': registry.contentType });
      },
    }),
  ],
});
