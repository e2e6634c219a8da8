/**
 * The console's documents around the changing fragment: the page (its style sheet and script
 * are files of the service, so the Content-Security-Policy can forbid anything inline), who is
 * signed in, and the sign-in form, which posts the token in the request body, never in a URL.
 */
import type { Actor } from '../../events/envelope.ts';
import { escapeHtml } from '../statusChart.ts';

export interface ShellOptions {
  title: string;
  /** The launch's paths: its fragment, its event stream (read), where events are posted. */
  urls: { page: string; fragment: string; events: string; post: string };
  /** The signed-in actor and the session's CSRF token, or null for a read-only viewer. */
  session: { actor: Actor; csrf: string } | null;
}

const head = (title: string, extra = ''): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)} · launchplan</title><link rel="icon" href="/assets/favicon.svg"><link rel="stylesheet" href="/assets/console.css"><script src="/assets/console.js" defer></script>${extra}</head>`;

/** Where the sign-in form sends a reader back to. */
export const loginUrl = (next: string): string => `/login?next=${encodeURIComponent(next)}`;

/**
 * The whole page around a fragment.
 *
 * @example
 * renderConsolePage(fragment, { title: plan.title, urls, session: { actor, csrf } })
 */
export function renderConsolePage(fragment: string, options: ShellOptions): string {
  const { urls, session } = options;
  const data = `data-fragment="${escapeHtml(urls.fragment)}" data-events="${escapeHtml(urls.events)}" data-post="${escapeHtml(urls.post)}"`;
  return `${head(options.title, csrfMeta(session))}<body ${data}><main>${nav(session, urls.page)}<div id="status">${fragment}</div><p id="live">connecting…</p></main></body></html>`;
}

/**
 * The overview of every launch (`/`), with who is signed in.
 *
 * @example
 * renderOverviewPage(renderOverview(rows, now), { actor, csrf })
 */
export function renderOverviewPage(content: string, session: ShellOptions['session']): string {
  return `${head('Launches', csrfMeta(session))}<body class="overview"><main>${nav(session, '/', false)}${content}</main></body></html>`;
}

const csrfMeta = (session: ShellOptions['session']): string =>
  session ? `<meta name="csrf-token" content="${escapeHtml(session.csrf)}">` : '';

/** Who is looking (and signing out or in), with a way back to the overview. */
function nav(session: ShellOptions['session'], page: string, home = true): string {
  const back = home ? '<a id="overview-link" href="/">All launches</a>' : '';
  const who = session
    ? `<span>Signed in as <strong id="actor">${escapeHtml(session.actor.id)}</strong>${session.actor.roles.length > 0 ? ` (${escapeHtml(session.actor.roles.join(', '))})` : ''}</span><button type="button" id="sign-out" class="plain">Sign out</button>`
    : `<span>Read only</span><a id="sign-in" href="${escapeHtml(loginUrl(page))}">Sign in</a>`;
  return `<nav class="who">${back}${who}</nav>`;
}

/**
 * The sign-in form. `message` says why a previous attempt failed (never echoing the token).
 *
 * @example
 * renderLoginPage('/launches/go-live/page', null)
 */
export function renderLoginPage(next: string, message: string | null): string {
  const error = message ? `<p class="refusal" id="login-error">${escapeHtml(message)}</p>` : '';
  return `${head('Sign in')}<body><main class="login"><h1>Sign in to the launch console</h1>${error}<form method="post" action="/login"><label>Token <input type="password" name="token" autocomplete="current-password" required></label><input type="hidden" name="next" value="${escapeHtml(next)}"><button type="submit" class="primary">Sign in</button></form><p class="none">Your bearer token is exchanged for a session cookie the page's scripts cannot read; it never goes into a URL.</p></main></body></html>`;
}
