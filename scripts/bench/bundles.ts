// The bundles the bench runs, and their sizes: esbuild.config.mjs's build(), then dist/functions copied
// to a directory of the bench's own (other builds in this tree may delete dist/ while the bench runs),
// each function's index.js measured as built and after gzip -9.
import { cp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundle, bundles, root, sleep } from './setup';

export interface BundleSize {
  function: string;
  bytes: number;
  gzipBytes: number;
}

interface Built {
  name: string;
  file: string;
  bytes: number;
}

async function buildAndCopy(): Promise<Built[]> {
  const config = (await import(pathToFileURL(path.join(root, 'esbuild.config.mjs')).href)) as { build: () => Promise<Built[]> };
  const functions = (await config.build()).filter(({ name, file }) => file.endsWith(`functions/${name}/index.js`));
  await rm(bundles, { recursive: true, force: true });
  await cp(path.join(root, 'dist/functions'), bundles, { recursive: true, filter: (file) => !file.endsWith('.map') });
  return functions;
}

/** Builds every bundle (the gateway and dispatcher too) and returns each function's size; tries again while another build races it. */
export async function buildBundles(): Promise<BundleSize[]> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      const functions = await buildAndCopy();
      if (functions.every(({ name }) => existsSync(bundle(name)))) {
        return await Promise.all(functions.map(async ({ name, bytes }) => ({ function: name, bytes, gzipBytes: gzipSync(await readFile(bundle(name)), { level: 9 }).length })));
      }
    } catch (error) {
      if (attempt === 5) throw error;
    }
    await sleep(2_000);
  }
  throw new Error('the bundles could not be built and copied: another build kept deleting dist/');
}
