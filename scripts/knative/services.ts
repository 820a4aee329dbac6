// One Knative Service per function, from its definition: HTTP functions and consumers alike run the
// bundle's node:http runtime on Knative's PORT (8080) and answer /healthz and /readyz.
import type { IService } from '@kubernetes-models/knative/serving.knative.dev/v1/Service';
import type { EventFunction } from '../../shared/events/define';
import type { HttpFunction } from '../../shared/http/define';
import {
  commonLabels,
  configMapName,
  functionImage,
  namespace,
  scaling,
  scalingClassOf,
  secretName,
  serviceAccountName,
} from './model';

/** The one port Knative routes to; it tells the container through PORT, which nothing else may set. */
export const containerPort = 8080;

function routesOf(fn: HttpFunction): string[] {
  return fn.endpoints.filter((endpoint) => endpoint.spec).map((endpoint) => `${endpoint.method} ${endpoint.path}`);
}

export function knativeService(fn: HttpFunction | EventFunction): IService {
  const scalingClass = scalingClassOf(fn);
  const settings = scaling[scalingClass];
  const component = fn.kind === 'http' ? 'http-function' : 'consumer';
  const labels = commonLabels(fn.name, component);
  const description: Record<string, string> =
    fn.kind === 'http' ? { 'brisk.dev/routes': routesOf(fn).join(', ') } : { 'brisk.dev/subscribes': fn.subscribes.join(', ') };
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: {
      name: fn.name,
      namespace,
      labels: {
        ...labels,
        'brisk.dev/scaling-class': scalingClass,
        // Reached only inside the cluster: consumers through their sources, HTTP functions through the gateway.
        'networking.knative.dev/visibility': 'cluster-local',
      },
      annotations: description,
    },
    spec: {
      template: {
        metadata: {
          labels,
          annotations: {
            'autoscaling.knative.dev/min-scale': String(settings.minScale),
            'autoscaling.knative.dev/max-scale': String(settings.maxScale),
            'autoscaling.knative.dev/target': String(settings.target),
            // Prometheus's usual kubernetes-pods job scrapes each pod itself, never through the route (which would wake a function scaled to zero).
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(containerPort),
            'prometheus.io/path': '/metrics',
          },
        },
        spec: {
          serviceAccountName,
          containerConcurrency: settings.containerConcurrency,
          timeoutSeconds: settings.timeoutSeconds,
          enableServiceLinks: false,
          containers: [
            {
              name: 'function',
              image: functionImage(fn.name),
              ports: [{ name: 'http1', containerPort }],
              envFrom: [{ configMapRef: { name: configMapName } }, { secretRef: { name: secretName } }],
              resources: { requests: { ...settings.requests }, limits: { ...settings.limits } },
              // No port: Knative probes the serving port. No periodSeconds on readiness: queue-proxy then
              // probes aggressively at start, which keeps cold starts short (and Knative's webhook then
              // forbids failureThreshold and timeoutSeconds).
              readinessProbe: { httpGet: { path: '/readyz' } },
              livenessProbe: { httpGet: { path: '/healthz' }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
              securityContext: {
                runAsNonRoot: true,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
            },
          ],
        },
      },
    },
  };
}
