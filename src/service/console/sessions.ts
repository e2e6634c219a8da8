/**
 * Console sessions: signing in exchanges a bearer token for an opaque session id held in an
 * HttpOnly cookie, so the token is typed once and never sits in a URL, the page's script or the
 * browser history. The server keeps the session (the token's actor and a CSRF token) in memory:
 * a restart signs everyone out, and signing out ends the session for good. Each actor holds at
 * most `perActor` sessions: signing in again ends that actor's oldest, never anyone else's (issue
 * 23: one token signing in 10,001 times signed everyone out), so the table holds at most that many
 * per configured actor.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { Actor } from '../../events/envelope.ts';

/** The session cookie's name. */
export const SESSION_COOKIE = 'launchplan_session';

/** A signed-in browser: who it acts as, the token its script must echo on writes, when it ends. */
export interface Session {
  readonly actor: Actor;
  /** Sent back by the console's script in `X-CSRF-Token` on every write. */
  readonly csrf: string;
  readonly expiresAt: number;
}

export interface SessionTable {
  /** Opens a session for an actor; the id goes into the cookie, only its digest is kept. */
  open(actor: Actor): { id: string; session: Session };
  /** The live session of a `Cookie` header, if any. */
  find(cookieHeader: string | undefined): Session | undefined;
  /** Ends the session of a `Cookie` header. */
  close(cookieHeader: string | undefined): void;
  readonly size: number;
}

export interface SessionOptions {
  /** How long a session lasts (default 12 h: a launch day). */
  ttlMs?: number;
  /** Sessions one actor may hold at once (default 16): its oldest goes first. */
  perActor?: number;
  now?: () => number;
}

const digest = (id: string): string => createHash('sha256').update(id, 'utf8').digest('hex');
const secret = (): string => randomBytes(32).toString('base64url');

/**
 * A table of sessions in memory.
 *
 * @example
 * const sessions = createSessionTable();
 * const { id } = sessions.open({ id: 'lea', roles: ['lead'] });
 * res.setHeader('set-cookie', sessionCookie(id, { secure: false, maxAgeMs: 12 * 3600_000 }));
 */
export function createSessionTable(options: SessionOptions = {}): SessionTable {
  const ttlMs = options.ttlMs ?? 12 * 60 * 60 * 1000;
  const perActor = options.perActor ?? 16;
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Session>();
  /** The session keys of each actor, oldest first. */
  const byActor = new Map<string, string[]>();
  const forget = (key: string): void => {
    const session = sessions.get(key);
    if (!session) return;
    sessions.delete(key);
    const keys = (byActor.get(session.actor.id) ?? []).filter((held) => held !== key);
    if (keys.length === 0) byActor.delete(session.actor.id);
    else byActor.set(session.actor.id, keys);
  };
  const keyOf = (cookieHeader: string | undefined): string | undefined => {
    const id = cookieHeader === undefined ? undefined : parseCookie(cookieHeader)[SESSION_COOKIE];
    return id ? digest(id) : undefined;
  };
  return {
    open(actor) {
      const id = secret();
      const session: Session = { actor, csrf: secret(), expiresAt: now() + ttlMs };
      const key = digest(id);
      const held = (byActor.get(actor.id) ?? []).filter((other) => {
        const live = (sessions.get(other)?.expiresAt ?? 0) > now();
        if (!live) sessions.delete(other);
        return live;
      });
      while (held.length >= perActor) sessions.delete(held.shift() as string);
      held.push(key);
      byActor.set(actor.id, held);
      sessions.set(key, session);
      return { id, session };
    },
    find(cookieHeader) {
      const key = keyOf(cookieHeader);
      const session = key === undefined ? undefined : sessions.get(key);
      if (session && session.expiresAt <= now()) {
        forget(key as string);
        return undefined;
      }
      return session;
    },
    close(cookieHeader) {
      const key = keyOf(cookieHeader);
      if (key !== undefined) forget(key);
    },
    get size() {
      return sessions.size;
    },
  };
}

/**
 * The `Set-Cookie` value of a session. HttpOnly: the page's script never sees it. SameSite=Lax:
 * a link from a chat message or a notification opens the console signed in (Strict would show
 * it signed out), while cross-site POSTs carry no cookie; writes are also checked by CSRF token
 * and Origin (`checkWrite`). Secure whenever the request came over HTTPS.
 */
export function sessionCookie(id: string, options: { secure: boolean; maxAgeMs: number }): string {
  return stringifySetCookie(SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: options.secure,
    maxAge: Math.floor(options.maxAgeMs / 1000),
  });
}

/** The `Set-Cookie` value that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return stringifySetCookie(SESSION_COOKIE, '', {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure,
    maxAge: 0,
  });
}

/** Whether a CSRF token sent by the page is the session's (compared in constant time). */
export function csrfMatches(session: Session, sent: string | undefined): boolean {
  if (sent === undefined) return false;
  const a = Buffer.from(session.csrf);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}
