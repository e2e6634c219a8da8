/**
 * The console's routes: the page and its fragment (for the viewer, with controls when signed in),
 * signing in (a token posted in a form body, exchanged for a session cookie) and out, and the
 * page's script and style sheet. Answers are values; the handler writes them.
 */
import type { IncomingMessage } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import { EventLogError, type EventStore } from '../../store/EventStore.ts';
import type { AttemptLimiter } from '../attempts.ts';
import { actorOfToken, type TokenTable } from '../auth.ts';
import { warningsOf } from '../damage.ts';
import { reasonRule } from '../decisionReason.ts';
import type { LaunchRegistry } from '../launches.ts';
import { fromAuthError, fromLaunchError, type HttpError } from '../reply.ts';
import { HISTORY_SHOWN, readHistory } from './history.ts';
import type { Viewer } from './identify.ts';
import { renderConsoleFragment } from './render.ts';
import { overHttps, sameOrigin } from './security.ts';
import { clearedSessionCookie, sessionCookie, type SessionTable } from './sessions.ts';
import { overviewRow, renderOverview, type OverviewRow } from './overview.ts';
import { loginUrl, renderConsolePage, renderLoginPage, renderOverviewPage } from './shell.ts';
import { consoleView } from './view.ts';

/** An HTML (or empty) answer with its headers: a page, a redirect, a cookie being set. */
export interface PageAnswer {
  _tag: 'Page';
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ConsoleContext {
  launches: LaunchRegistry;
  store: EventStore;
  tokens: TokenTable;
  sessions: SessionTable;
  sessionTtlMs: number;
  /** Anyone may read the page, its fragment and its event stream, without signing in. */
  publicPage: boolean;
  /** Every go/no-go must give a reason (the service's option; a plan may also ask). */
  requireDecisionReason: boolean;
  /** The service's clock: the overview's time to go-live. */
  clock: () => Date;
  /** Failed sign-ins by client address, and the address of a request. */
  attempts: AttemptLimiter;
  addressOf: (req: IncomingMessage) => string;
}

const html = (status: number, body: string, headers: Record<string, string> = {}): PageAnswer => ({
  _tag: 'Page',
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
  body,
});
const redirect = (location: string, headers: Record<string, string> = {}): PageAnswer => ({
  _tag: 'Page',
  status: 303,
  headers: { location, ...headers },
  body: '',
});

/** Whether a viewer may read a launch's page, fragment and live events. */
export const mayRead = (context: Pick<ConsoleContext, 'publicPage'>, viewer: Viewer): boolean =>
  viewer.via !== 'anonymous' || context.publicPage;

/**
 * `GET /launches/:stream/page` and `/page/fragment`: the console for this viewer.
 *
 * @example
 * await consolePage(context, 'go-live', viewer, false, url) // Right({ _tag: 'Page', status: 200, … })
 */
export async function consolePage(
  context: ConsoleContext,
  stream: string,
  viewer: Viewer,
  fragmentOnly: boolean,
  url: URL,
): Promise<E.Either<HttpError, PageAnswer>> {
  if (!mayRead(context, viewer))
    return fragmentOnly
      ? E.left(fromAuthError({ _tag: 'MissingToken' }))
      : E.right(redirect(loginUrl(url.pathname)));
  const launch = await context.launches.fresh(stream);
  if (E.isLeft(launch)) return E.left(fromLaunchError(launch.left));
  const base = `/launches/${encodeURIComponent(stream)}`;
  const all = url.searchParams.get('history') === 'all';
  const view = consoleView(
    launch.right,
    viewer.via === 'anonymous' ? null : { actor: viewer.actor, canAct: viewer.via === 'session' },
    { reasonRequired: reasonRule(launch.right.plan, context.requireDecisionReason) !== null },
  );
  const rows = await readHistory(
    context.store,
    stream,
    launch.right.version,
    all ? null : HISTORY_SHOWN,
    view.checklist,
  ).catch((error: unknown) => {
    // A damaged log still shows what its snapshot knows, with the warning, without its history.
    if (!(error instanceof EventLogError)) throw error;
    context.launches.damage.note(error.issue);
    return [];
  });
  const fragment = renderConsoleFragment(
    launch.right.plan,
    view,
    rows,
    launch.right.version,
    `${base}/page?history=all`,
    warningsOf(context.launches.damage.of(stream)).warnings ?? [],
  );
  if (fragmentOnly) return E.right(html(200, fragment));
  const urls = {
    page: `${base}/page`,
    fragment: `${base}/page/fragment${all ? '?history=all' : ''}`,
    events: `${base}/events`,
    post: `${base}/events`,
  };
  const session = viewer.via === 'session' ? { actor: viewer.actor, csrf: viewer.session.csrf } : null;
  return E.right(html(200, renderConsolePage(fragment, { title: launch.right.plan.title, urls, session })));
}

/** How old a launch's last catch-up may be in the overview (a launch's own page is always caught up). */
const OVERVIEW_MAX_AGE_MS = 2000;

/**
 * `GET /`: every launch, where it stands, its next gate, time to go-live and overdue steps.
 *
 * @example
 * await overviewPage(context, viewer) // Right({ _tag: 'Page', status: 200, … }) or a redirect to sign in
 */
export async function overviewPage(
  context: ConsoleContext,
  viewer: Viewer,
): Promise<E.Either<HttpError, PageAnswer>> {
  if (!mayRead(context, viewer)) return E.right(redirect(loginUrl('/')));
  const rows: OverviewRow[] = [];
  for (const stream of await context.launches.list()) {
    // Each launch is work on the event loop: other requests get their turn in between.
    await new Promise((resolve) => setImmediate(resolve));
    const launch = await context.launches.fresh(stream, OVERVIEW_MAX_AGE_MS);
    rows.push(
      E.isRight(launch)
        ? overviewRow(
            stream,
            launch.right.plan.title,
            launch.right.checklist(),
            launch.right.snapshot().context.started?.goLiveAt ?? null,
          )
        : { _tag: 'Unreadable', stream, message: fromLaunchError(launch.left).message },
    );
  }
  const session = viewer.via === 'session' ? { actor: viewer.actor, csrf: viewer.session.csrf } : null;
  return E.right(html(200, renderOverviewPage(renderOverview(rows, context.clock()), session)));
}

/** Where to go after signing in: a path of this service only (never another site); the overview by default. */
export function safeNext(next: string | null): string {
  return next !== null && /^\/(launches(\/[A-Za-z0-9_.~%-]+)*\/?)?$/.test(next) ? next : '/';
}

/** `GET /login?next=`: the sign-in form. */
export const loginForm = (url: URL): PageAnswer =>
  html(200, renderLoginPage(safeNext(url.searchParams.get('next')), null));

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * `POST /login` (a form: `token`, `next`): opens a session and sends the browser on with its
 * cookie. The form must come from this origin, so no other site can sign a browser in as
 * someone else; an address with too many failed sign-ins waits (429) before it may try again.
 */
export function login(context: ConsoleContext, req: IncomingMessage, body: Buffer): PageAnswer {
  const form = new URLSearchParams(body.toString('utf8'));
  const next = safeNext(form.get('next'));
  if (!sameOrigin(header(req, 'origin'), header(req, 'host')))
    return html(403, renderLoginPage(next, 'Sign in from this service’s own page.'));
  const address = context.addressOf(req);
  const waitMs = context.attempts.waitMs(address);
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return html(
      429,
      renderLoginPage(next, `Too many failed sign-ins from this address: try again in ${seconds} s.`),
      { 'retry-after': String(seconds) },
    );
  }
  const actor = actorOfToken(context.tokens, form.get('token') ?? '');
  if (E.isLeft(actor)) {
    context.attempts.failed(address);
    return html(401, renderLoginPage(next, 'Unknown token.'));
  }
  const { id } = context.sessions.open(actor.right);
  return redirect(next, {
    'set-cookie': sessionCookie(id, {
      secure: overHttps(isEncrypted(req), req.headers['x-forwarded-proto']),
      maxAgeMs: context.sessionTtlMs,
    }),
  });
}

/** `POST /logout`: ends the session (the identification checked its CSRF token). */
export function logout(context: ConsoleContext, req: IncomingMessage): PageAnswer {
  context.sessions.close(header(req, 'cookie'));
  return {
    _tag: 'Page',
    status: 204,
    headers: {
      'set-cookie': clearedSessionCookie(overHttps(isEncrypted(req), req.headers['x-forwarded-proto'])),
    },
    body: '',
  };
}

const isEncrypted = (req: IncomingMessage): boolean =>
  Boolean((req.socket as { encrypted?: boolean }).encrypted);
