// Bundles what the container images need beyond the function bundles of esbuild.config.mjs:
//   <outdir>/setup/index.js            the setup Job (scripts/deploy-setup.ts), with
//   <outdir>/setup/migrations/*.sql    the migrations, where shared/db/migrate.ts looks for them
//                                      (path.join(__dirname, 'migrations'): in a bundle, its own folder)
//   <outdir>/setup/dlq.js              the dead-letter tool (scripts/dlq.ts), run from the setup image
//   <outdir>/payment-sandbox/index.js  the sandbox payment provider (dev clusters only), with the
//                                      tracing SDK beside it (tracing-sdk.js, as beside every bundle)
// Usage: node scripts/knative/build-setup.mjs [--outdir dist]. The Dockerfile runs it after `npm run build`.
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { buildTracingSdk, common } from '../../esbuild.config.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const flag = process.argv.indexOf('--outdir');
const outdir = path.resolve(root, flag === -1 ? 'dist' : process.argv[flag + 1]);

const bundle = (entry, outfile) => esbuild.build({ ...common, entryPoints: [path.join(root, entry)], outfile: path.join(outdir, outfile) });

await Promise.all(['setup', 'payment-sandbox'].map((folder) => rm(path.join(outdir, folder), { recursive: true, force: true })));
await Promise.all([
  bundle('scripts/deploy-setup.ts', 'setup/index.js'),
  bundle('scripts/dlq.ts', 'setup/dlq.js'),
  bundle('scripts/payment-sandbox/main.ts', 'payment-sandbox/index.js'),
  buildTracingSdk(path.join(outdir, 'payment-sandbox')),
]);

const migrationsFrom = path.join(root, 'shared/db/migrations');
const migrationsTo = path.join(outdir, 'setup/migrations');
await mkdir(migrationsTo, { recursive: true });
const migrations = (await readdir(migrationsFrom)).filter((file) => file.endsWith('.sql'));
await Promise.all(migrations.map((file) => cp(path.join(migrationsFrom, file), path.join(migrationsTo, file))));
console.log(`setup: ${path.relative(root, path.join(outdir, 'setup'))} (${migrations.length} migrations), payment-sandbox: ${path.relative(root, path.join(outdir, 'payment-sandbox'))}`);
