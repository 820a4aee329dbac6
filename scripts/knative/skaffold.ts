// skaffold.yaml, generated so its artifacts are exactly the images the manifests use: one per function
// (the Dockerfile's `function` target with FUNCTION=<name>), the setup Job's and the dev payment sandbox's.
// The schema below is the subset of Skaffold's published JSON schema for skaffold/v4beta14
// (docs-v2/content/en/schemas/v4beta14.json, every object `additionalProperties: false`) that Brisk uses.
import * as z from 'zod';
import { functionImage, gateway, infra, namespace, paymentSandboxImage, setupImage } from './model';

const hostHook = z.strictObject({ command: z.array(z.string()).min(1), os: z.array(z.string()).optional(), dir: z.string().optional() });
const buildHooks = z.strictObject({ before: z.array(hostHook).optional(), after: z.array(hostHook).optional() });
const deployHookItem = z.strictObject({ host: hostHook });
const dockerArtifact = z.strictObject({
  dockerfile: z.string().optional(),
  target: z.string().optional(),
  buildArgs: z.record(z.string(), z.string()).optional(),
});
const artifact = z.strictObject({ image: z.string().min(1), context: z.string().optional(), docker: dockerArtifact });
const tagPolicy = z.union([z.strictObject({ inputDigest: z.strictObject({}) }), z.strictObject({ gitCommit: z.strictObject({}) })]);
const localBuild = z.strictObject({
  push: z.boolean().optional(),
  useBuildkit: z.boolean().optional(),
  concurrency: z.int().min(0).optional(),
  tryImportMissing: z.boolean().optional(),
});
const buildConfig = z.strictObject({
  hooks: buildHooks.optional(),
  artifacts: z.array(artifact).optional(),
  tagPolicy: tagPolicy.optional(),
  local: localBuild.optional(),
});
const renderConfig = z.strictObject({ kustomize: z.strictObject({ paths: z.array(z.string()).min(1), buildArgs: z.array(z.string()).optional() }) });
const deployConfig = z.strictObject({
  kubectl: z
    .strictObject({
      defaultNamespace: z.string().optional(),
      flags: z.strictObject({ global: z.array(z.string()).optional(), apply: z.array(z.string()).optional() }).optional(),
      hooks: z.strictObject({ before: z.array(deployHookItem).optional(), after: z.array(deployHookItem).optional() }).optional(),
    })
    .optional(),
  statusCheck: z.boolean().optional(),
  statusCheckDeadlineSeconds: z.int().min(1).optional(),
  tolerateFailuresUntilDeadline: z.boolean().optional(),
});
const portForward = z.strictObject({
  resourceType: z.enum(['service', 'Service', 'deployment', 'Deployment', 'pod', 'Pod']),
  resourceName: z.string().min(1),
  namespace: z.string().optional(),
  port: z.union([z.int(), z.string()]),
  localPort: z.int().optional(),
  address: z.string().optional(),
});
const activation = z.strictObject({ env: z.string().optional(), kubeContext: z.string().optional(), command: z.string().optional() });
const profile = z.strictObject({
  name: z.string().min(1),
  activation: z.array(activation).optional(),
  build: buildConfig.optional(),
  manifests: renderConfig.optional(),
  deploy: deployConfig.optional(),
  portForward: z.array(portForward).optional(),
});

const resourceFilter = z.strictObject({
  groupKind: z.string().min(1),
  image: z.array(z.string()).optional(),
  labels: z.array(z.string()).optional(),
  podSpec: z.array(z.string()).optional(),
});

export const skaffoldSchema = z.strictObject({
  apiVersion: z.literal('skaffold/v4beta14'),
  kind: z.literal('Config'),
  metadata: z.strictObject({ name: z.string().min(1) }),
  build: buildConfig,
  manifests: renderConfig,
  deploy: deployConfig,
  portForward: z.array(portForward).optional(),
  resourceSelector: z.strictObject({ allow: z.array(resourceFilter).optional(), deny: z.array(resourceFilter).optional() }).optional(),
  profiles: z.array(profile),
});
export type SkaffoldConfig = z.input<typeof skaffoldSchema>;

/** The kustomizations the profiles deploy. */
export const overlays = { dev: 'knative/overlays/dev', prod: 'knative/overlays/prod' };

const docker = (target: string, buildArgs?: Record<string, string>) => ({
  dockerfile: 'Dockerfile',
  target,
  ...(buildArgs ? { buildArgs } : {}),
});

export function skaffoldConfig(functionNames: string[]): SkaffoldConfig {
  const unixHosts = ['darwin', 'linux'];
  return {
    apiVersion: 'skaffold/v4beta14',
    kind: 'Config',
    metadata: { name: 'brisk' },
    build: {
      // Once per build phase, on the host: a bundle or type error stops here, before any image builds.
      // The images then bundle again inside the Dockerfile's `bundles` stage (shared by every artifact).
      hooks: { before: [{ command: ['npm', 'run', '--silent', 'build'], os: unixHosts }] },
      // A tag from the image's inputs: every change gives a new tag, hence a new Knative revision.
      tagPolicy: { inputDigest: {} },
      local: { useBuildkit: true, concurrency: 1 },
      artifacts: [
        ...functionNames.map((name) => ({ image: functionImage(name), context: '.', docker: docker('function', { FUNCTION: name }) })),
        { image: setupImage, context: '.', docker: docker('setup') },
        { image: paymentSandboxImage, context: '.', docker: docker('payment-sandbox') },
      ],
    },
    manifests: { kustomize: { paths: [overlays.dev] } },
    deploy: {
      kubectl: {
        // A Job's pod template cannot change: the setup Job is replaced on every deploy (it is idempotent).
        hooks: {
          before: [
            {
              host: {
                command: ['sh', '-c', `kubectl --context="$SKAFFOLD_KUBE_CONTEXT" --namespace ${namespace} delete job ${infra.setupJob} --ignore-not-found`],
                os: unixHosts,
              },
            },
          ],
        },
      },
      statusCheckDeadlineSeconds: 600,
      tolerateFailuresUntilDeadline: true,
    },
    // Rewrite the images (and add skaffold's run labels) in Knative Services too, not only built-in kinds.
    resourceSelector: { allow: [{ groupKind: 'Service.serving.knative.dev', image: ['.*'], labels: ['.*'] }] },
    profiles: [
      {
        name: 'dev',
        activation: [{ command: 'dev' }],
        // Images stay in the local daemon; skaffold loads them into kind (or builds inside minikube's daemon).
        build: { local: { push: false, useBuildkit: true, concurrency: 1 } },
        manifests: { kustomize: { paths: [overlays.dev] } },
        // The gateway, not a Knative Service: a ksvc's own Service is an ExternalName that cannot be forwarded.
        portForward: [
          { resourceType: 'service', resourceName: gateway.serviceName, namespace: gateway.serviceNamespace, port: gateway.listenerPort, localPort: 8080 },
        ],
      },
      {
        name: 'prod',
        // Pushed to the registry given with --default-repo; Knative resolves the tags to digests.
        build: { local: { push: true, useBuildkit: true, concurrency: 2 } },
        manifests: { kustomize: { paths: [overlays.prod] } },
      },
    ],
  };
}
