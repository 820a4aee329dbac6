// How events reach consumers in the cluster: a RabbitmqSource per queue consumer (its queue, its DLX and
// DLQ are declared by the setup Job from the same subscriptions, so the source uses them `predeclared`),
// and a PingSource for each consumer driven by a schedule rather than a queue (the outbox relay).
import type { IPingSource } from '@kubernetes-models/knative/sources.knative.dev/v1/PingSource';
import type { EventFunction } from '../../shared/events/define';
import type { RabbitmqSource } from './crds';
import { commonLabels, delivery, infra, namespace, pingEventType, pingSchedule } from './model';

const sinkTo = (service: string) => ({ ref: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: service, namespace } });

export const isTicker = (fn: EventFunction) => fn.subscribes.includes(pingEventType as never);

/** `<EVENTS_NAMESPACE>.<consumer>`, as shared/events/names.ts names a consumer's queue. */
export const queueName = (eventsNamespace: string, consumer: string) => `${eventsNamespace}.${consumer}`;

export function rabbitmqSource(fn: EventFunction, eventsNamespace: string): RabbitmqSource {
  return {
    apiVersion: 'sources.knative.dev/v1alpha1',
    kind: 'RabbitmqSource',
    metadata: {
      name: `${fn.name}-source`,
      namespace,
      labels: commonLabels(`${fn.name}-source`, 'event-source'),
      annotations: { 'brisk.dev/subscribes': fn.subscribes.join(', ') },
    },
    spec: {
      rabbitmqClusterReference: { name: infra.rabbitmqCluster, namespace },
      rabbitmqResourcesConfig: {
        predeclared: true,
        queueName: queueName(eventsNamespace, fn.name),
        vhost: '/',
        parallelism: delivery.parallelism,
      },
      // No deadLetterSink: after the last retry the source nacks and the queue's own DLX takes the message.
      delivery: { retry: delivery.retry, backoffPolicy: delivery.backoffPolicy, backoffDelay: delivery.backoffDelay },
      sink: sinkTo(fn.name),
    },
  };
}

export function pingSource(fn: EventFunction): IPingSource {
  return {
    apiVersion: 'sources.knative.dev/v1',
    kind: 'PingSource',
    metadata: { name: `${fn.name}-tick`, namespace, labels: commonLabels(`${fn.name}-tick`, 'event-source') },
    spec: {
      schedule: pingSchedule,
      contentType: 'application/json',
      data: '{}',
      sink: sinkTo(fn.name),
    },
  };
}
