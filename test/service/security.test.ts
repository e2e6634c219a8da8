/**
 * The page's security over HTTP (issue 15): a strict Content-Security-Policy and framing refused on
 * every answer, no token in any URL (refused when sent, never written into a page or a redirect),
 * sign-in exchanging a token for an HttpOnly SameSite cookie from this origin only, and a
 * browser's writes needing the session's CSRF token and this origin. Refused writes change no log.
 */
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { safeNext } from '../../src/service/console/pages.ts';
import { startService, TOKENS, type Running } from './harness.ts';

const PLAN = readFileSync(new URL('fixtures/console-plan.md', import.meta.url));
const ITEM = 'preparation/infrastructure/database-replicas-in-sync';

describe('the console over HTTP', () => {
  const store = createMemoryEventStore();
  let run: Running;
  let publicRun: Running;
  const origin = () => run.url;
  /** Signs in with a form post as a browser would; the session cookie and the page's CSRF token. */
  const signIn = async (token: string = TOKENS.lead) => {
    const answer = await fetch(`${run.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: origin() },
      body: new URLSearchParams({ token, next: '/launches/checkout/page' }),
    });
    const cookie = (answer.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const page = await (await fetch(`${run.url}/launches/checkout/page`, { headers: { cookie } })).text();
    return { answer, cookie, csrf: /name="csrf-token" content="([^"]+)"/.exec(page)?.[1] ?? '', page };
  };
  const versionNow = async (): Promise<number> => {
    const version = await store.version('checkout');
    return E.isRight(version) ? version.right : -1;
  };

  beforeAll(async () => {
    run = await startService(store);
    publicRun = await startService(store, { publicPage: true });
    expect(
      (
        await run.request('POST', '/launches?stream=checkout', {
          body: PLAN,
          headers: { 'content-type': 'text/markdown' },
        })
      ).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await run?.close();
    await publicRun?.close();
  });

  it('should send a strict policy and refuse framing on pages, API answers, errors, streams and files', async () => {
    const { cookie } = await signIn();
    const answers = await Promise.all([
      fetch(`${run.url}/launches/checkout/page`, { headers: { cookie } }),
      fetch(`${run.url}/launches/checkout/page/fragment`, { headers: { cookie } }),
      fetch(`${run.url}/login`),
      fetch(`${run.url}/assets/console.js`),
      fetch(`${run.url}/launches/checkout`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } }),
      fetch(`${run.url}/launches/checkout`),
      fetch(`${run.url}/nowhere`),
      fetch(`${run.url}/launches/checkout/events`, { method: 'HEAD', headers: { cookie } }),
    ]);
    for (const answer of answers) {
      await answer.arrayBuffer();
      const policy = answer.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).toContain("default-src 'none'");
      expect(policy).not.toContain('unsafe-inline');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(answers[0]?.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(answers[0]?.headers.get('content-security-policy')).toContain("style-src 'self'");
    expect(answers[3]?.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('should serve pages with no inline script, style or handler, and no token anywhere in them', async () => {
    const { page, answer, cookie } = await signIn();
    const fragment = await (
      await fetch(`${run.url}/launches/checkout/page/fragment`, { headers: { cookie } })
    ).text();
    const login = await (await fetch(`${run.url}/login?next=/launches/checkout/page`)).text();
    for (const html of [page, fragment, login]) {
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle="/);
      expect(html).not.toMatch(/\son[a-z]+="/);
      expect(html).not.toMatch(/<style/);
      for (const token of Object.values(TOKENS)) expect(html).not.toContain(token);
    }
    expect(answer.headers.get('location')).toBe('/launches/checkout/page');
  });

  it('should refuse a token in a URL without echoing it, whatever the route', async () => {
    for (const path of [
      `/launches/checkout?access_token=${TOKENS.admin}`,
      `/launches/checkout/page?access_token=${TOKENS.admin}`,
      `/launches/checkout/events?token=${TOKENS.admin}`,
      `/metrics?access_token=${TOKENS.admin}`,
    ]) {
      const answer = await run.request('GET', path, { token: null });
      expect(answer.status).toBe(400);
      expect((answer.json as { error: { kind: string } }).error.kind).toBe('TokenInUrl');
      expect(answer.text).not.toContain(TOKENS.admin);
    }
  });

  it('should sign in from this origin only, with an HttpOnly, SameSite=Lax cookie (Secure behind HTTPS), and never echo the token', async () => {
    const good = await signIn();
    expect(good.answer.status).toBe(303);
    const setCookie = good.answer.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(
      /^launchplan_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    expect(setCookie).not.toContain(TOKENS.lead);
    const form = (token: string, headers: Record<string, string>) =>
      fetch(`${run.url}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ token, next: 'https://evil.example/' }),
      });
    const unknown = await form('not-a-known-token', { origin: origin() });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('set-cookie')).toBeNull();
    expect(await unknown.text()).not.toContain('not-a-known-token');
    const crossSite = await form(TOKENS.lead, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    const behindTls = await form(TOKENS.lead, { origin: origin(), 'x-forwarded-proto': 'https' });
    expect(behindTls.headers.get('set-cookie')).toMatch(/; Secure; SameSite=Lax$/);
    // Wherever it was asked to go, a sign-in lands on a path of this service: the overview by default.
    expect(behindTls.headers.get('location')).toBe('/');
    expect(
      ['//evil.example', 'https://evil.example', '/\\evil.example', '/launches/x?y=1', null].map(safeNext),
    ).toEqual(['/', '/', '/', '/', '/']);
    expect(['/', '/launches/checkout/page'].map(safeNext)).toEqual(['/', '/launches/checkout/page']);
  });

  it("should take a browser's write only with the session's CSRF token from this origin, and change nothing otherwise", async () => {
    const { cookie, csrf } = await signIn();
    expect(csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const write = (headers: Record<string, string>) =>
      fetch(`${run.url}/launches/checkout/events`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ type: 'item.checked', itemId: ITEM }),
      });
    const before = await versionNow();
    const missing = await write({ origin: origin() });
    expect([missing.status, ((await missing.json()) as { error: { kind: string } }).error.kind]).toEqual([
      403,
      'MissingCsrfToken',
    ]);
    const wrong = await write({ origin: origin(), 'x-csrf-token': 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    const crossSite = await write({ origin: 'https://evil.example', 'x-csrf-token': csrf });
    expect([crossSite.status, ((await crossSite.json()) as { error: { kind: string } }).error.kind]).toEqual([
      403,
      'CrossSiteWrite',
    ]);
    expect(await versionNow()).toEqual(before);
    const taken = await write({ origin: origin(), 'x-csrf-token': csrf });
    expect(taken.status).toBe(201);
    const last: { actor: { id: string } }[] = [];
    for await (const envelope of store.read('checkout')) last.push(envelope);
    expect(last.at(-1)?.actor.id).toBe('sam');

    // Signing out ends the session: the same cookie reads nothing.
    expect(
      (
        await fetch(`${run.url}/logout`, {
          method: 'POST',
          headers: { cookie, origin: origin(), 'x-csrf-token': csrf },
        })
      ).status,
    ).toBe(204);
    expect((await fetch(`${run.url}/launches/checkout`, { headers: { cookie } })).status).toBe(401);
  });

  it('should send a signed-out reader to sign in, unless the page is public, where it reads without controls', async () => {
    const page = await fetch(`${run.url}/launches/checkout/page`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Flaunches%2Fcheckout%2Fpage');
    expect((await fetch(`${run.url}/launches/checkout/page/fragment`)).status).toBe(401);
    expect((await fetch(`${run.url}/launches/checkout/events`, { method: 'HEAD' })).status).toBe(401);

    const open = await fetch(`${publicRun.url}/launches/checkout/page`);
    expect(open.status).toBe(200);
    const html = await open.text();
    expect(html).toContain('id="sign-in"');
    expect(html).not.toContain('form class="control"');
    expect((await fetch(`${publicRun.url}/launches/checkout/events`, { method: 'HEAD' })).status).toBe(200);
    // Public reading is reading: the API, writes and other launches' data still need a token.
    expect((await fetch(`${publicRun.url}/launches/checkout`)).status).toBe(401);
    expect(
      (
        await fetch(`${publicRun.url}/launches/checkout/events`, {
          method: 'POST',
          body: JSON.stringify({ type: 'item.checked', itemId: ITEM }),
        })
      ).status,
    ).toBe(401);
  });
});
