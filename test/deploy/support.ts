// What the deployment tests share: every manifest under knative/ with the kustomization that includes it,
// validation of each document against its schema, and the checks the API server and Knative's webhook
// would make that a JSON schema does not (unknown fields, Knative's rules for revisions).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import YAML from 'yaml';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Service as KnativeService } from '@kubernetes-models/knative/serving.knative.dev/v1/Service';
import { PingSource } from '@kubernetes-models/knative/sources.knative.dev/v1/PingSource';
import { Gateway } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway';
import { GatewayClass } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GatewayClass';
import { HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute';
import { ReferenceGrant } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1/ReferenceGrant';
import { customResources, kustomization as kustomizationSchema } from '../../scripts/knative/crds';
import { readYamlDocuments } from '../../scripts/knative/yaml';

export const root = path.resolve(__dirname, '../..');
export const knativeDir = path.join(root, 'knative');

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export interface Located {
  /** Path relative to the repository. */
  file: string;
  doc: Manifest;
}

export const kindOf = (doc: Manifest) => `${doc.apiVersion}/${doc.kind}`;
export const idOf = (doc: Manifest) => `${kindOf(doc)} ${doc.metadata.namespace ?? '-'}/${doc.metadata.name}`;

interface ModelClass {
  new (data: never): { validate(): void };
}

/** Kinds with a model package: the class that validates them and the interface TypeScript checks them against. */
export const models: Record<string, { model: ModelClass; module: string; type: string }> = {
  'v1/ConfigMap': { model: ConfigMap as ModelClass, module: 'kubernetes-models/v1/ConfigMap', type: 'IConfigMap' },
  'v1/Secret': { model: Secret as ModelClass, module: 'kubernetes-models/v1/Secret', type: 'ISecret' },
  'v1/Service': { model: Service as ModelClass, module: 'kubernetes-models/v1/Service', type: 'IService' },
  'v1/Namespace': { model: Namespace as ModelClass, module: 'kubernetes-models/v1/Namespace', type: 'INamespace' },
  'v1/ServiceAccount': { model: ServiceAccount as ModelClass, module: 'kubernetes-models/v1/ServiceAccount', type: 'IServiceAccount' },
  'apps/v1/Deployment': { model: Deployment as ModelClass, module: 'kubernetes-models/apps/v1/Deployment', type: 'IDeployment' },
  'batch/v1/Job': { model: Job as ModelClass, module: 'kubernetes-models/batch/v1/Job', type: 'IJob' },
  'serving.knative.dev/v1/Service': {
    model: KnativeService as ModelClass,
    module: '@kubernetes-models/knative/serving.knative.dev/v1/Service',
    type: 'IService',
  },
  'sources.knative.dev/v1/PingSource': {
    model: PingSource as ModelClass,
    module: '@kubernetes-models/knative/sources.knative.dev/v1/PingSource',
    type: 'IPingSource',
  },
  'gateway.networking.k8s.io/v1/Gateway': {
    model: Gateway as ModelClass,
    module: '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway',
    type: 'IGateway',
  },
  'gateway.networking.k8s.io/v1/GatewayClass': {
    model: GatewayClass as ModelClass,
    module: '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GatewayClass',
    type: 'IGatewayClass',
  },
  'gateway.networking.k8s.io/v1/HTTPRoute': {
    model: HTTPRoute as ModelClass,
    module: '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute',
    type: 'IHTTPRoute',
  },
  'gateway.networking.k8s.io/v1beta1/ReferenceGrant': {
    model: ReferenceGrant as ModelClass,
    module: '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1/ReferenceGrant',
    type: 'IReferenceGrant',
  },
};

/** Every file under a folder, recursively, relative to the repository. */
export function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const full = path.join(folder, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [path.relative(root, full)];
  });
}

export interface Kustomization {
  dir: string;
  resources: string[];
  patches: Array<{ path: string; target?: Record<string, string> }>;
}

/** Every kustomization.yaml under knative/, validated and with its paths resolved (relative to the repository). */
export function kustomizations(): Kustomization[] {
  return filesUnder(knativeDir)
    .filter((file) => path.basename(file) === 'kustomization.yaml')
    .map((file) => {
      const [document] = readYamlDocuments(path.join(root, file));
      const parsed = kustomizationSchema.parse(document);
      const dir = path.dirname(file);
      return {
        dir,
        resources: (parsed.resources ?? []).map((entry) => path.normalize(path.join(dir, entry))),
        patches: (parsed.patches ?? []).map((patch) => ({ ...patch, path: path.normalize(path.join(dir, patch.path)) })),
      };
    });
}

/** The resource documents a kustomization directory assembles (before patches), following nested directories. */
export function resourcesOf(dir: string): Located[] {
  const kustomization = kustomizations().find((candidate) => candidate.dir === dir);
  if (!kustomization) throw new Error(`no kustomization.yaml in ${dir}`);
  return kustomization.resources.flatMap((entry) =>
    statSync(path.join(root, entry)).isDirectory()
      ? resourcesOf(entry)
      : readYamlDocuments(path.join(root, entry)).map((doc) => ({ file: entry, doc: doc as Manifest })),
  );
}

/** The base: what knative/kustomization.yaml assembles. */
export const baseResources = () => resourcesOf('knative');

let kubectlAvailable: boolean | undefined;
/** kubectl's built-in kustomize renders an overlay offline; undefined when kubectl is not installed. */
export function render(dir: string): Manifest[] | undefined {
  kubectlAvailable ??= (() => {
    try {
      execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  if (!kubectlAvailable) return undefined;
  const output = execFileSync('kubectl', ['kustomize', path.join(root, dir)], { encoding: 'utf8' });
  return YAML.parseAllDocuments(output).map((document) => document.toJS() as Manifest);
}

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const qualifiedName = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** What the API server checks of metadata whatever the kind: names, label and annotation keys, label values. */
export function metadataErrors(doc: Manifest): string[] {
  const errors: string[] = [];
  const { name, namespace, labels = {}, annotations = {} } = doc.metadata ?? ({} as Manifest['metadata']);
  if (!name || !dns1123Subdomain.test(name) || name.length > 253) errors.push(`metadata.name ${name} is not a DNS-1123 subdomain`);
  if (namespace !== undefined && !dns1123Label.test(namespace)) errors.push(`metadata.namespace ${namespace} is not a DNS-1123 label`);
  for (const [key, value] of Object.entries(labels)) {
    if (!qualifiedName.test(key)) errors.push(`label key ${key} is not a qualified name`);
    if (typeof value !== 'string' || value.length > 63 || !labelValue.test(value)) errors.push(`label ${key}=${value} is not a valid label value`);
  }
  for (const [key, value] of Object.entries(annotations)) {
    if (!qualifiedName.test(key)) errors.push(`annotation key ${key} is not a qualified name`);
    if (typeof value !== 'string') errors.push(`annotation ${key} is not a string`);
  }
  return errors;
}

/** Validates one document: its model's JSON schema, or the CRD schema in scripts/knative/crds.ts. */
export function schemaErrors(doc: Manifest): string[] {
  const kind = kindOf(doc);
  const entry = models[kind];
  if (entry) {
    try {
      new entry.model(doc as never).validate();
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  }
  const schema = customResources[kind];
  if (!schema) return [`no schema known for ${kind}`];
  const result = schema.safeParse(doc);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

/**
 * Unknown fields, as the API server's strict field validation (kubectl's default) rejects them: the model
 * packages' JSON schemas allow extra properties, their TypeScript interfaces do not. Each document becomes
 * an object literal typed with its interface in a virtual file, and the compiler reports excess properties
 * and wrong types. Returns `file: message` for every diagnostic.
 */
export function unknownFieldErrors(documents: Located[]): string[] {
  const typed = documents.filter(({ doc }) => models[kindOf(doc)]);
  const aliases = new Map<string, string>();
  const header: string[] = [];
  const lines: string[] = [];
  const owners: string[] = [];
  typed.forEach(({ file, doc }, index) => {
    const entry = models[kindOf(doc)]!;
    if (!aliases.has(entry.module)) {
      aliases.set(entry.module, `T${aliases.size}`);
      header.push(`import type { ${entry.type} as ${aliases.get(entry.module)} } from '${entry.module}';`);
    }
    const literal = JSON.stringify(doc, null, 1).split('\n');
    literal[0] = `export const document${index}: ${aliases.get(entry.module)} = ${literal[0]}`;
    literal[literal.length - 1] += ';';
    for (const line of literal) {
      lines.push(line);
      owners.push(`${file} ${idOf(doc)}`);
    }
  });
  const source = [...header, ...lines].join('\n');
  const virtualFile = path.join(root, 'test/deploy/__manifests__.ts');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Preserve,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = ((fileExists) => (file: string) => file === virtualFile || fileExists(file))(host.fileExists.bind(host));
  host.readFile = (file) => (file === virtualFile ? source : readFile(file));
  host.getSourceFile = (file, language) =>
    file === virtualFile ? ts.createSourceFile(file, source, language) : getSourceFile(file, language);
  const program = ts.createProgram([virtualFile], options, host);
  const sourceFile = program.getSourceFile(virtualFile)!;
  return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map((diagnostic) => {
    const line = diagnostic.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(diagnostic.start).line - header.length;
    return `${owners[line] ?? 'imports'}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

/** Environment variables Knative sets in every revision; a revision that sets one is rejected (PORT) or misleads. */
export const reservedEnv = (name: string) => name === 'PORT' || name.startsWith('K_');

interface Probe {
  httpGet?: { path?: string; port?: number | string };
  tcpSocket?: unknown;
  exec?: unknown;
  periodSeconds?: number;
  timeoutSeconds?: number;
  failureThreshold?: number;
}

/**
 * Knative Serving's admission rules for a revision template that no JSON schema states, from
 * knative/serving pkg/apis/serving/k8s_validation.go and the revision validation: one serving container
 * with one port named http1 or h2c that is not one of Knative's own; no reserved env names; readiness probe
 * with Knative's aggressive default only without failureThreshold and timeoutSeconds; probes without a port
 * or on the container port; timeoutSeconds within the default max-revision-timeout-seconds (600);
 * containerConcurrency within 0..1000; min-scale ≤ max-scale.
 */
export function knativeRuleErrors(doc: Manifest): string[] {
  const errors: string[] = [];
  const template = (doc as unknown as { spec: { template: { metadata?: { annotations?: Record<string, string> }; spec: Record<string, unknown> } } }).spec.template;
  const spec = template.spec as {
    containers: Array<{ name?: string; ports?: Array<{ name?: string; containerPort: number; protocol?: string }>; env?: Array<{ name: string }>; readinessProbe?: Probe; livenessProbe?: Probe }>;
    timeoutSeconds?: number;
    containerConcurrency?: number;
  };
  if (spec.containers.length !== 1) errors.push('exactly one container (multi-container is off by default)');
  const [container] = spec.containers;
  if (!container) return errors;
  if (container.name === 'queue-proxy') errors.push('container name queue-proxy is reserved');
  const ports = container.ports ?? [];
  if (ports.length !== 1) errors.push('exactly one container port');
  const port = ports[0];
  if (port) {
    if (![undefined, '', 'http1', 'h2c'].includes(port.name)) errors.push(`port name ${port.name} is not http1 or h2c`);
    if ([8012, 8013, 8022, 9090, 9091, 8008].includes(port.containerPort)) errors.push(`port ${port.containerPort} is reserved by Knative`);
    if (port.protocol !== undefined && port.protocol !== 'TCP') errors.push('port protocol must be TCP');
  }
  for (const env of container.env ?? []) if (reservedEnv(env.name)) errors.push(`env ${env.name} is reserved by Knative`);
  for (const [name, probe] of Object.entries({ readinessProbe: container.readinessProbe, livenessProbe: container.livenessProbe })) {
    if (!probe) continue;
    const handlers = ['httpGet', 'tcpSocket', 'exec'].filter((handler) => handler in probe);
    if (handlers.length !== 1) errors.push(`${name}: exactly one handler`);
    if (probe.httpGet?.port !== undefined && probe.httpGet.port !== port?.containerPort && probe.httpGet.port !== port?.name) {
      errors.push(`${name}: probes may only target the container port`);
    }
    if (name === 'readinessProbe' && !probe.periodSeconds) {
      if (probe.failureThreshold !== undefined) errors.push('readinessProbe: failureThreshold is disallowed when periodSeconds is zero');
      if (probe.timeoutSeconds !== undefined) errors.push('readinessProbe: timeoutSeconds is disallowed when periodSeconds is zero');
    } else if ((probe.timeoutSeconds ?? 1) < 1 || (probe.failureThreshold ?? 3) < 1) {
      errors.push(`${name}: timeoutSeconds and failureThreshold must be at least 1`);
    }
  }
  if (spec.timeoutSeconds !== undefined && (spec.timeoutSeconds < 0 || spec.timeoutSeconds > 600)) {
    errors.push(`timeoutSeconds ${spec.timeoutSeconds} exceeds max-revision-timeout-seconds (600)`);
  }
  if (spec.containerConcurrency !== undefined && (spec.containerConcurrency < 0 || spec.containerConcurrency > 1000)) {
    errors.push(`containerConcurrency ${spec.containerConcurrency} outside 0..1000`);
  }
  const annotations = template.metadata?.annotations ?? {};
  const min = Number(annotations['autoscaling.knative.dev/min-scale'] ?? 0);
  const max = Number(annotations['autoscaling.knative.dev/max-scale'] ?? 0);
  if (max !== 0 && min > max) errors.push('min-scale above max-scale');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(doc.metadata.name) || !/^[a-z]/.test(doc.metadata.name) || doc.metadata.name.length > 63) {
    errors.push('a Knative Service name must be a DNS-1035 label');
  }
  return errors;
}

/** Documents of a kind across a set. */
export function ofKind<T = Manifest>(documents: Array<Located | Manifest>, apiVersion: string, kind: string): T[] {
  return documents
    .map((entry): Manifest => ('doc' in entry ? (entry as Located).doc : (entry as Manifest)))
    .filter((doc) => doc.apiVersion === apiVersion && doc.kind === kind) as T[];
}

export const exists = (file: string) => existsSync(path.join(root, file));
