/**
 * The pages a decision link opens: the confirmation (a GET changes nothing: chat previews and
 * mail scanners follow links), what was recorded, and why a link is refused. Plain HTML with the
 * console's style sheet and no script.
 */
import type { PageAnswer } from '../console/pages.ts';
import { escapeHtml } from '../statusChart.ts';
import type { LinkClaims } from './token.ts';

const page = (status: number, title: string, body: string): PageAnswer => ({
  _tag: 'Page',
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'referrer-policy': 'no-referrer' },
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)} · launchplan</title><link rel="icon" href="/assets/favicon.svg"><link rel="stylesheet" href="/assets/console.css"></head><body><main class="login"><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
});

const decisionWords = (claims: LinkClaims): string => (claims.decision === 'go' ? 'approve (go)' : 'no-go');

/** What the link would record, and the button that records it. */
export function confirmPage(
  claims: LinkClaims,
  gateTitle: string,
  launchTitle: string,
  atGate: boolean,
): PageAnswer {
  const what = `<p>As <strong id="link-person">${escapeHtml(claims.person)}</strong>: <strong id="link-decision">${escapeHtml(decisionWords(claims))}</strong> on <strong>${escapeHtml(gateTitle)}</strong> of ${escapeHtml(launchTitle)}.</p>`;
  const state = atGate
    ? ''
    : '<p class="refusal" id="link-not-waiting">The launch does not stand at this gate now: recording it will probably be refused.</p>';
  const form = `<form method="post"><label>Reason <input name="reason" maxlength="500" placeholder="why (optional unless the plan asks for one)"></label><button type="submit" class="primary" id="link-confirm">Record ${escapeHtml(decisionWords(claims))}</button></form>`;
  const expiry = `<p class="none">This link is yours alone, works once, and expires at ${escapeHtml(claims.expires)}.</p>`;
  return page(200, `Confirm: ${decisionWords(claims)}`, `${what}${state}${form}${expiry}`);
}

/** What was recorded. */
export function recordedPage(claims: LinkClaims, gateTitle: string, outcome: string): PageAnswer {
  return page(
    200,
    'Recorded',
    `<p id="link-recorded">${escapeHtml(decisionWords(claims))} on <strong>${escapeHtml(gateTitle)}</strong> by <strong>${escapeHtml(claims.person)}</strong>: ${escapeHtml(outcome)}.</p>`,
  );
}

/** A refusal: the status and why, in words. */
export function refusedPage(status: number, title: string, message: string): PageAnswer {
  return page(status, title, `<p class="refusal" id="link-refusal">${escapeHtml(message)}</p>`);
}
