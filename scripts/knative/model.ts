// The names and settings the Kubernetes/Knative manifests share: one place to read what the cluster
// calls things, how each kind of function scales, and how events are delivered.
import { defaultDeliveryOptions } from '../../shared/events/dispatcher';
import type { EventFunction } from '../../shared/events/define';
import type { HttpFunction } from '../../shared/http/define';

export const namespace = 'brisk';
const partOf = 'brisk';

/** Every function reads its settings from these two, through envFrom (never PORT or K_*: Knative sets them). */
export const configMapName = 'brisk-config';
export const secretName = 'brisk-secrets';
/** Functions and the setup Job talk to no Kubernetes API: an account of their own, without a token. */
export const serviceAccountName = 'brisk-function';

/** Infrastructure the functions reach (knative/infra/). */
export const infra = {
  postgresCluster: 'brisk-db',
  poolerRw: 'brisk-db-pooler-rw',
  poolerRo: 'brisk-db-pooler-ro',
  rabbitmqCluster: 'brisk-rabbitmq',
  redis: 'brisk-redis',
  setupJob: 'brisk-setup',
};

/** The public entry: an Envoy Gateway `Gateway` and the HTTPRoute generated from every endpoint. */
export const gateway = {
  className: 'brisk',
  name: 'brisk',
  /** The Service Envoy Gateway creates for it (EnvoyProxy `envoyService.name`), what `skaffold dev` port-forwards. */
  serviceName: 'brisk-gateway',
  serviceNamespace: 'envoy-gateway-system',
  listenerPort: 80,
  routeName: 'brisk-api',
  /** Gateway API allows at most 16 rules in one HTTPRoute. */
  maxRulesPerRoute: 16,
};

/**
 * Knative Serving has no path routing, so the gateway forwards each route to Knative's own internal
 * ingress (net-kourier's `kourier-internal`) with the Host rewritten to the function's cluster-local
 * name: Knative then routes to the revision (or the activator while it is scaled to zero).
 */
export const knativeIngress = { name: 'kourier-internal', namespace: 'kourier-system', port: 80 };

/** The host Knative serves a cluster-local Knative Service under. */
export const clusterLocalHost = (service: string) => `${service}.${namespace}.svc.cluster.local`;

/** Image (and skaffold artifact) names: one per function, built from the one Dockerfile. */
export const functionImage = (name: string) => `brisk/${name}`;
export const setupImage = 'brisk/setup';
export const paymentSandboxImage = 'brisk/payment-sandbox';

/** The event type a PingSource sends: a consumer taking it is driven by a schedule, not a queue. */
export const pingEventType = 'dev.knative.sources.ping';
export const pingSchedule = '* * * * *';

export type ScalingClass = 'read' | 'write' | 'consumer' | 'ticker';

export interface Scaling {
  /** Hard limit of requests in flight per pod (Knative queue-proxy enforces it). */
  containerConcurrency: number;
  /** Soft target the autoscaler aims for (`autoscaling.knative.dev/target`). */
  target: number;
  minScale: number;
  maxScale: number;
  /** Longest a request may take; also the pod's termination grace period, so above SHUTDOWN_TIMEOUT_MS. */
  timeoutSeconds: number;
  requests: { cpu: string; memory: string };
  limits: { cpu: string; memory: string };
}

/**
 * How each kind of function scales. Reads are cheap and mostly answered from Redis: many in flight per
 * pod. Writes publish with a confirm (a few ms each). Consumers get at most the source's parallelism at
 * once; the outbox relay ticks once a minute and needs one pod at most.
 */
export const scaling: Record<ScalingClass, Scaling> = {
  read: {
    containerConcurrency: 100,
    target: 70,
    minScale: 0,
    maxScale: 10,
    timeoutSeconds: 30,
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { cpu: '1', memory: '256Mi' },
  },
  write: {
    containerConcurrency: 50,
    target: 35,
    minScale: 0,
    maxScale: 10,
    timeoutSeconds: 30,
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { cpu: '1', memory: '256Mi' },
  },
  consumer: {
    containerConcurrency: defaultDeliveryOptions.prefetch,
    target: Math.max(1, Math.floor(defaultDeliveryOptions.prefetch * 0.7)),
    minScale: 0,
    maxScale: 5,
    // The dispatcher gives a delivery 30 s; payment calls retry within it.
    timeoutSeconds: Math.max(60, Math.ceil(defaultDeliveryOptions.timeoutMs / 1000) * 2),
    requests: { cpu: '100m', memory: '128Mi' },
    limits: { cpu: '1', memory: '256Mi' },
  },
  ticker: {
    containerConcurrency: 1,
    target: 1,
    minScale: 0,
    maxScale: 1,
    timeoutSeconds: 60,
    requests: { cpu: '50m', memory: '96Mi' },
    limits: { cpu: '500m', memory: '192Mi' },
  },
};

/** A function that only answers GETs is a read; any other method makes it a write. */
export function scalingClassOf(fn: HttpFunction | EventFunction): ScalingClass {
  if (fn.kind === 'event') return fn.subscribes.includes(pingEventType as never) ? 'ticker' : 'consumer';
  return fn.endpoints.every((endpoint) => endpoint.method === 'GET') ? 'read' : 'write';
}

/** ISO-8601 duration, as RabbitmqSource's `delivery.backoffDelay` takes it: 200 → `PT0.2S`. */
export function isoDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms <= 0) throw new Error(`not a positive whole number of milliseconds: ${ms}`);
  return `PT${ms / 1000}S`;
}

/**
 * RabbitmqSource delivery, the same settings the local dispatcher applies (shared/events/dispatcher.ts):
 * one source of truth for how often and how fast a failing event is retried before it is dead-lettered.
 */
export const delivery = {
  parallelism: defaultDeliveryOptions.prefetch,
  retry: defaultDeliveryOptions.retry,
  backoffPolicy: 'exponential' as const,
  backoffDelay: isoDuration(defaultDeliveryOptions.backoffDelayMs),
};

export const commonLabels = (name: string, component: string): Record<string, string> => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/component': component,
  'app.kubernetes.io/part-of': partOf,
});
