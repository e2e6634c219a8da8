/**
 * Who is asking: a program with a bearer token, a browser signed in to the console (its session
 * cookie), or nobody. Tokens are refused in URLs (they end up in logs, history and Referer
 * headers). A browser's writes must carry the session's CSRF token and come from this origin.
 */
import type { IncomingMessage } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../../events/envelope.ts';
import { authenticate, type AuthError, type TokenTable } from '../auth.ts';
import { fromAuthError, type HttpError } from '../reply.ts';
import { csrfMatches, type Session, type SessionTable } from './sessions.ts';
import { sameOrigin } from './security.ts';

/** The one who asks, and how they proved it. */
export type Viewer =
  { via: 'bearer'; actor: Actor } | { via: 'session'; actor: Actor; session: Session } | { via: 'anonymous' };

/** Why a request is refused before any route runs. */
export type IdentifyError =
  | AuthError
  | { _tag: 'TokenInUrl'; parameter: string }
  | { _tag: 'CrossSiteWrite'; origin: string }
  | { _tag: 'MissingCsrfToken' };

/** Query parameters that would carry a secret in a URL. */
const SECRET_PARAMETERS = ['access_token', 'token'];

/** Methods that change nothing: no CSRF check. */
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Identifies a request.
 *
 * @example
 * identify(tokens, sessions, req, url) // Right({ via: 'session', actor, session }) | Left({ _tag: 'TokenInUrl', … })
 *
 * `useSession` false ignores a session cookie (signing in again needs no CSRF token).
 */
export function identify(
  tokens: TokenTable,
  sessions: SessionTable,
  req: IncomingMessage,
  url: URL,
  useSession = true,
): E.Either<IdentifyError, Viewer> {
  const parameter = SECRET_PARAMETERS.find((name) => url.searchParams.has(name));
  if (parameter !== undefined) return E.left({ _tag: 'TokenInUrl', parameter });
  const authorization = header(req, 'authorization');
  if (authorization !== undefined)
    return E.map((actor: Actor): Viewer => ({ via: 'bearer', actor }))(authenticate(tokens, authorization));
  const session = useSession ? sessions.find(header(req, 'cookie')) : undefined;
  if (!session) return E.right({ via: 'anonymous' });
  if (!SAFE.has(req.method ?? 'GET')) {
    const origin = header(req, 'origin');
    if (!sameOrigin(origin, header(req, 'host')))
      return E.left({ _tag: 'CrossSiteWrite', origin: origin ?? '' });
    if (!csrfMatches(session, header(req, 'x-csrf-token'))) return E.left({ _tag: 'MissingCsrfToken' });
  }
  return E.right({ via: 'session', actor: session.actor, session });
}

/** The actor of a viewer that must be signed in, or the 401 a program would get without a token. */
export function signedIn(viewer: Viewer): E.Either<AuthError, Actor> {
  return viewer.via === 'anonymous' ? E.left({ _tag: 'MissingToken' }) : E.right(viewer.actor);
}

/** The answer for a refused identification. */
export function fromIdentifyError(error: IdentifyError): HttpError {
  switch (error._tag) {
    case 'TokenInUrl':
      return {
        status: 400,
        kind: 'TokenInUrl',
        message: `?${error.parameter}= is refused: a token in a URL leaks into logs and history; send "Authorization: Bearer <token>", or sign in at /login`,
      };
    case 'CrossSiteWrite':
      return {
        status: 403,
        kind: 'CrossSiteWrite',
        message: `a write from another origin (${error.origin}) is refused`,
      };
    case 'MissingCsrfToken':
      return {
        status: 403,
        kind: 'MissingCsrfToken',
        message: 'a write from the console needs its X-CSRF-Token header: reload the page',
      };
    default:
      return fromAuthError(error);
  }
}
