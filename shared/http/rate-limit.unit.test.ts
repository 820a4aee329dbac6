import { ConfigError, parseConfig, setConfig } from '../config';
import { clientAddress } from './middlewares/client-key';
import { leaseSize } from './middlewares/rate-limit-leases';
import { buildOpenApi } from './openapi';
import { opsFunction } from './ops';
import { limitedFunction } from './rate-limit.fixtures';
import type { HttpRequest } from './types';

setConfig({ TRUSTED_PROXIES: '10.0.0.1, ::ffff:10.0.0.2, fd00::1, 192.168.0.0/16' });

const limited = limitedFunction();

it('documents 429 on every limited route, and not on the health probes', () => {
  const { paths } = buildOpenApi([limited, opsFunction]);
  const responsesOf = (path: string) => (paths[path]?.get as { responses: Record<string, unknown> }).responses;
  for (const path of ['/open', '/mine', '/manage']) expect(responsesOf(path)).toHaveProperty('429');
  for (const path of ['/healthz', '/readyz']) expect(responsesOf(path)).not.toHaveProperty('429');
});

it('takes a twentieth of the limit at a time from the shared counter', () => {
  expect(leaseSize(200)).toBe(10);
  expect(leaseSize(10)).toBe(1);
});

describe('clientAddress', () => {
  const address = (remoteAddress: string | undefined, forwarded?: string | string[]): string | undefined =>
    clientAddress({ remoteAddress, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } } as HttpRequest);

  it('is the peer when the peer is not a trusted proxy', () => {
    expect(address('203.0.113.1', '192.0.2.1')).toBe('203.0.113.1');
    expect(address('::ffff:203.0.113.1')).toBe('203.0.113.1');
    expect(address('2001:DB8::1', '192.0.2.1')).toBe('2001:db8::1');
  });

  it('walks X-Forwarded-For from the right past trusted proxies, in every address form', () => {
    expect(address('10.0.0.1', '192.0.2.1, 203.0.113.1')).toBe('203.0.113.1');
    expect(address('10.0.0.2', '192.0.2.1, 203.0.113.1, ::ffff:10.0.0.1')).toBe('203.0.113.1');
    expect(address('fd00:0:0::1', '[2001:db8::5]:4711')).toBe('2001:db8::5');
    expect(address('::ffff:10.0.0.1', ['192.0.2.1', '203.0.113.1:8080'])).toBe('203.0.113.1');
    expect(address('::ffff:192.168.7.7', '203.0.113.1, 192.168.1.1')).toBe('203.0.113.1');
  });

  it('reads TRUSTED_PROXIES as addresses and CIDR ranges, and refuses anything else', () => {
    expect(parseConfig({ TRUSTED_PROXIES: ' 10.0.0.1,::1, 10.0.0.0/8,::ffff:10.0.0.2 ' }).TRUSTED_PROXIES).toEqual(['10.0.0.1', '::1', '10.0.0.0/8', '::ffff:10.0.0.2']);
    expect(parseConfig({}).TRUSTED_PROXIES).toEqual([]);
    expect(() => parseConfig({ TRUSTED_PROXIES: '10.0.0.1,proxy.local' })).toThrow(ConfigError);
  });

  it('stays with the last trusted proxy when the header is missing, malformed or all proxies', () => {
    expect(address('10.0.0.1')).toBe('10.0.0.1');
    expect(address('10.0.0.1', '203.0.113.1, nonsense')).toBe('10.0.0.1');
    expect(address('10.0.0.1', '10.0.0.2')).toBe('10.0.0.2');
  });
});
