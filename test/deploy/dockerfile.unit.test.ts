// The container images' recipe, without a Docker engine: the Dockerfile's stages and what .dockerignore
// lets into the build context. (Each image's payload, run as its container runs it: images.test.ts.)
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { deployedFunctions } from '../../scripts/gen-knative';
import { filesUnder, root } from './support';

const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)\s+AS\s+(\S+)/gm)].map((match) => ({ from: match[1]!, name: match[2]! }));
const stage = (name: string) => {
  const start = dockerfile.search(new RegExp(`^FROM\\s+\\S+\\s+AS\\s+${name}\\s*$`, 'm'));
  const next = dockerfile.slice(start + 1).search(/^FROM\s/m);
  return dockerfile.slice(start, next === -1 ? undefined : start + 1 + next);
};

/** .dockerignore as Docker reads it: Go path patterns with `**`, later lines win, `!` re-includes. */
function dockerignored(): (file: string) => boolean {
  const rules = readFileSync(path.join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const pattern = path.posix.normalize(negated ? line.slice(1) : line).replace(/^\//, '');
      const source = pattern
        .split('/')
        .map((part) => (part === '**' ? '.*' : part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')))
        .join('/')
        .replace(/\.\*\//g, '(.*/)?');
      return { negated, regex: new RegExp(`^${source}(/.*)?$`) };
    });
  return (file) => rules.reduce((ignored, rule) => (rule.regex.test(file) ? !rule.negated : ignored), false);
}

describe('Dockerfile', () => {
  it('is valid: instructions, flags, arguments (dockerfile-utils, the Docker language service’s validator)', () => {
    const problems = lintDockerfile(dockerfile).map((problem) => `line ${problem.range.start.line + 1}: ${problem.message}`);
    expect(problems).toEqual([]);
  });

  it('has the bundles stage, a stage selecting one function, and the function, setup and payment-sandbox targets', () => {
    expect(stages.map((entry) => entry.name)).toEqual(['bundles', 'selected', 'runtime', 'function', 'setup', 'payment-sandbox']);
  });

  it('bundles with npm run build and the setup build script, on Node 20', () => {
    expect(stages[0]!.from).toBe('node:${NODE_MAJOR}-bookworm-slim');
    expect(dockerfile).toMatch(/^ARG NODE_MAJOR=20$/m);
    expect(stage('bundles')).toContain('RUN npm ci');
    expect(stage('bundles')).toContain('npm run build && node scripts/knative/build-setup.mjs');
  });

  it('runs on distroless Node 20 as a non-root user, holding one bundle folder and nothing else', () => {
    expect(stages.find((entry) => entry.name === 'runtime')!.from).toBe('gcr.io/distroless/nodejs${NODE_MAJOR}-debian12:nonroot');
    expect(stage('runtime')).toMatch(/^USER 65532:65532$/m);
    expect(stage('selected')).toContain('cp -R "dist/functions/${FUNCTION}/." /out/');
    expect(stage('function')).toContain('COPY --from=selected --chown=65532:65532 /out/ /app/');
    expect(stage('setup')).toContain('COPY --from=bundles --chown=65532:65532 /src/dist/setup/ /app/');
    expect(stage('payment-sandbox')).toContain('COPY --from=bundles --chown=65532:65532 /src/dist/payment-sandbox/ /app/');
    for (const target of ['function', 'setup', 'payment-sandbox']) expect(stage(target)).toMatch(/^CMD \["index\.js"\]$/m);
    expect(dockerfile).not.toMatch(/^ENV\s+PORT/m);
  });

  it('gets a build context with exactly what the bundles stage copies', () => {
    const ignored = dockerignored();
    const needed = ['package.json', 'package-lock.json', 'esbuild.config.mjs', 'tsconfig.json', 'scripts/knative/build-setup.mjs', 'scripts/deploy-setup.ts'];
    needed.push(...filesUnder(path.join(root, 'shared/db/migrations')), ...deployedFunctions().map((fn) => `functions/${fn.name}/function.ts`));
    expect(needed.filter(ignored)).toEqual([]);
    const excluded = ['node_modules/zod/package.json', 'dist/functions/products-get/index.js', '.git/HEAD', 'knative/kustomization.yaml', 'docs/deploy.md', 'test/global-setup.ts', 'functions/products-get/products-get.test.ts', 'shared/config/config.unit.test.ts', 'README.md'];
    expect(excluded.filter((file) => !ignored(file))).toEqual([]);
    for (const copied of [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) => match[1]!.split(/\s+/))) {
      expect([copied, existsSync(path.join(root, copied))]).toEqual([copied, true]);
      // A directory goes in whole (but for its tests): Docker descends into it for the `!dir/**` exception.
      const files = statSync(path.join(root, copied)).isDirectory() ? filesUnder(path.join(root, copied)) : [copied];
      expect(files.filter((file) => !file.endsWith('.test.ts') && ignored(file))).toEqual([]);
    }
  });
});
