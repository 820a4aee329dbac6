// docs/deploy.md stays in step with what it describes: one Knative version for the four Knative pieces,
// the commands it names exist, and the manifests it points at are there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exists, root } from './support';

const guide = readFileSync(path.join(root, 'docs/deploy.md'), 'utf8');
const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('docs/deploy.md', () => {
  it('installs Serving, net-kourier, Eventing and eventing-rabbitmq at one Knative version', () => {
    const versions = new Set([...guide.matchAll(/releases\/download\/knative-(v\d+\.\d+\.\d+)\//g)].map((match) => match[1]));
    expect([...versions]).toHaveLength(1);
    for (const component of ['knative/serving', 'knative-extensions/net-kourier', 'knative/eventing', 'knative-extensions/eventing-rabbitmq']) {
      expect(guide).toContain(`github.com/${component}/releases/download/knative-`);
    }
  });

  it('names npm scripts that exist and files that exist', () => {
    for (const [, script] of guide.matchAll(/npm run (?:--silent )?([\w:-]+)/g)) expect(Object.keys(scripts)).toContain(script);
    for (const [, file] of guide.matchAll(/`((?:knative|scripts|docs)\/[\w./-]+\.(?:ya?ml|ts|mjs|png|dot))`/g)) expect([file, exists(file!)]).toEqual([file, true]);
  });
});
