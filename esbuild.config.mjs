// Builds one self-contained, tree-shaken CommonJS bundle per function (dist/functions/<name>/index.js)
// and the local gateway (dist/gateway/index.js). A function's entry is generated: it imports the
// definition and exports the handler under the function's name, which is what functions-framework's
// --target looks up; run as the main module, the same file serves the function on PORT.
import { cp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(root, 'dist');

export const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: process.env.BUNDLE_MINIFY !== 'false',
  keepNames: true,
  legalComments: 'linked',
  metafile: true,
  // Resolved at run time only when serving from source; bundles carry the files beside them.
  external: ['swagger-ui-dist/*'],
  logLevel: 'warning',
};

export async function functionNames() {
  const entries = await readdir(path.join(root, 'functions'), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && existsSync(path.join(root, 'functions', entry.name, 'function.ts')))
    .map((entry) => entry.name)
    .sort();
}

const functionEntry = (name) => `import definition from './function';
import { serve } from '../../shared/runtime/serve';
const handler = serve(definition, require.main === module);
export { handler as ${JSON.stringify(name)} };
`;

async function buildFunction(name) {
  const result = await esbuild.build({
    ...common,
    stdin: { contents: functionEntry(name), resolveDir: path.join(root, 'functions', name), sourcefile: `functions/${name}/index.ts`, loader: 'ts' },
    outfile: path.join(dist, 'functions', name, 'index.js'),
  });
  return { name, result };
}

/** The local-only processes: the gateway (every function on one port) and the event dispatcher. */
async function buildScript(name) {
  const result = await esbuild.build({ ...common, entryPoints: [path.join(root, `scripts/${name}.ts`)], outfile: path.join(dist, name, 'index.js') });
  return { name, result };
}

/** swagger-ui's files travel beside each bundle that serves /docs. */
async function copyDocsAssets(outDir) {
  const from = path.join(root, 'node_modules', 'swagger-ui-dist');
  for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) await cp(path.join(from, file), path.join(outDir, 'swagger-ui', file));
}

/**
 * The OpenTelemetry SDK (shared/tracing/sdk.ts) as a file of its own, tracing-sdk.js: shared/tracing
 * requires it from beside its bundle only when OTEL_TRACES_EXPORTER turns tracing on, so the bundles
 * (and their cold starts) do not carry it. build-setup.mjs puts one beside the sandbox's bundle too.
 */
export async function buildTracingSdk(outDir) {
  const result = await esbuild.build({ ...common, entryPoints: [path.join(root, 'shared/tracing/sdk.ts')], outfile: path.join(outDir, 'tracing-sdk.js') });
  return { name: 'tracing-sdk', result };
}

/** tracing-sdk.js (with its source map) travels beside every bundle. */
async function copyTracingSdk(outDir) {
  const files = (await readdir(dist)).filter((file) => file.startsWith('tracing-sdk.js'));
  await Promise.all(files.map((file) => cp(path.join(dist, file), path.join(outDir, file))));
}

export async function build() {
  await rm(dist, { recursive: true, force: true });
  const names = await functionNames();
  const builds = await Promise.all([...names.map(buildFunction), buildScript('gateway'), buildScript('dispatcher'), buildTracingSdk(dist)]);
  const bundleDirs = [...names.map((name) => path.join(dist, 'functions', name)), path.join(dist, 'gateway'), path.join(dist, 'dispatcher')];
  await Promise.all([copyDocsAssets(path.join(dist, 'functions', 'api-docs')), copyDocsAssets(path.join(dist, 'gateway')), ...bundleDirs.map(copyTracingSdk)]);
  return builds.map(({ name, result }) => {
    const [file, output] = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.js'));
    return { name, file, bytes: output.bytes };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = await build();
  for (const { name, bytes } of sizes) console.log(`${name.padEnd(20)} ${(bytes / 1024).toFixed(0).padStart(6)} KB`);
}
