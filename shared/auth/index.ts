import { webcrypto } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, SignJWT } from 'jose';
import { config } from '../config';
import { type Caller, type Scope, scopes } from '../domain/caller';
import { DomainError } from '../domain/errors';
import { isStorable } from '../domain/storable';
import { setBounded } from '../process/bounded-map';

const unauthenticated = (detail: string): DomainError => new DomainError('unauthenticated', detail);

let remoteKeys: ReturnType<typeof createRemoteJWKSet> | undefined;
let sharedKey: Promise<webcrypto.CryptoKey> | undefined;

/** JWT_SECRET imported once: jose would import a raw secret again for every token it verifies. */
const hmacKey = (): Promise<webcrypto.CryptoKey> =>
  (sharedKey ??= webcrypto.subtle.importKey('raw', new TextEncoder().encode(config().JWT_SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']));

async function verify(token: string) {
  const { JWKS_URL, JWT_ISSUER, JWT_AUDIENCE } = config();
  const options = { issuer: JWT_ISSUER, audience: JWT_AUDIENCE };
  if (JWKS_URL) {
    remoteKeys ??= createRemoteJWKSet(new URL(JWKS_URL));
    return jwtVerify(token, remoteKeys, options);
  }
  return jwtVerify(token, await hmacKey(), { ...options, algorithms: ['HS256'] });
}

/**
 * Tokens verified lately, with who they name, until the token expires but at most a minute: a client
 * sends the same token with every request, and its signature does not change between them. The minute
 * bounds how long a key the provider has withdrawn keeps being honoured.
 */
const verified = new Map<string, { caller: Caller; until: number }>();
const verifiedMax = 10_000;
const verifiedForMs = 60_000;

/** Verifies `Authorization: Bearer <JWT>`; any problem with it is an `unauthenticated` DomainError. */
export async function authenticate(authorization: string | string[] | undefined): Promise<Caller> {
  const match = typeof authorization === 'string' ? /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(authorization) : null;
  if (!match) throw unauthenticated('Send Authorization: Bearer <token>');
  const token = match[1]!;
  const known = verified.get(token);
  if (known && known.until > Date.now()) return known.caller;
  try {
    const { payload } = await verify(token);
    // The subject becomes a customer id in rows and keys: bounded, and text PostgreSQL stores as sent.
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 128 || !isStorable(payload.sub)) {
      throw unauthenticated('The token has no valid subject');
    }
    const granted = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
    const caller: Caller = { sub: payload.sub, scopes: new Set(scopes.filter((scope) => granted.includes(scope))) };
    setBounded(verified, verifiedMax, token, { caller, until: Math.min(Date.now() + verifiedForMs, (payload.exp ?? Infinity) * 1000) });
    return caller;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (error instanceof errors.JOSEError) throw unauthenticated(error.code === 'ERR_JWT_EXPIRED' ? 'The token has expired' : 'The token is not valid');
    throw error;
  }
}

/** Mints a token the way the dev identity provider would (HS256, JWT_SECRET). */
export function signToken(sub: string, granted: Scope[] = [], expiresIn = '1h'): Promise<string> {
  const { JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE } = config();
  return new SignJWT({ ...(granted.length > 0 && { scope: granted.join(' ') }) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(JWT_SECRET));
}
