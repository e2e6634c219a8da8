/**
 * Where the console meets the service's request handler: which routes are the console's, which
 * may be asked without signing in, which answers are pages (and get the page's
 * Content-Security-Policy), the console's answers, and writing them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import type { HttpError } from '../reply.ts';
import type { Route } from '../routes.ts';
import { asset } from './assets.ts';
import type { Viewer } from './identify.ts';
import {
  consolePage,
  login,
  loginForm,
  logout,
  mayRead,
  overviewPage,
  type ConsoleContext,
  type PageAnswer,
} from './pages.ts';

const CONSOLE = [
  'Overview',
  'StatusPage',
  'StatusFragment',
  'LoginForm',
  'Login',
  'Logout',
  'Asset',
] as const;

/** A route the console answers. */
export type ConsoleRoute = Extract<Route, { _tag: (typeof CONSOLE)[number] }>;

export const isConsoleRoute = (route: Route): route is ConsoleRoute =>
  (CONSOLE as readonly string[]).includes(route._tag);

/** Routes that render HTML for a browser. */
const PAGES = new Set<string>(['Overview', 'StatusPage', 'StatusFragment', 'LoginForm', 'Login']);

/** Whether a route's answer is a page (stricter framing and script rules apply to all, this picks the policy). */
export const isPage = (route: Route): boolean => PAGES.has(route._tag);

/** Routes for everyone: health, signing in, the page's files. */
const OPEN = new Set<string>(['Health', 'LoginForm', 'Login', 'Logout', 'Asset']);

/** Routes a reader may follow without signing in when the page is public (the pages themselves always answer, with a redirect). */
const READ = new Set<string>(['StatusFragment', 'EventStream']);

/**
 * Whether a viewer may go on to a route: signed in (token or session), or an open route, or a
 * read of the public page.
 */
export function admits(context: Pick<ConsoleContext, 'publicPage'>, route: Route, viewer: Viewer): boolean {
  if (
    viewer.via !== 'anonymous' ||
    OPEN.has(route._tag) ||
    route._tag === 'StatusPage' ||
    route._tag === 'Overview'
  )
    return true;
  return READ.has(route._tag) && mayRead(context, viewer);
}

/** The longest sign-in form body: a token and a path. */
const LOGIN_BYTES = 8 * 1024;

/**
 * The console's answer to one of its routes.
 *
 * @example
 * await consoleAnswer(context, { _tag: 'StatusPage', stream: 'go-live' }, req, url, viewer, readBody)
 */
export async function consoleAnswer(
  context: ConsoleContext,
  route: ConsoleRoute,
  req: IncomingMessage,
  url: URL,
  viewer: Viewer,
  read: (limit: number) => Promise<E.Either<HttpError, Buffer>>,
): Promise<E.Either<HttpError, PageAnswer>> {
  switch (route._tag) {
    case 'Overview':
      return overviewPage(context, viewer);
    case 'StatusPage':
    case 'StatusFragment':
      return consolePage(context, route.stream, viewer, route._tag === 'StatusFragment', url);
    case 'LoginForm':
      return E.right(loginForm(url));
    case 'Login': {
      const body = await read(LOGIN_BYTES);
      return E.isLeft(body) ? body : E.right(login(context, req, body.right));
    }
    case 'Logout':
      return E.right(logout(context, req));
    case 'Asset':
      return asset(route.name, req.headers['if-none-match']);
  }
}

/** Writes a page answer (HEAD gets the headers only, as Node does). */
export function sendPage(res: ServerResponse, answer: PageAnswer): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  res.writeHead(answer.status, {
    'cache-control': 'no-store',
    ...answer.headers,
    ...(answer.body ? { 'content-length': Buffer.byteLength(answer.body) } : {}),
  });
  res.end(answer.body);
}
