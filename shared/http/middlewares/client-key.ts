import { BlockList, isIP } from 'node:net';
import type { Caller } from '../../domain/caller';
import { config } from '../../config';
import { memoized } from '../memoized';
import type { HttpRequest } from '../types';

interface Address {
  address: string;
  family: 'ipv4' | 'ipv6';
}

/**
 * An address as a socket or a proxy writes it: `1.2.3.4`, `::ffff:1.2.3.4` (IPv4-mapped, read as `1.2.3.4`),
 * `2001:db8::1`, `[2001:db8::1]:443`, `1.2.3.4:80`. Anything else is undefined.
 */
function parseAddress(text: string): Address | undefined {
  const bare = text.trim().replace(/^\[(.+)\](?::\d+)?$/, '$1').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1');
  const address = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1] ?? bare;
  const version = isIP(address);
  if (version === 4) return { address, family: 'ipv4' };
  if (version === 6) return { address: address.toLowerCase(), family: 'ipv6' };
  return undefined;
}

let trusted: BlockList | undefined;

/** TRUSTED_PROXIES as a BlockList, which compares addresses by value, not by spelling. */
function trustedProxies(): BlockList {
  if (trusted) return trusted;
  trusted = new BlockList();
  for (const entry of config().TRUSTED_PROXIES) {
    const [network = '', prefix] = entry.split('/');
    const parsed = parseAddress(network);
    if (!parsed) continue; // the config schema has already rejected what is not an address
    if (prefix === undefined) trusted.addAddress(parsed.address, parsed.family);
    else trusted.addSubnet(parsed.address, Number(prefix), parsed.family);
  }
  return trusted;
}

const isTrusted = (hop: Address): boolean => trustedProxies().check(hop.address, hop.family);

/** Socket peers seen lately, parsed and checked once: a keep-alive connection sends many requests. */
const peerOf = memoized(10_000, (remoteAddress: string): { peer: Address | undefined; trusted: boolean } => {
  const peer = parseAddress(remoteAddress);
  return { peer, trusted: peer !== undefined && isTrusted(peer) };
});

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the right-most
 * X-Forwarded-For hop that is not itself a trusted proxy (hops left of it can be forged by the client).
 * X-Forwarded-For from an untrusted peer is never read.
 */
export function clientAddress(request: HttpRequest): string | undefined {
  if (request.remoteAddress === undefined) return undefined;
  const { peer, trusted } = peerOf(request.remoteAddress);
  if (!peer || !trusted) return peer?.address ?? request.remoteAddress;
  let client = peer;
  const hops = [request.headers['x-forwarded-for']].flat().join(',').split(',').reverse();
  for (const hop of hops) {
    const address = parseAddress(hop);
    if (!address) break; // a malformed hop: keep the last trusted proxy's address
    client = address;
    if (!isTrusted(address)) break;
  }
  return client.address;
}

/** Whom a request is counted against: the verified token's subject, else the client's address. */
export const clientKey = (caller: Caller, request: HttpRequest): string =>
  caller.sub ? `sub:${caller.sub}` : `ip:${clientAddress(request) ?? 'unknown'}`;
