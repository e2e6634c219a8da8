/**
 * Bearer tokens → actors. The service is configured with a list of tokens, each naming the actor
 * it stands for and that actor's roles; a request is authenticated by its `Authorization: Bearer`
 * header (browsers sign in to the console instead: `console/sessions.ts`; a token is never taken
 * from a URL). Tokens are looked up by their SHA-256 digest, so the
 * comparison does not depend on how many leading characters of a guess are right, and a token
 * must be long enough to hold 128 bits (`tokenBits`), so that guessing is hopeless.
 */
import { createHash } from 'node:crypto';
import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../events/envelope.ts';
import * as SecretConfig from './secretConfig.ts';

/** One configured token: the secret, who it is, and what roles it carries. */
export const TokenEntry = t.type(
  { token: t.string, actor: t.string, roles: t.array(t.string) },
  'TokenEntry',
);
export type TokenEntry = t.TypeOf<typeof TokenEntry>;

/** The token file: `{ "tokens": [ { "token": "…", "actor": "lea", "roles": ["admin"] } ] }` or just the array. */
export const TokenFile = t.union([t.type({ tokens: t.array(TokenEntry) }), t.array(TokenEntry)], 'TokenFile');

/** Tokens by the hex SHA-256 of the secret. */
export type TokenTable = ReadonlyMap<string, Actor>;

/**
 * Why a token configuration is refused. It never carries a token's text: configuration errors
 * are printed and logged, secrets must not be.
 */
export type TokenConfigError =
  | { _tag: 'NoTokens' }
  | SecretConfig.ConfigError<'Tokens'>
  | { _tag: 'TokenTooWeak'; origin: string; index: number; actor: string; bits: number }
  | { _tag: 'TokenRepeated'; origin: string; index: number; actor: string };

/** The text of a token configuration error (no secret in it). */
export function formatTokenConfigError(error: TokenConfigError): string {
  switch (error._tag) {
    case 'NoTokens':
      return 'no tokens: give --tokens <file> or set LAUNCHPLAN_TOKENS (see docs/service.md)';
    case 'TokensUnreadable':
    case 'TokensNotJson':
    case 'TokensInvalid':
      return SecretConfig.format(error, 'the token file');
    case 'TokenTooWeak':
      return `${error.origin}: tokens[${error.index}] (${error.actor}): its characters hold at most ${error.bits} bits, ${MIN_TOKEN_BITS} are needed: use 32 random hex digits or more (openssl rand -hex 32)`;
    case 'TokenRepeated':
      return `${error.origin}: tokens[${error.index}] (${error.actor}): the same token is given twice`;
  }
}

/** Why a request is not authenticated or not authorised. */
export type AuthError =
  | { _tag: 'MissingToken' }
  | { _tag: 'UnknownToken' }
  | { _tag: 'Forbidden'; actor: string; needs: readonly string[]; action: string };

/** Role names that grant the service's own permissions (the runtime checks item owners itself). */
export const SERVICE_ROLES = {
  /** may create launches and do anything the runtime allows an admin */
  admin: 'admin',
  /** may post Alertmanager webhooks */
  alerts: 'alertmanager',
  /** may post JUnit reports (also the runtime's role for test results) */
  ci: 'ci',
  /** may create launches */
  launcher: 'launcher',
} as const;

/** The least a token's characters must be able to hold, in bits. */
const MIN_TOKEN_BITS = 128;

/** Character classes and how many characters each holds (anything else counts as one of 64). */
const CLASSES: readonly [RegExp, number][] = [
  [/[a-z]/, 26],
  [/[A-Z]/, 26],
  [/[0-9]/, 10],
  [/[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/, 32],
  [/[^\x21-\x7e]/, 64],
];

/**
 * The most entropy a token's characters could hold: its length times log2 of the alphabet its
 * character classes span. An upper bound (a token of one repeated letter scores as if random),
 * and a floor on what can be checked at all: 32 hex digits or 22 base64url characters reach 128.
 *
 * @example
 * tokenBits('0123456789abcdef0123456789abcdef') // 165 (lower case and digits: 36 symbols)
 * tokenBits('s3cret-token')                     // 73
 */
function tokenBits(token: string): number {
  const alphabet = CLASSES.reduce((size, [pattern, count]) => (pattern.test(token) ? size + count : size), 0);
  return Math.floor([...token].length * Math.log2(Math.max(alphabet, 1)));
}

const digest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Builds the lookup table of a token list. Refuses weak (under 128 bits) and duplicated secrets.
 *
 * @example
 * const table = tokenTable([{ token: '5c1f0d8e2b7a4c9e8f3d6b1a0e7c2f4d', actor: 'lea', roles: ['admin'] }]);
 * if (E.isRight(table)) authenticate(table.right, 'Bearer 5c1f0d8e2b7a4c9e8f3d6b1a0e7c2f4d') // Right({ id: 'lea', roles: ['admin'] })
 */
export function tokenTable(
  entries: readonly TokenEntry[],
  origin = 'tokens',
): E.Either<TokenConfigError, TokenTable> {
  const table = new Map<string, Actor>();
  for (const [index, entry] of entries.entries()) {
    const bits = tokenBits(entry.token);
    if (bits < MIN_TOKEN_BITS)
      return E.left({ _tag: 'TokenTooWeak', origin, index, actor: entry.actor, bits });
    const key = digest(entry.token);
    if (table.has(key)) return E.left({ _tag: 'TokenRepeated', origin, index, actor: entry.actor });
    table.set(key, { id: entry.actor, roles: [...entry.roles] });
  }
  return E.right(table);
}

/**
 * Reads a token configuration (JSON text, as in a file or the `LAUNCHPLAN_TOKENS` variable).
 *
 * @example
 * parseTokens('[{"token":"5c1f0d8e2b7a4c9e8f3d6b1a0e7c2f4d","actor":"ci-bot","roles":["ci"]}]') // Right(Map(1))
 */
export function parseTokens(text: string, origin = 'tokens'): E.Either<TokenConfigError, TokenTable> {
  const decoded = SecretConfig.decodeJson(TokenFile, text);
  if (E.isLeft(decoded)) return E.left(SecretConfig.errorOf('Tokens', origin, decoded.left));
  return tokenTable(Array.isArray(decoded.right) ? decoded.right : decoded.right.tokens, origin);
}

/**
 * Loads the tokens from a file when a path is given, else from `LAUNCHPLAN_TOKENS` (JSON text).
 *
 * @example
 * const tokens = await loadTokens({ file: 'tokens.json' });
 */
export async function loadTokens(options: {
  file?: string;
  env?: NodeJS.ProcessEnv;
}): Promise<E.Either<TokenConfigError, TokenTable>> {
  if (options.file !== undefined) {
    const text = await SecretConfig.readText(options.file);
    return E.isLeft(text)
      ? E.left(SecretConfig.errorOf('Tokens', options.file, text.left))
      : parseTokens(text.right, options.file);
  }
  const text = (options.env ?? process.env)['LAUNCHPLAN_TOKENS'];
  if (text === undefined || text.trim() === '') return E.left({ _tag: 'NoTokens' });
  return parseTokens(text, 'LAUNCHPLAN_TOKENS');
}

/**
 * The actor of an `Authorization` header value.
 *
 * @example
 * authenticate(table, 'Bearer s3cret') // Right(actor) | Left({ _tag: 'UnknownToken' })
 */
export function authenticate(table: TokenTable, header: string | undefined): E.Either<AuthError, Actor> {
  const token = header !== undefined ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
  if (token === undefined) return E.left({ _tag: header === undefined ? 'MissingToken' : 'UnknownToken' });
  return actorOfToken(table, token);
}

/** The actor of a bare token (typed into the console's sign-in form). */
export function actorOfToken(table: TokenTable, token: string): E.Either<AuthError, Actor> {
  const actor = table.get(digest(token));
  return actor ? E.right(actor) : E.left({ _tag: 'UnknownToken' });
}

/** The actor, when it holds one of the roles (or admin), else the refusal. */
export function requireRole(
  actor: Actor,
  roles: readonly string[],
  action: string,
): E.Either<AuthError, Actor> {
  const held = new Set(actor.roles.map((role) => role.trim().toLowerCase()));
  const needs = [...roles, SERVICE_ROLES.admin];
  return needs.some((role) => held.has(role))
    ? E.right(actor)
    : E.left({ _tag: 'Forbidden', actor: actor.id, needs, action });
}

/** The text of an authentication or authorisation failure. */
export function formatAuthError(error: AuthError): string {
  switch (error._tag) {
    case 'MissingToken':
      return 'missing bearer token: send "Authorization: Bearer <token>"';
    case 'UnknownToken':
      return 'unknown or malformed bearer token';
    case 'Forbidden':
      return `${error.actor} may not ${error.action}: it needs one of the roles ${error.needs.join(', ')}`;
  }
}
