import { z } from 'zod';
import { breakerStates } from '../resilience/breakers';
import { defineHttpFunction, endpoint } from './define';
import { serviceUnavailable } from './problem';
import { json } from './reply';

let draining = false;

/** Readiness fails from the moment a process starts to drain (SIGTERM), so no new traffic is routed to it. */
export function markDraining(): void {
  draining = true;
}

/** Liveness and readiness, served by every process at the paths Knative's probes use. */
export const opsFunction = defineHttpFunction({
  name: 'ops',
  endpoints: [
    endpoint({
      method: 'GET',
      path: '/healthz',
      summary: 'Liveness: the process answers',
      response: z.object({ status: z.literal('ok') }),
      cacheControl: 'no-store',
      rateLimited: false,
      handler: async () => ({ status: 'ok' as const }),
    }),
    endpoint({
      method: 'GET',
      path: '/readyz',
      summary: 'Readiness: the process takes traffic; `breakers` shows each dependency breaker (an open one has a fallback, so it does not fail readiness)',
      response: z.object({ status: z.literal('ready'), breakers: z.record(z.string(), z.enum(['closed', 'open', 'half-open', 'isolated'])) }),
      problems: [503],
      cacheControl: 'no-store',
      rateLimited: false,
      handler: async () => {
        if (draining) throw serviceUnavailable('draining', 1);
        return json({ status: 'ready', breakers: breakerStates() });
      },
    }),
  ],
});
