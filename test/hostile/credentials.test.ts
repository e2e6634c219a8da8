/**
 * Guessing credentials is hopeless and slow: tokens must hold 128 bits; an address with 50 failed
 * sign-ins or unknown bearer tokens in a minute waits (429 with Retry-After), whatever it sends
 * next, while other addresses go on; and signing in again and again ends only the signer's own
 * oldest sessions. Issue 23: 20,000 wrong guesses at 1,337/s, tokens of 8 characters, and one
 * token signing in 10,001 times signed everyone else out.
 */
import { request } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenTable } from '../../src/service/auth.ts';
import { createSessionTable, SESSION_COOKIE } from '../../src/service/console/sessions.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { startService, TOKENS, type Running } from '../service/harness.ts';

/** A sign-in form post from `localAddress` (any 127.x.y.z is loopback on Linux): its status and Retry-After. */
function signIn(
  run: Running,
  token: string,
  localAddress = '127.0.0.1',
): Promise<{ status: number; retryAfter: string | undefined }> {
  const { hostname, port } = new URL(run.url);
  const body = new URLSearchParams({ token, next: '/launches' }).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        localAddress,
        method: 'POST',
        path: '/login',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          origin: run.url,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const runs: Running[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) await run.close();
});

describe('guessing sign-ins', () => {
  it('should answer the 51st wrong sign-in in a minute from one address with 429, and still let other addresses in', async () => {
    const run = await startService(createMemoryEventStore());
    runs.push(run);
    for (let attempt = 1; attempt <= 50; attempt += 1)
      expect((await signIn(run, `wrong-guess-${attempt}`)).status).toBe(401);
    const refused = await signIn(run, 'wrong-guess-51');
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    // A right guess is not told apart from a wrong one while the address waits.
    expect((await signIn(run, TOKENS.lead)).status).toBe(429);
    expect((await signIn(run, TOKENS.lead, '127.0.0.2')).status).toBe(303);
  });

  it('should turn away an address after 50 unknown bearer tokens, on every route', async () => {
    const run = await startService(createMemoryEventStore());
    runs.push(run);
    for (let attempt = 1; attempt <= 50; attempt += 1)
      expect((await run.request('GET', '/launches', { token: `wrong-bearer-token-${attempt}` })).status).toBe(
        401,
      );
    const refused = await run.request('GET', '/metrics', { token: 'wrong-bearer-token-51' });
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ error: { kind: 'TooManyAttempts' } });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await run.request('GET', '/launches', { token: TOKENS.admin })).status).toBe(429);
  });
});

describe('weak tokens', () => {
  it('should refuse a token whose characters cannot hold 128 bits', () => {
    const table = (token: string) => tokenTable([{ token, actor: 'lea', roles: ['admin'] }]);
    expect(table('s3cret-token')).toMatchObject({ _tag: 'Left', left: { _tag: 'TokenTooWeak', bits: 73 } });
    expect(E.isLeft(table('12345678901234567890'))).toBe(true);
    expect(E.isRight(table('5c1f0d8e2b7a4c9e8f3d6b1a0e7c2f4d'))).toBe(true);
    expect(E.isRight(table('Jf3kQ9zX_2mV8pL1sR6tY0'))).toBe(true);
  });
});

describe('signing in again and again', () => {
  it("should end the signer's own oldest sessions, never anyone else's", () => {
    const sessions = createSessionTable();
    const cookie = (id: string) => `${SESSION_COOKIE}=${id}`;
    const other = sessions.open({ id: 'sam', roles: ['lead'] });
    const first = sessions.open({ id: 'mallory', roles: [] });
    for (let n = 0; n < 10_001; n += 1) sessions.open({ id: 'mallory', roles: [] });
    expect(sessions.find(cookie(other.id))?.actor.id).toBe('sam');
    expect(sessions.find(cookie(first.id))).toBeUndefined();
    expect(sessions.size).toBeLessThanOrEqual(1 + 16);
  });
});
