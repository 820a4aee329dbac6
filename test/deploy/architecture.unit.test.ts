// docs/architecture.png is rendered from docs/architecture.dot, which follows the definitions.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deployedFunctions } from '../../scripts/gen-knative';
import { architectureDot, dotFile, pngFile } from '../../scripts/render-architecture';
import { root } from './support';

describe('the architecture diagram', () => {
  const dot = readFileSync(path.join(root, dotFile), 'utf8');

  it('has a source that matches the definitions (npm run render:architecture)', () => {
    expect(dot).toBe(architectureDot());
  });

  it('shows every function, the gateway, the exchange, queues, DLQs, Redis, the poolers, primary and replicas, and the provider', () => {
    for (const fn of deployedFunctions()) expect(dot).toContain(`"${fn.name}"`);
    for (const part of ['Envoy Gateway', 'kourier-internal', 'brisk.events', '.dlq', 'RabbitmqSource', 'PingSource', 'Redis', 'brisk-db-pooler-rw', 'brisk-db-pooler-ro', 'PostgreSQL primary', 'replica 1', 'replica 2', 'Payment provider']) {
      expect(dot).toContain(part);
    }
  });

  it('is rendered as a PNG', () => {
    const png = readFileSync(path.join(root, pngFile));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBeGreaterThan(1000);
  });
});
