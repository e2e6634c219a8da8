/**
 * Decision link tokens: what the secret signed comes back as it was, until it expires; any
 * change to a token, or another secret, makes it a tampered one.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { linkNonce, signLink, verifyLink, type LinkClaims } from '../../src/service/links/token.ts';

const SECRET = 'a-link-secret-of-at-least-32-characters';
const NOW = new Date('2026-03-02T08:00:00.000Z');

const claims: fc.Arbitrary<LinkClaims> = fc.record({
  stream: fc.string({ minLength: 1, maxLength: 20 }),
  gate: fc.string({ minLength: 1, maxLength: 40 }),
  decision: fc.constantFrom<'go' | 'no-go'>('go', 'no-go'),
  person: fc.string({ minLength: 1, maxLength: 20 }),
  roles: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }),
  expires: fc
    .integer({ min: 1, max: 48 * 3600 })
    .map((s) => new Date(NOW.getTime() + s * 1000).toISOString()),
  nonce: fc.constant(linkNonce(SECRET, 'checkout:7:gate.waiting:gate/go-no-go', 'ana', 'go')),
});

describe('decision link tokens', () => {
  it('should give back the claims it signed, and refuse them once expired', () => {
    fc.assert(
      fc.property(claims, (signed) => {
        const token = signLink(SECRET, signed);
        expect(verifyLink(SECRET, token, NOW)).toEqual(E.right(signed));
        expect(verifyLink(SECRET, token, new Date(Date.parse(signed.expires) + 1))).toEqual(
          E.left({ _tag: 'LinkExpired', expires: signed.expires }),
        );
      }),
    );
  });

  it('should refuse a token with any character changed, or signed with another secret', () => {
    fc.assert(
      fc.property(claims, fc.nat(), fc.constantFrom('A', 'b', '-', '_', '.', '0'), (signed, at, char) => {
        const token = signLink(SECRET, signed);
        const index = at % token.length;
        fc.pre(token[index] !== char);
        const changed = `${token.slice(0, index)}${char}${token.slice(index + 1)}`;
        expect(verifyLink(SECRET, changed, NOW)).toEqual(E.left({ _tag: 'LinkTampered' }));
        expect(verifyLink('another-secret-of-at-least-32-characters', token, NOW)).toEqual(
          E.left({ _tag: 'LinkTampered' }),
        );
      }),
    );
  });

  it('should give each person and decision their own nonce, the same on every call', () => {
    const nonce = (person: string, decision: 'go' | 'no-go') => linkNonce(SECRET, 'note-1', person, decision);
    expect(nonce('ana', 'go')).toBe(nonce('ana', 'go'));
    expect(new Set([nonce('ana', 'go'), nonce('ana', 'no-go'), nonce('ben', 'go')]).size).toBe(3);
  });
});
