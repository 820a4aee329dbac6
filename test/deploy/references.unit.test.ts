// The manifests fit together and fit the code: every function has its Knative Service, every sink and
// reference names something that exists, every setting a function reads is provided (and none Knative
// reserves is set), every image is built by skaffold, every route reaches its function through the
// gateway, every consumer has its source and its DLQ, and shutdown fits within the revision timeout.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Channel } from 'amqplib';
import { queueConsumers, eventFunctions } from '../../functions';
import { deployedFunctions, deployedHttpFunctions } from '../../scripts/gen-knative';
import { delivery, gateway, infra, knativeIngress, namespace, pingSchedule, scaling } from '../../scripts/knative/model';
import { publicEndpoints, resolve, routeRules, samplePath } from '../../scripts/knative/routes';
import { skaffoldSchema } from '../../scripts/knative/skaffold';
import { readYamlDocuments } from '../../scripts/knative/yaml';
import { config, parseConfig } from '../../shared/config';
import { defaultDeliveryOptions } from '../../shared/events/dispatcher';
import { eventNames } from '../../shared/events/names';
import { declareTopology } from '../../shared/events/topology';
import { tracingSettings } from '../../shared/tracing/settings';
import { baseResources, exists, type Manifest, ofKind, render, reservedEnv, root } from './support';

interface Container {
  name: string;
  image: string;
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
}
interface PodSpec {
  containers: Container[];
  serviceAccountName?: string;
}
type Ksvc = Manifest & {
  spec: { template: { metadata: { annotations: Record<string, string> }; spec: PodSpec & { timeoutSeconds: number; containerConcurrency: number } } };
};
type Sink = { ref: { apiVersion: string; kind: string; name: string; namespace?: string } };

const base = baseResources();
const docs = base.map(({ doc }) => doc);
const one = <T = Manifest>(apiVersion: string, kind: string, name: string) => {
  const found = ofKind<T & Manifest>(docs, apiVersion, kind).filter((doc) => doc.metadata.name === name);
  expect(found.map((doc) => doc.metadata.name)).toEqual([name]);
  return found[0]!;
};
const ksvcs = ofKind<Ksvc>(docs, 'serving.knative.dev/v1', 'Service');
const configMap = one<{ data: Record<string, string> }>('v1', 'ConfigMap', 'brisk-config');
const secret = one<{ stringData: Record<string, string>; data?: unknown }>('v1', 'Secret', 'brisk-secrets');
const podSpecs: Array<{ owner: string; spec: PodSpec }> = [
  ...ksvcs.map((doc) => ({ owner: `ksvc ${doc.metadata.name}`, spec: doc.spec.template.spec })),
  ...ofKind<Manifest & { spec: { template: { spec: PodSpec } } }>(docs, 'apps/v1', 'Deployment').map((doc) => ({ owner: `deployment ${doc.metadata.name}`, spec: doc.spec.template.spec })),
  ...ofKind<Manifest & { spec: { template: { spec: PodSpec } } }>(docs, 'batch/v1', 'Job').map((doc) => ({ owner: `job ${doc.metadata.name}`, spec: doc.spec.template.spec })),
];

/** Every key of shared/config's schema, read from its source: the one place a reader finds every env var. */
function configKeys(): string[] {
  const source = readFileSync(path.join(root, 'shared/config/index.ts'), 'utf8');
  const body = source.slice(source.indexOf('const configSchema = z.object({'), source.indexOf('});', source.indexOf('const configSchema')));
  return [...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]!);
}

describe('Knative Services', () => {
  it('exist once per function, HTTP and consumer alike, named after it, running its own image', () => {
    expect(ksvcs.map((doc) => doc.metadata.name).sort()).toEqual(deployedFunctions().map((fn) => fn.name).sort());
    for (const doc of ksvcs) expect(doc.spec.template.spec.containers.map((container) => container.image)).toEqual([`brisk/${doc.metadata.name}`]);
  });

  it('scale to zero explicitly, with a max-scale, a target and a container concurrency', () => {
    for (const doc of ksvcs) {
      const annotations = doc.spec.template.metadata.annotations;
      expect({ name: doc.metadata.name, min: annotations['autoscaling.knative.dev/min-scale'] }).toEqual({ name: doc.metadata.name, min: '0' });
      expect(Number(annotations['autoscaling.knative.dev/max-scale'])).toBeGreaterThanOrEqual(1);
      expect(Number(annotations['autoscaling.knative.dev/target'])).toBeGreaterThan(0);
      expect(doc.spec.template.spec.containerConcurrency).toBeGreaterThan(0);
      expect(Number(annotations['autoscaling.knative.dev/target'])).toBeLessThanOrEqual(doc.spec.template.spec.containerConcurrency);
    }
  });

  it('are all cluster-local: consumers are reached by their sources, HTTP functions only through the gateway', () => {
    for (const doc of ksvcs) expect([doc.metadata.name, doc.metadata.labels?.['networking.knative.dev/visibility']]).toEqual([doc.metadata.name, 'cluster-local']);
  });

  it('give every request longer than the shutdown deadline, within Knative’s 600 s limit', () => {
    const shutdownSeconds = Number(configMap.data.SHUTDOWN_TIMEOUT_MS) / 1000;
    expect(shutdownSeconds).toBeGreaterThan(0);
    for (const doc of ksvcs) {
      const { timeoutSeconds } = doc.spec.template.spec;
      expect({ name: doc.metadata.name, fits: timeoutSeconds > shutdownSeconds && timeoutSeconds <= 600 }).toEqual({ name: doc.metadata.name, fits: true });
    }
    for (const settings of Object.values(scaling)) expect(settings.timeoutSeconds).toBeGreaterThan(shutdownSeconds);
  });

  it('name an existing service account', () => {
    for (const { owner, spec } of podSpecs) {
      if (spec.serviceAccountName) expect([owner, one('v1', 'ServiceAccount', spec.serviceAccountName).metadata.name]).toEqual([owner, spec.serviceAccountName]);
    }
  });
});

describe('settings', () => {
  const provided = { ...configMap.data, ...secret.stringData };

  it('come from the ConfigMap and the Secret through envFrom in every function and the setup Job', () => {
    for (const { owner, spec } of podSpecs.filter(({ owner }) => owner.startsWith('ksvc') || owner.startsWith('job'))) {
      for (const container of spec.containers) {
        expect([owner, container.envFrom]).toEqual([owner, [{ configMapRef: { name: 'brisk-config' } }, { secretRef: { name: 'brisk-secrets' } }]]);
      }
    }
  });

  it('cover every variable shared/config reads except PORT (Knative sets it), JWKS_URL and VALIDATE_RESPONSES included', () => {
    const keys = configKeys();
    expect(keys).toEqual(expect.arrayContaining(['DATABASE_URL', 'AMQP_URL', 'JWT_SECRET', 'JWKS_URL', 'SHUTDOWN_TIMEOUT_MS', 'PORT']));
    expect(keys.filter((key) => key !== 'PORT' && !(key in provided))).toEqual([]);
  });

  it('put the credentials in the Secret and the rest in the ConfigMap', () => {
    expect(Object.keys(secret.stringData).sort()).toEqual(['AMQP_URL', 'DATABASE_REPLICA_URLS', 'DATABASE_URL', 'JWT_SECRET', 'MIGRATIONS_DATABASE_URL']);
    expect(secret.data).toBeUndefined();
    for (const key of Object.keys(secret.stringData)) expect(configMap.data[key]).toBeUndefined();
  });

  it('name an OpenTelemetry Collector’s OTLP/HTTP endpoint for tracing, off until OTEL_TRACES_EXPORTER=otlp, and no one service name for every function', () => {
    expect(tracingSettings(provided)).toBeUndefined();
    expect(tracingSettings({ ...provided, OTEL_TRACES_EXPORTER: 'otlp' })).toEqual({ exporters: ['otlp'], protocol: 'http/protobuf' });
    expect(new URL(provided.OTEL_EXPORTER_OTLP_ENDPOINT!).port).toBe('4318');
    expect(provided.OTEL_SERVICE_NAME).toBeUndefined();
  });

  it('parse with shared/config as production values (NODE_ENV=production, responses not validated)', () => {
    const parsed = parseConfig(provided);
    expect(parsed.NODE_ENV).toBe('production');
    expect(parsed.VALIDATE_RESPONSES).toBe(false);
    expect(parsed.DATABASE_REPLICA_URLS).toHaveLength(1);
    expect(parsed.JWKS_URL).toBeDefined();
  });

  it('in the dev overlay drop JWKS_URL, so HS256 tokens from `npm run token` are accepted', () => {
    const rendered = render('knative/overlays/dev');
    if (!rendered) return;
    const devConfig = ofKind<Manifest & { data: Record<string, string> }>(rendered, 'v1', 'ConfigMap')[0]!;
    const devSecret = ofKind<Manifest & { stringData: Record<string, string> }>(rendered, 'v1', 'Secret').find((doc) => doc.metadata.name === 'brisk-secrets')!;
    const parsed = parseConfig({ ...devConfig.data, ...devSecret.stringData });
    expect(parsed.JWKS_URL).toBeUndefined();
    expect(parsed.JWT_ISSUER).toBe('brisk');
  });

  it('never set PORT or K_* — not in any container’s env, not through the ConfigMap or the Secret', () => {
    for (const { owner, spec } of podSpecs) {
      for (const container of spec.containers) expect([owner, (container.env ?? []).map((env) => env.name).filter(reservedEnv)]).toEqual([owner, []]);
    }
    expect(Object.keys(provided).filter(reservedEnv)).toEqual([]);
  });

  it('are placeholders in the Secret template, never real secrets', () => {
    for (const [key, value] of Object.entries(secret.stringData)) {
      expect({ key, placeholder: /CHANGE-ME|not-for-production/.test(value) }).toEqual({ key, placeholder: true });
    }
  });
});

describe('infrastructure', () => {
  const url = (key: string) => new URL(secret.stringData[key]!);

  it('PostgreSQL: a primary and two replicas, writes through the rw pooler, reads through the ro pooler, migrations to the primary', () => {
    const cluster = one<{ spec: { instances: number; bootstrap: { initdb: { database: string; owner: string; secret: { name: string } } } } }>('postgresql.cnpg.io/v1', 'Cluster', infra.postgresCluster);
    expect(cluster.spec.instances).toBe(3);
    const poolers = ofKind<Manifest & { spec: { cluster: { name: string }; type: string; pgbouncer: { poolMode: string } } }>(docs, 'postgresql.cnpg.io/v1', 'Pooler');
    expect(poolers.map((pooler) => [pooler.metadata.name, pooler.spec.type, pooler.spec.cluster.name])).toEqual([
      [infra.poolerRw, 'rw', infra.postgresCluster],
      [infra.poolerRo, 'ro', infra.postgresCluster],
    ]);
    expect(url('DATABASE_URL').hostname).toBe(`${infra.poolerRw}.${namespace}.svc.cluster.local`);
    expect(url('DATABASE_REPLICA_URLS').hostname).toBe(`${infra.poolerRo}.${namespace}.svc.cluster.local`);
    expect(url('MIGRATIONS_DATABASE_URL').hostname).toBe(`${infra.postgresCluster}-rw.${namespace}.svc.cluster.local`);
    const owner = one<{ type: string; stringData: Record<string, string> }>('v1', 'Secret', cluster.spec.bootstrap.initdb.secret.name);
    expect(owner.type).toBe('kubernetes.io/basic-auth');
    for (const key of ['DATABASE_URL', 'DATABASE_REPLICA_URLS', 'MIGRATIONS_DATABASE_URL']) {
      expect([key, url(key).username, url(key).password, url(key).pathname]).toEqual([key, owner.stringData.username, owner.stringData.password, `/${cluster.spec.bootstrap.initdb.database}`]);
    }
    expect(cluster.spec.bootstrap.initdb.owner).toBe(owner.stringData.username);
  });

  it('RabbitMQ: the application user AMQP_URL logs in as exists with its permission, on the cluster’s service', () => {
    const cluster = one('rabbitmq.com/v1beta1', 'RabbitmqCluster', infra.rabbitmqCluster);
    const user = ofKind<Manifest & { spec: { rabbitmqClusterReference: { name: string }; importCredentialsSecret: { name: string } } }>(docs, 'rabbitmq.com/v1beta1', 'User')[0]!;
    expect(user.spec.rabbitmqClusterReference.name).toBe(cluster.metadata.name);
    const credentials = one<{ stringData: Record<string, string> }>('v1', 'Secret', user.spec.importCredentialsSecret.name);
    expect([url('AMQP_URL').username, url('AMQP_URL').password]).toEqual([credentials.stringData.username, credentials.stringData.password]);
    expect(url('AMQP_URL').hostname).toBe(`${infra.rabbitmqCluster}.${namespace}.svc.cluster.local`);
    const permission = ofKind<Manifest & { spec: { userReference: { name: string }; vhost: string; permissions: Record<string, string> } }>(docs, 'rabbitmq.com/v1beta1', 'Permission')[0]!;
    expect(permission.spec).toMatchObject({ userReference: { name: user.metadata.name }, vhost: '/', permissions: { configure: '.*', write: '.*', read: '.*' } });
  });

  it('Redis: REDIS_URL names the Service in front of the redis:7-alpine Deployment, which keeps nothing on disk', () => {
    const service = one<{ spec: { selector: Record<string, string>; ports: Array<{ port: number }> } }>('v1', 'Service', infra.redis);
    const deployment = one<{ spec: { template: { metadata: { labels: Record<string, string> }; spec: { containers: Array<{ image: string; args: string[] }> } } } }>('apps/v1', 'Deployment', infra.redis);
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(deployment.spec.template.spec.containers[0]!.image).toBe('redis:7-alpine');
    expect(deployment.spec.template.spec.containers[0]!.args).toEqual(expect.arrayContaining(['--save', '', '--appendonly', 'no']));
    const redisUrl = new URL(configMap.data.REDIS_URL!);
    expect([redisUrl.hostname, Number(redisUrl.port)]).toEqual([`${infra.redis}.${namespace}.svc.cluster.local`, service.spec.ports[0]!.port]);
  });

  it('the setup Job runs the setup image with the functions’ settings, and DATABASE_URL pointed at the primary', () => {
    const job = one<{ spec: { template: { spec: PodSpec } } }>('batch/v1', 'Job', infra.setupJob);
    const [container] = job.spec.template.spec.containers;
    expect(container!.image).toBe('brisk/setup');
    expect(container!.env).toEqual([{ name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: 'brisk-secrets', key: 'MIGRATIONS_DATABASE_URL' } } }]);
  });
});

describe('images', () => {
  const skaffold = skaffoldSchema.parse(readYamlDocuments(path.join(root, 'skaffold.yaml'))[0]);
  const artifacts = skaffold.build.artifacts!.map((artifact) => artifact.image);
  const devOnly = readYamlDocuments(path.join(root, 'knative/overlays/dev/payment-sandbox.yaml')) as Manifest[];
  const allDocuments = [...docs, ...devOnly];
  const images = new Set(
    allDocuments.flatMap((doc) => {
      const template = (doc as { spec?: { template?: { spec?: { containers?: Container[] } } } }).spec?.template?.spec?.containers ?? [];
      return template.map((container) => container.image);
    }),
  );

  it('built from this repository are each a skaffold artifact, and every artifact is deployed', () => {
    const ours = [...images].filter((image) => image.startsWith('brisk/'));
    expect(ours.filter((image) => !artifacts.includes(image))).toEqual([]);
    expect(artifacts.filter((artifact) => !images.has(artifact))).toEqual([]);
  });

  it('of third parties carry an explicit tag', () => {
    for (const image of [...images].filter((candidate) => !candidate.startsWith('brisk/'))) expect(image).toMatch(/:[\w.-]+$/);
  });

  it('are built by the Dockerfile target matching their role, each function with FUNCTION=<name>', () => {
    for (const artifact of skaffold.build.artifacts!) {
      const name = artifact.image.replace('brisk/', '');
      const expected = name === 'setup' || name === 'payment-sandbox' ? { target: name } : { target: 'function', buildArgs: { FUNCTION: name } };
      expect({ image: artifact.image, ...artifact.docker }).toEqual({ image: artifact.image, dockerfile: 'Dockerfile', ...expected });
      if (expected.target === 'function') expect(exists(`functions/${name}/function.ts`)).toBe(true);
    }
  });
});

describe('eventing', () => {
  type Source = Manifest & { spec: Record<string, unknown> & { sink: Sink } };
  const rabbitmqSources = ofKind<Source & { spec: { rabbitmqResourcesConfig: { queueName: string; predeclared: boolean; parallelism: number }; delivery: Record<string, unknown>; rabbitmqClusterReference: { name: string } } }>(
    docs,
    'sources.knative.dev/v1alpha1',
    'RabbitmqSource',
  );
  const pingSources = ofKind<Source & { spec: { schedule: string } }>(docs, 'sources.knative.dev/v1', 'PingSource');

  it('every sink names an existing Knative Service in its namespace', () => {
    const services = new Set(ksvcs.map((doc) => `${doc.metadata.namespace}/${doc.metadata.name}`));
    const sinks = [...rabbitmqSources, ...pingSources].map((source) => source.spec.sink.ref);
    expect(sinks.length).toBe(eventFunctions.length);
    for (const ref of sinks) {
      expect(ref).toMatchObject({ apiVersion: 'serving.knative.dev/v1', kind: 'Service' });
      expect(services.has(`${ref.namespace ?? namespace}/${ref.name}`)).toBe(true);
    }
  });

  it('every queue consumer has one RabbitmqSource on its predeclared queue, with the dispatcher’s retry policy and no dead-letter sink', () => {
    expect(rabbitmqSources.map((source) => source.spec.sink.ref.name).sort()).toEqual(queueConsumers.map((fn) => fn.name).sort());
    for (const source of rabbitmqSources) {
      const consumer = source.spec.sink.ref.name;
      expect(source.spec.rabbitmqClusterReference.name).toBe(infra.rabbitmqCluster);
      expect(source.spec.rabbitmqResourcesConfig).toMatchObject({ predeclared: true, queueName: `${configMap.data.EVENTS_NAMESPACE}.${consumer}`, parallelism: defaultDeliveryOptions.prefetch });
      expect(source.spec.delivery).toEqual({ retry: defaultDeliveryOptions.retry, backoffPolicy: 'exponential', backoffDelay: delivery.backoffDelay });
      expect(JSON.stringify(source.spec)).not.toContain('deadLetterSink');
    }
    expect(delivery.backoffDelay).toBe(`PT${defaultDeliveryOptions.backoffDelayMs / 1000}S`);
  });

  it('every queue consumer’s queue, as the setup Job declares it, is a quorum queue that dead-letters into its own DLQ, with a retry queue per delay that expires back into it', async () => {
    const calls: Array<[string, ...unknown[]]> = [];
    const channel = new Proxy({}, { get: (_target, method: string) => async (...args: unknown[]) => void calls.push([method, ...args]) }) as unknown as Channel;
    await declareTopology(channel, queueConsumers.map((fn) => ({ consumer: fn.name, types: fn.subscribes })));
    const dlx = eventNames.deadLetterExchange();
    for (const fn of queueConsumers) {
      const queue = eventNames.queue(fn.name);
      const dlq = eventNames.deadLetterQueue(fn.name);
      expect(queue).toBe(`${eventNames.exchange().replace(/\.events$/, '')}.${fn.name}`);
      expect(calls).toContainEqual(['assertQueue', queue, { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-dead-letter-exchange': dlx, 'x-dead-letter-routing-key': queue } }]);
      expect(calls).toContainEqual(['assertQueue', dlq, { durable: true, arguments: { 'x-queue-type': 'quorum' } }]);
      expect(calls).toContainEqual(['bindQueue', dlq, dlx, queue]);
      for (const type of fn.subscribes) expect(calls).toContainEqual(['bindQueue', queue, eventNames.exchange(), type]);
      for (const delayMs of config().EVENT_RETRY_DELAYS_MS) {
        const retryArguments = { 'x-queue-type': 'quorum', 'x-message-ttl': delayMs, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': queue };
        expect(calls).toContainEqual(['assertQueue', eventNames.retryQueue(fn.name, delayMs), { durable: true, arguments: expect.objectContaining(retryArguments) }]);
      }
    }
  });

  it('the outbox relay ticks every minute from a PingSource', () => {
    const tickers = eventFunctions.filter((fn) => !queueConsumers.includes(fn)).map((fn) => fn.name);
    expect(tickers).toEqual(['outbox-relay']);
    expect(pingSources.map((source) => [source.spec.sink.ref.name, source.spec.schedule])).toEqual([['outbox-relay', pingSchedule]]);
    expect(pingSchedule).toBe('* * * * *');
  });
});

describe('the gateway', () => {
  type Route = Manifest & {
    spec: {
      parentRefs: Array<{ name: string; namespace: string }>;
      rules: Array<{ matches: Array<{ path: { type: string; value: string }; method: string }>; filters: Array<{ urlRewrite: { hostname: string } }>; backendRefs: Array<{ name: string; namespace: string; port: number }> }>;
    };
  };
  const routes = ofKind<Route>(docs, 'gateway.networking.k8s.io/v1', 'HTTPRoute');
  const hostToFunction = (hostname: string) => hostname.replace(`.${namespace}.svc.cluster.local`, '');
  const rulesAsDeployed = routes.flatMap((route) =>
    route.spec.rules.map((rule) => ({
      fn: hostToFunction(rule.filters[0]!.urlRewrite.hostname),
      matches: rule.matches.map((match) => ({ path: match.path as { type: 'Exact' | 'PathPrefix'; value: string }, method: match.method as 'GET' })),
    })),
  );

  it('routes every endpoint of every HTTP function, /openapi.json, /asyncapi.json and /docs included, to that function', () => {
    const endpoints = deployedHttpFunctions().flatMap((fn) => publicEndpoints(fn).map((endpoint) => ({ fn: fn.name, method: endpoint.method, path: endpoint.path })));
    expect(endpoints.map((endpoint) => endpoint.path)).toEqual(expect.arrayContaining(['/openapi.json', '/asyncapi.json', '/docs', '/v1/products/{id}', '/v1/orders/{id}/cancel']));
    for (const endpoint of endpoints) {
      expect({ ...endpoint, routedTo: resolve(rulesAsDeployed, endpoint.method, samplePath(endpoint.path)) }).toEqual({ ...endpoint, routedTo: endpoint.fn });
    }
  });

  it('routes nothing else: no health, readiness or internal route is public', () => {
    for (const [method, pathname] of [['GET', '/healthz'], ['GET', '/readyz'], ['GET', '/metrics'], ['POST', '/'], ['DELETE', '/v1/orders/x'], ['GET', '/v2/products']]) {
      expect([method, pathname, resolve(rulesAsDeployed, method!, pathname!)]).toEqual([method, pathname, undefined]);
    }
  });

  it('is exactly what the generator derives from the definitions', () => {
    expect(rulesAsDeployed).toEqual(routeRules(deployedHttpFunctions()));
  });

  it('forwards to Knative’s internal ingress with each rule’s Host rewritten to an existing cluster-local Knative Service', () => {
    const services = new Set(ksvcs.map((doc) => doc.metadata.name));
    for (const route of routes) {
      expect(route.spec.rules.length).toBeLessThanOrEqual(gateway.maxRulesPerRoute);
      for (const rule of route.spec.rules) {
        expect(services.has(hostToFunction(rule.filters[0]!.urlRewrite.hostname))).toBe(true);
        expect(rule.backendRefs).toEqual([{ group: '', kind: 'Service', name: knativeIngress.name, namespace: knativeIngress.namespace, port: knativeIngress.port }]);
      }
    }
  });

  it('attaches to the Gateway of the class Envoy Gateway serves, and may reach the ingress across namespaces', () => {
    const gatewayDoc = one<{ spec: { gatewayClassName: string; listeners: Array<{ port: number }> } }>('gateway.networking.k8s.io/v1', 'Gateway', gateway.name);
    for (const route of routes) expect(route.spec.parentRefs.map((ref) => `${ref.namespace}/${ref.name}`)).toEqual([`${gatewayDoc.metadata.namespace}/${gatewayDoc.metadata.name}`]);
    const gatewayClass = one<{ spec: { controllerName: string; parametersRef: { name: string; namespace: string } } }>('gateway.networking.k8s.io/v1', 'GatewayClass', gatewayDoc.spec.gatewayClassName);
    expect(gatewayClass.spec.controllerName).toBe('gateway.envoyproxy.io/gatewayclass-controller');
    const proxy = one<{ spec: { provider: { kubernetes: { envoyService: { name: string } } } } }>('gateway.envoyproxy.io/v1alpha1', 'EnvoyProxy', gatewayClass.spec.parametersRef.name);
    expect([proxy.metadata.namespace, proxy.spec.provider.kubernetes.envoyService.name]).toEqual([gatewayClass.spec.parametersRef.namespace, gateway.serviceName]);
    expect(gatewayDoc.spec.listeners.map((listener) => listener.port)).toEqual([gateway.listenerPort]);
    const grant = ofKind<Manifest & { spec: { from: Array<{ kind: string; namespace: string }>; to: Array<{ kind: string; name: string }> } }>(docs, 'gateway.networking.k8s.io/v1beta1', 'ReferenceGrant')[0]!;
    expect(grant.metadata.namespace).toBe(knativeIngress.namespace);
    expect(grant.spec.from).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace }]);
    expect(grant.spec.to).toEqual([{ group: '', kind: 'Service', name: knativeIngress.name }]);
  });
});

describe('skaffold.yaml', () => {
  const config = readYamlDocuments(path.join(root, 'skaffold.yaml'))[0];

  it('is a valid skaffold/v4beta14 config (the published schema’s fields, no others)', () => {
    expect(skaffoldSchema.safeParse(config).error?.issues ?? []).toEqual([]);
  });

  it('builds the bundles first, has dev and prod profiles, deploys existing kustomizations and forwards the gateway', () => {
    const parsed = skaffoldSchema.parse(config);
    expect(parsed.build.hooks?.before?.map((hook) => hook.command.join(' '))).toEqual(['npm run --silent build']);
    expect(parsed.profiles.map((profile) => profile.name)).toEqual(['dev', 'prod']);
    for (const paths of [parsed.manifests.kustomize.paths, ...parsed.profiles.map((profile) => profile.manifests?.kustomize.paths ?? [])]) {
      for (const entry of paths) expect(exists(`${entry}/kustomization.yaml`)).toBe(true);
    }
    const dev = parsed.profiles.find((profile) => profile.name === 'dev')!;
    expect(dev.portForward).toEqual([{ resourceType: 'service', resourceName: gateway.serviceName, namespace: gateway.serviceNamespace, port: gateway.listenerPort, localPort: 8080 }]);
    expect(JSON.stringify(parsed)).not.toContain('"sync"');
  });
});
