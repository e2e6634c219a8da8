/**
 * Signed decision links (issue 24): a token that lets one person take one decision on one gate
 * of one launch, once, until it expires. It is the base64url of its claims, a dot, and the
 * base64url of their HMAC-SHA256 under the service's link secret (`LAUNCHPLAN_LINK_SECRET`), so
 * any host holding the secret checks it without a table. The nonce is derived from the
 * notification and the person, so every host and every resend of a notification gives the same
 * link; the decision written with it has an id derived from the nonce, which is how the log says
 * the link was used.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';

export const LinkDecision = t.keyof({ go: null, 'no-go': null });
export type LinkDecision = t.TypeOf<typeof LinkDecision>;

/** What a link says: whose launch and gate, which decision, who takes it (with their roles), until when, and its nonce. */
const Claims = t.type({
  stream: t.string,
  gate: t.string,
  decision: LinkDecision,
  person: t.string,
  roles: t.array(t.string),
  expires: t.string,
  nonce: t.string,
});
export type LinkClaims = t.TypeOf<typeof Claims>;

/** Why a token is refused: not one the secret signed (401), or past its time (410). */
export type LinkRefusal = { _tag: 'LinkTampered' } | { _tag: 'LinkExpired'; expires: string };

/** The shortest secret links take: 32 characters (a random 24-byte base64 string). */
export const MIN_SECRET_LENGTH = 32;

const mac = (secret: string, text: string): Buffer => createHmac('sha256', secret).update(text).digest();

/**
 * The nonce of the link of `person` for `decision` in the notification `noteId`: the same on every
 * host and every resend, and nobody without the secret can tell it from another's.
 */
export function linkNonce(secret: string, noteId: string, person: string, decision: LinkDecision): string {
  return mac(secret, `nonce\n${noteId}\n${person}\n${decision}`).subarray(0, 18).toString('base64url');
}

/**
 * The token of some claims.
 *
 * @example
 * signLink(secret, { stream: 'go-live', gate: 'gate/go', decision: 'go', person: 'sam', roles: ['lead'], expires: '2026-03-03T08:00:00.000Z', nonce })
 */
export function signLink(secret: string, claims: LinkClaims): string {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/**
 * The claims of a token the secret signed and that has not expired at `now`.
 *
 * @example
 * verifyLink(secret, token, new Date()) // Right(claims) | Left({ _tag: 'LinkTampered' }) | Left({ _tag: 'LinkExpired', … })
 */
export function verifyLink(secret: string, token: string, now: Date): E.Either<LinkRefusal, LinkClaims> {
  const tampered = E.left<LinkRefusal>({ _tag: 'LinkTampered' });
  const match = /^([A-Za-z0-9_-]{1,4096})\.([A-Za-z0-9_-]{43})$/u.exec(token);
  if (!match) return tampered;
  const [, body, signature] = match as unknown as [string, string, string];
  const given = Buffer.from(signature, 'base64url');
  // Only the canonical spelling: base64url's last character has bits a decoder drops.
  if (given.toString('base64url') !== signature) return tampered;
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return tampered;
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return tampered;
  }
  const claims = Claims.decode(data);
  if (E.isLeft(claims)) return tampered;
  const expires = Date.parse(claims.right.expires);
  if (!Number.isFinite(expires) || now.getTime() > expires)
    return E.left({ _tag: 'LinkExpired', expires: claims.right.expires });
  return E.right(claims.right);
}

/** The id of the decision a link writes: derived from its nonce, so a second use is the same event. */
export const linkEventId = (claims: Pick<LinkClaims, 'stream' | 'nonce'>): string =>
  `${claims.stream}:link/${claims.nonce}`;
