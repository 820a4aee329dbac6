// Schemas of the custom resources Brisk uses that no npm model package covers, written from each
// operator's API types (Go structs with their kubebuilder markers) and limited to the fields Brisk sets:
// an unknown field is an error here, as the API server's strict field validation makes it one there.
//   RabbitmqSource   knative-extensions/eventing-rabbitmq  pkg/apis/sources/v1alpha1/rabbitmq_types.go (+ rabbitmq_validation.go)
//   Cluster, Pooler  cloudnative-pg/cloudnative-pg         api/v1/cluster_types.go, api/v1/pooler_types.go (+ pooler webhook allowlist)
//   RabbitmqCluster  rabbitmq/cluster-operator             api/v1beta1/rabbitmqcluster_types.go
//   User, Permission rabbitmq/messaging-topology-operator  api/v1beta1/user_types.go, permission_types.go
//   EnvoyProxy       envoyproxy/gateway                     api/v1alpha1/envoyproxy_types.go, shared_types.go
//   Kustomization    kubernetes-sigs/kustomize              api/types/kustomization.go
import * as z from 'zod';

const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label').max(63);
const dnsSubdomain = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'must be a DNS-1123 subdomain')
  .max(253);
/** Kubernetes resource.Quantity as a string. */
export const quantity = z.string().regex(/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/, 'must be a quantity');
/** ISO-8601 duration as eventing's delivery specs parse it (e.g. PT0.2S). */
export const isoDuration = z
  .string()
  .regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/, 'must be an ISO-8601 duration');

const stringMap = z.record(z.string(), z.string());

const objectMeta = z.strictObject({
  name: dnsSubdomain,
  namespace: dnsLabel.optional(),
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
});

const resourceRequirements = z.strictObject({
  requests: z.partialRecord(z.enum(['cpu', 'memory', 'ephemeral-storage']), quantity).optional(),
  limits: z.partialRecord(z.enum(['cpu', 'memory', 'ephemeral-storage']), quantity).optional(),
});

const localObjectReference = z.strictObject({ name: dnsSubdomain });

/** knative.dev/pkg duckv1.Destination. */
const destination = z
  .strictObject({
    ref: z
      .strictObject({
        kind: z.string().min(1),
        namespace: dnsLabel.optional(),
        name: dnsSubdomain,
        apiVersion: z.string().optional(),
        group: z.string().optional(),
      })
      .optional(),
    uri: z.string().optional(),
  })
  .refine((value) => value.ref !== undefined || value.uri !== undefined, 'a sink needs ref or uri');

export const rabbitmqSource = z.strictObject({
  apiVersion: z.literal('sources.knative.dev/v1alpha1'),
  kind: z.literal('RabbitmqSource'),
  metadata: objectMeta,
  spec: z.strictObject({
    rabbitmqClusterReference: z
      .strictObject({
        name: dnsSubdomain.optional(),
        namespace: dnsLabel.optional(),
        connectionSecret: localObjectReference.optional(),
      })
      .refine((ref) => (ref.name === undefined) !== (ref.connectionSecret === undefined), 'set either name or connectionSecret, not both'),
    rabbitmqResourcesConfig: z
      .strictObject({
        vhost: z.string().optional(),
        queueName: z.string().min(1),
        exchangeName: z.string().optional(),
        parallelism: z.int().min(1).max(1000).optional(),
        predeclared: z.boolean().optional(),
      })
      .refine((config) => config.predeclared === true || Boolean(config.exchangeName), 'exchangeName is required unless predeclared'),
    delivery: z
      .strictObject({
        retry: z.int().min(0).optional(),
        backoffPolicy: z.enum(['linear', 'exponential']).optional(),
        backoffDelay: isoDuration.optional(),
      })
      .optional(),
    sink: destination,
    serviceAccountName: dnsSubdomain.optional(),
  }),
});
export type RabbitmqSource = z.input<typeof rabbitmqSource>;

const cnpgCluster = z.strictObject({
  apiVersion: z.literal('postgresql.cnpg.io/v1'),
  kind: z.literal('Cluster'),
  metadata: objectMeta,
  spec: z.strictObject({
    instances: z.int().min(1),
    imageName: z.string().optional(),
    primaryUpdateStrategy: z.enum(['supervised', 'unsupervised']).optional(),
    primaryUpdateMethod: z.enum(['switchover', 'restart']).optional(),
    enableSuperuserAccess: z.boolean().optional(),
    postgresql: z.strictObject({ parameters: stringMap.optional(), pg_hba: z.array(z.string()).optional() }).optional(),
    bootstrap: z
      .strictObject({
        initdb: z.strictObject({
          database: z.string().min(1).optional(),
          owner: z.string().min(1).optional(),
          secret: localObjectReference.optional(),
        }),
      })
      .optional(),
    storage: z.strictObject({ size: quantity, storageClass: z.string().optional(), resizeInUseVolumes: z.boolean().optional() }),
    resources: resourceRequirements.optional(),
  }),
});

/** api/v1/pooler_webhook.go: PgBouncer parameters outside this list are rejected at admission. */
const allowedPgBouncerParameters = [
  'application_name_add_host', 'auth_type', 'autodb_idle_timeout', 'cancel_wait_timeout', 'client_idle_timeout',
  'client_login_timeout', 'client_tls_sslmode', 'default_pool_size', 'disable_pqexec', 'dns_max_ttl', 'dns_nxdomain_ttl',
  'idle_transaction_timeout', 'ignore_startup_parameters', 'listen_backlog', 'log_connections', 'log_disconnections',
  'log_pooler_errors', 'log_stats', 'max_client_conn', 'max_db_connections', 'max_packet_size', 'max_prepared_statements',
  'max_user_connections', 'min_pool_size', 'pkt_buf', 'query_timeout', 'query_wait_timeout', 'reserve_pool_size',
  'reserve_pool_timeout', 'sbuf_loopcnt', 'server_check_delay', 'server_check_query', 'server_connect_timeout',
  'server_fast_close', 'server_idle_timeout', 'server_lifetime', 'server_login_retry', 'server_reset_query',
  'server_reset_query_always', 'server_round_robin', 'stats_period', 'tcp_keepalive', 'tcp_keepcnt', 'tcp_keepidle',
  'tcp_keepintvl', 'tcp_user_timeout', 'verbose',
] as const;

const cnpgPooler = z.strictObject({
  apiVersion: z.literal('postgresql.cnpg.io/v1'),
  kind: z.literal('Pooler'),
  metadata: objectMeta,
  spec: z.strictObject({
    cluster: localObjectReference,
    type: z.enum(['rw', 'ro']).optional(),
    instances: z.int().min(0).optional(),
    pgbouncer: z.strictObject({
      poolMode: z.enum(['session', 'transaction']).optional(),
      parameters: z.partialRecord(z.enum(allowedPgBouncerParameters), z.string()).optional(),
    }),
  }),
});

export const rabbitmqCluster = z.strictObject({
  apiVersion: z.literal('rabbitmq.com/v1beta1'),
  kind: z.literal('RabbitmqCluster'),
  metadata: objectMeta,
  spec: z.strictObject({
    replicas: z.int().min(0),
    image: z.string().optional(),
    service: z.strictObject({ type: z.enum(['ClusterIP', 'LoadBalancer', 'NodePort']).optional() }).optional(),
    persistence: z.strictObject({ storageClassName: z.string().optional(), storage: quantity.optional() }).optional(),
    resources: resourceRequirements.optional(),
    rabbitmq: z
      .strictObject({
        additionalPlugins: z.array(z.string().regex(/^\w+$/).max(100)).max(100).optional(),
        additionalConfig: z.string().max(2000).optional(),
      })
      .optional(),
  }),
});

const topologyClusterReference = z.strictObject({ name: dnsSubdomain, namespace: dnsLabel.optional() });

const rabbitmqUser = z.strictObject({
  apiVersion: z.literal('rabbitmq.com/v1beta1'),
  kind: z.literal('User'),
  metadata: objectMeta,
  spec: z.strictObject({
    tags: z.array(z.enum(['management', 'policymaker', 'monitoring', 'administrator'])).optional(),
    rabbitmqClusterReference: topologyClusterReference,
    importCredentialsSecret: localObjectReference.optional(),
  }),
});

const rabbitmqPermission = z.strictObject({
  apiVersion: z.literal('rabbitmq.com/v1beta1'),
  kind: z.literal('Permission'),
  metadata: objectMeta,
  spec: z
    .strictObject({
      user: z.string().optional(),
      userReference: localObjectReference.optional(),
      vhost: z.string().min(1),
      permissions: z.strictObject({ configure: z.string().optional(), write: z.string().optional(), read: z.string().optional() }),
      rabbitmqClusterReference: topologyClusterReference,
    })
    .refine((spec) => (spec.user === undefined) !== (spec.userReference === undefined), 'set user or userReference'),
});

const envoyProxy = z.strictObject({
  apiVersion: z.literal('gateway.envoyproxy.io/v1alpha1'),
  kind: z.literal('EnvoyProxy'),
  metadata: objectMeta,
  spec: z.strictObject({
    provider: z.strictObject({
      type: z.literal('Kubernetes'),
      kubernetes: z
        .strictObject({
          envoyDeployment: z
            .strictObject({ replicas: z.int().min(0).optional(), container: z.strictObject({ resources: resourceRequirements.optional() }).optional() })
            .optional(),
          envoyService: z
            .strictObject({
              name: dnsLabel.optional(),
              type: z.enum(['ClusterIP', 'LoadBalancer', 'NodePort']).optional(),
              annotations: stringMap.optional(),
            })
            .optional(),
        })
        .optional(),
    }),
  }),
});

const patchTarget = z.strictObject({
  group: z.string().optional(),
  version: z.string().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
});

export const kustomization = z.strictObject({
  apiVersion: z.literal('kustomize.config.k8s.io/v1beta1'),
  kind: z.literal('Kustomization'),
  resources: z.array(z.string().min(1)).optional(),
  patches: z.array(z.strictObject({ path: z.string().min(1), target: patchTarget.optional() })).optional(),
});

/** The schema for a custom resource kind, by `apiVersion/kind`. */
export const customResources: Record<string, z.ZodType> = {
  'sources.knative.dev/v1alpha1/RabbitmqSource': rabbitmqSource,
  'postgresql.cnpg.io/v1/Cluster': cnpgCluster,
  'postgresql.cnpg.io/v1/Pooler': cnpgPooler,
  'rabbitmq.com/v1beta1/RabbitmqCluster': rabbitmqCluster,
  'rabbitmq.com/v1beta1/User': rabbitmqUser,
  'rabbitmq.com/v1beta1/Permission': rabbitmqPermission,
  'gateway.envoyproxy.io/v1alpha1/EnvoyProxy': envoyProxy,
};
