import { SignJWT } from 'jose';
import { config } from '../config';
import { DomainError } from '../domain/errors';
import { problemOf } from '../http/problem';
import { authenticate, signToken } from './index';

/** A dev token (HS256, JWT_SECRET) for `sub` that expires at `exp` (seconds since the epoch). */
function tokenExpiringAt(sub: string, exp: number): Promise<string> {
  const { JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE } = config();
  return new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuer(JWT_ISSUER).setAudience(JWT_AUDIENCE).setExpirationTime(exp).sign(new TextEncoder().encode(JWT_SECRET));
}

const detailOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof DomainError ? `${problemOf(error).status} ${error.message}` : String(error)),
  );

describe('authenticate', () => {
  it('names the caller and the scopes its token grants', async () => {
    const caller = await authenticate(`Bearer ${await signToken('customer-1', ['admin'])}`);
    expect(caller.sub).toBe('customer-1');
    expect([...caller.scopes]).toEqual(['admin']);
  });

  it('names the same caller again for the same token', async () => {
    const header = `Bearer ${await signToken('customer-2')}`;
    expect((await authenticate(header)).sub).toBe('customer-2');
    expect((await authenticate(header)).sub).toBe('customer-2');
  });

  it('refuses a token whose signature was changed, after the genuine one was accepted', async () => {
    const token = await signToken('customer-3');
    await authenticate(`Bearer ${token}`);
    const [header, payload] = token.split('.');
    expect(await detailOf(authenticate(`Bearer ${header}.${payload}.${Buffer.from('forged').toString('base64url')}`))).toBe('401 The token is not valid');
  });

  it.each([
    ['empty', ''],
    ['longer than 128 characters', 'c'.repeat(129)],
    ['holding a NUL', 'customer\u0000-1'],
    ['holding an unpaired surrogate', 'customer-\ud800'],
  ])('refuses a genuine token whose subject is %s: it would become a customer id', async (_label, sub) => {
    const token = await tokenExpiringAt(sub, Math.floor(Date.now() / 1000) + 60);
    expect(await detailOf(authenticate(`Bearer ${token}`))).toBe('401 The token has no valid subject');
  });

  it('refuses an expired token', async () => {
    const token = await tokenExpiringAt('customer-4', Math.floor(Date.now() / 1000) - 10);
    expect(await detailOf(authenticate(`Bearer ${token}`))).toBe('401 The token has expired');
  });

  it('stops accepting a token once it expires, though it was accepted before', async () => {
    jest.useFakeTimers();
    try {
      const token = await tokenExpiringAt('customer-5', Math.floor(Date.now() / 1000) + 1);
      expect((await authenticate(`Bearer ${token}`)).sub).toBe('customer-5');
      jest.advanceTimersByTime(2_100);
      expect(await detailOf(authenticate(`Bearer ${token}`))).toBe('401 The token has expired');
    } finally {
      jest.useRealTimers();
    }
  });
});
