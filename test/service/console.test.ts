/**
 * The launch console end to end, in headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core; no browser is ever downloaded), on a real server over a file log that asks
 * every go/no-go for a reason: a lead signs in from the overview, types into fields and opens
 * panels that live updates leave as they were, comments on an item, ticks items until steps
 * complete, records test results, waives one with a reason, sees a go refused while an alert is
 * open (the refusal next to the control, the reason typed before the alert still there), the
 * alert is resolved through the Alertmanager endpoint, the lead decides go and the next phase
 * opens by itself, requests a rollback, follows its protocol and resumes. The log holds exactly
 * those events; a second browser, signed out, follows the same page live with no controls; a
 * third, signed in without a role, sees the controls disabled with the role they need; no URL
 * ever carries a token, no word breaks in its middle at 420 px. `npm run screenshots` writes
 * docs/console-1400.png, docs/console-420.png, docs/console-overview.png and
 * docs/console-viewer-420.png from this run.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileEventStore, type EventStore } from '../../src/store/index.ts';
import { servicesRequired } from '../store/helpers.ts';
import { startService, TOKENS, type Running } from './harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SHOTS =
  process.env['UPDATE_SCREENSHOTS'] === '1'
    ? fileURLToPath(new URL('../../docs/', import.meta.url))
    : mkdtempSync(join(tmpdir(), 'lp-console-'));
const PLAN = readFileSync(new URL('fixtures/console-plan.md', import.meta.url));
const STREAM = 'checkout';
/** Two days and a half from now: the overview counts down to it. */
const GO_LIVE = new Date(Date.now() + 60 * 3600 * 1000).toISOString();

const available = existsSync(CHROMIUM);
if (!available && !servicesRequired())
  console.warn(`skipping the console test: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/** One Alertmanager notification about the checkout's error rate. */
const alertmanager = (status: 'firing' | 'resolved') =>
  JSON.stringify({
    version: '4',
    status,
    receiver: 'launchplan',
    alerts: [
      {
        status,
        labels: { alertname: 'HighErrorRate', severity: 'critical', service: 'checkout' },
        annotations: { summary: 'Checkout error rate above 0.1%', value: '0.42' },
        startsAt: '2026-11-29T19:30:47.676Z',
        ...(status === 'resolved' ? { endsAt: '2026-11-29T19:41:02.000Z' } : {}),
        fingerprint: '6f1d6c4a2e4b3f08',
      },
    ],
  });

const versionOf = (page: Page): Promise<number> =>
  page.$eval('#version', (node) => Number(node.getAttribute('data-version')));

/**
 * Uses a control as a person would: types the text, clicks the button, and waits until the
 * launch moved on (the page re-rendered at a later version) or the refusal shows beside it.
 */
async function act(page: Page, control: string, label: string, text?: string): Promise<{ refusal: string }> {
  const before = await versionOf(page);
  const form = page.locator(`form[data-control="${control}"]`);
  if (text !== undefined) await form.locator('input').fill(text);
  await form.getByRole('button', { name: label, exact: true }).click();
  await page.waitForFunction(
    ([id, version]) =>
      Number(document.getElementById('version')?.getAttribute('data-version')) > version ||
      Boolean(document.querySelector(`output[data-refusal-for="${id}"]`)?.textContent),
    [control, before] as const,
  );
  // A control that did its work may be gone from the page (a decided gate has no buttons), and the
  // page may re-render between two looks (a live event arrives): the output is read in one.
  const refusal = await page
    .locator(`output[data-refusal-for="${control}"]`)
    .evaluateAll((nodes) => nodes.map((node) => node.textContent ?? '').join(''));
  return { refusal };
}

/** What a page must never show or ask for: a token in a URL, script errors, CSP violations. */
function watch(page: Page): { urls: string[]; problems: string[] } {
  const seen = { urls: [] as string[], problems: [] as string[] };
  page.on('request', (request) => seen.urls.push(request.url()));
  page.on('pageerror', (error) => seen.problems.push(error.message));
  // Chromium logs every non-2xx fetch; a refused event (409) is an answer the page shows, not a problem.
  page.on(
    'console',
    (message) =>
      message.type() === 'error' &&
      !message.text().endsWith('status of 409 (Conflict)') &&
      seen.problems.push(message.text()),
  );
  return seen;
}

/**
 * Words of the page's text drawn on more than one line (broken in their middle). A line may end
 * at a space or after a hyphen (`2026-12-` / `10T05:34Z`); words longer than their box is wide may
 * break anywhere: they could not be shown otherwise.
 */
const brokenWords = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.getElementById('status') ?? document.body, 4);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue ?? '';
      const box = node.parentElement?.getBoundingClientRect().width ?? 0;
      for (const match of text.matchAll(/[^\s-]+-*/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
        const lines = new Set(rects.map((rect) => Math.round(rect.top)));
        const width = rects.reduce((sum, rect) => sum + rect.width, 0);
        if (lines.size > 1 && width < box) broken.push(match[0]);
      }
    }
    return broken;
  });

/**
 * Whether anything on the page is wider than the window, or a panel other than the chart's
 * scrolls sideways (text clipped at the panel's edge).
 */
const overflows = (page: Page): Promise<boolean> =>
  page.evaluate(
    () =>
      document.documentElement.scrollWidth > window.innerWidth ||
      [...document.querySelectorAll('.scroll')].some(
        (panel) => !panel.querySelector('svg.chart') && panel.scrollWidth > panel.clientWidth,
      ),
  );

describe.skipIf(!available && !servicesRequired())('the launch console in headless Chromium', () => {
  let store: EventStore;
  let run: Running;
  let browser: Browser;
  let leadContext: BrowserContext;
  let watcherContext: BrowserContext;
  let viewerContext: BrowserContext;

  beforeAll(async () => {
    if (!available)
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (LAUNCHPLAN_REQUIRE_SERVICES=1)`);
    store = createFileEventStore(mkdtempSync(join(tmpdir(), 'lp-console-log-')));
    run = await startService(store, { publicPage: true, requireDecisionReason: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    leadContext = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
      timezoneId: 'Europe/Paris',
      locale: 'en-GB',
    });
    watcherContext = await browser.newContext({
      viewport: { width: 420, height: 900 },
      timezoneId: 'America/New_York',
      locale: 'en-US',
    });
    viewerContext = await browser.newContext({
      viewport: { width: 420, height: 900 },
      timezoneId: 'UTC',
      locale: 'en-GB',
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await run?.close();
    await store?.close();
  });

  it('should let a signed-in lead run the launch while a signed-out reader follows it live', async () => {
    expect(
      (
        await run.request('POST', `/launches?stream=${STREAM}&goLiveAt=${GO_LIVE}`, {
          body: PLAN,
          headers: { 'content-type': 'text/markdown' },
        })
      ).status,
    ).toBe(201);
    // Another launch, not started yet, for the overview.
    expect(
      (
        await run.request('POST', '/launches?stream=payments&start=false', {
          body: PLAN.toString('utf8').replace('# Checkout v2 go-live', '# Payments provider switch'),
          headers: { 'content-type': 'text/markdown' },
        })
      ).status,
    ).toBe(201);

    const watcher = await watcherContext.newPage();
    const watched = watch(watcher);
    await watcher.goto(`${run.url}/launches/${STREAM}/page`);
    await watcher.waitForFunction(() => document.getElementById('live')?.textContent === 'live');
    let reloads = 0;
    watcher.on('load', () => (reloads += 1));
    expect(await watcher.locator('form.control').count()).toBe(0);

    // Signing in: the token goes in a form body; the page comes back with the session's controls.
    const lead = await leadContext.newPage();
    const led = watch(lead);
    await lead.goto(`${run.url}/launches/${STREAM}/page`);
    await lead.click('#sign-in');
    await lead.fill('input[name=token]', TOKENS.lead);
    await lead.click('button[type=submit]');
    await lead.waitForSelector('#actor');
    expect(await lead.textContent('#actor')).toBe('sam');
    expect(new URL(lead.url()).pathname).toBe(`/launches/${STREAM}/page`);
    // The overview: every launch, where it stands, its next gate; its link leads back to the page.
    await lead.click('#overview-link');
    const row = lead.locator(`#overview tr.launch[data-stream="${STREAM}"]`);
    expect(await row.locator('.pill.state').textContent()).toBe('running');
    expect(await row.locator('.pill.health').textContent()).toBe('healthy');
    expect(await row.locator('td.gate').textContent()).toBe('Go/No-go pending');
    expect(await row.locator('td.overdue-count').textContent()).toBe('0 overdue');
    expect(await row.locator('.countdown').textContent()).toMatch(/^in 2 d 1[12] h$/);
    expect(await lead.locator('#overview tr.launch[data-stream="payments"] .pill.state').textContent()).toBe(
      'ready',
    );
    await lead.screenshot({ path: join(SHOTS, 'console-overview.png'), fullPage: true });
    await row.locator('td.title a').click();
    await lead.waitForSelector('#actor');
    expect(new URL(lead.url()).pathname).toBe(`/launches/${STREAM}/page`);
    const cookie = (await leadContext.cookies()).find((c) => c.name === 'launchplan_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await lead.waitForFunction(() => document.getElementById('live')?.textContent === 'live');

    // Half-typed text, the field it is in and an opened panel survive a live update (a comment
    // appended by another client): the page is patched, not rendered anew.
    const replicas = 'preparation/infrastructure/database-replicas-in-sync';
    const rollbackReason = lead.locator('form[data-control="rollback"] input');
    await rollbackReason.fill('DNS answers st');
    const more = lead.locator(`details.more[data-id="more:${replicas}"]`);
    await more.locator('summary').click();
    await rollbackReason.focus();
    const beforeComment = await versionOf(lead);
    expect(
      (
        await run.request('POST', `/launches/${STREAM}/events`, {
          token: TOKENS.lead,
          body: JSON.stringify({ type: 'item.commented', itemId: replicas, text: 'replica lag at 4 s' }),
        })
      ).status,
    ).toBe(201);
    await lead.waitForFunction(
      (version) => Number(document.getElementById('version')?.getAttribute('data-version')) > version,
      beforeComment,
    );
    expect(await lead.locator(`li.item[data-id="${replicas}"] li.comment`).textContent()).toContain(
      'replica lag at 4 s',
    );
    expect(await rollbackReason.inputValue()).toBe('DNS answers st');
    expect(await rollbackReason.evaluate((node) => node === document.activeElement)).toBe(true);
    expect(await more.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(true);
    // A comment from the page: it shows under the item, and its field empties once it is sent.
    expect(
      (await act(lead, `comment:${replicas}`, 'Comment', 'back under 1 s after the resync')).refusal,
    ).toBe('');
    expect(await lead.locator(`li.item[data-id="${replicas}"] li.comment`).allTextContents()).toEqual([
      expect.stringContaining('replica lag at 4 s'),
      expect.stringContaining('back under 1 s after the resync'),
    ]);
    expect(await lead.locator(`form[data-control="comment:${replicas}"] input`).inputValue()).toBe('');
    // Spaces pass the browser's check of a required field; the page does not send them.
    expect((await act(lead, `comment:${replicas}`, 'Comment', '   ')).refusal).toBe('write a comment first');
    await lead.screenshot({ path: join(SHOTS, 'console-items-1400.png'), fullPage: true });

    // The checklist of the current phase: owners, windows, controls the lead's roles allow.
    const infrastructure = lead.locator('li.step[data-id="preparation/infrastructure"]');
    expect(await infrastructure.locator('.fact').allTextContents()).toEqual([
      'owners: ops',
      'window: J+1 - J+3',
    ]);
    for (const item of ['database-replicas-in-sync', 'cache-warmed-with-the-catalogue'])
      expect((await act(lead, `item:preparation/infrastructure/${item}`, 'Tick')).refusal).toBe('');
    await lead.waitForSelector('li.step.done[data-id="preparation/infrastructure"]');
    // Test results by hand: passed, one after a failure noted in words.
    expect(
      (await act(lead, 'item:preparation/quality/smoke-tests-pass-on-staging', 'Failed', 'payment page 502'))
        .refusal,
    ).toBe('');
    await lead.waitForSelector('li.step.blocked[data-id="preparation/quality"]');
    expect((await act(lead, 'item:preparation/quality/smoke-tests-pass-on-staging', 'Passed')).refusal).toBe(
      '',
    );
    // Waiving needs a reason: the browser will not send the form without one.
    const loadTest = 'preparation/quality/load-test-at-twice-the-peak-traffic';
    await lead.locator(`details.more[data-id="more:${loadTest}"] summary`).click();
    const waive = lead.locator(`form[data-control="waive:${loadTest}"]`);
    await waive.getByRole('button', { name: 'Waive', exact: true }).click();
    expect(
      await waive.locator('input').evaluate((node) => (node as HTMLInputElement).validity.valueMissing),
    ).toBe(true);
    expect((await act(lead, `waive:${loadTest}`, 'Waive', 'load tested with v1 last week')).refusal).toBe('');
    // The preparation is settled: the launch waits at the gate, whose criteria show the waiver.
    await lead.waitForSelector('.gate.current[data-id="gate/go-no-go"]');
    expect(await lead.locator('.gate.current ul.criteria li.item.waived').textContent()).toBe(
      'Load test at twice the peak traffic',
    );

    // Signed in without a role: every control is there, disabled, saying which role it needs.
    const viewer = await viewerContext.newPage();
    const viewed = watch(viewer);
    await viewer.goto(`${run.url}/login`);
    await viewer.fill('input[name=token]', TOKENS.viewer);
    await viewer.click('button[type=submit]');
    await viewer.waitForSelector('#overview');
    expect(new URL(viewer.url()).pathname).toBe('/');
    expect(await viewer.locator('#overview tr.launch').count()).toBe(2);
    expect(await overflows(viewer)).toBe(false);
    expect(await brokenWords(viewer)).toEqual([]);
    await viewer.goto(`${run.url}/launches/${STREAM}/page`);
    const gateForm = viewer.locator('form[data-control="gate:gate/go-no-go"]');
    expect(
      await gateForm
        .locator('button')
        .evaluateAll((nodes) => nodes.map((n) => (n as HTMLButtonElement).disabled)),
    ).toEqual([true, true]);
    expect(await gateForm.locator('.needs').textContent()).toBe('needs the role lead or admin');
    expect(await gateForm.getByRole('button', { name: 'Go', exact: true }).getAttribute('title')).toBe(
      'needs the role lead or admin',
    );
    expect(
      await viewer.locator('form[data-control="rollback"]').evaluate((form) => ({
        input: (form.querySelector('input') as HTMLInputElement).disabled,
        note: form.querySelector('.needs')?.textContent,
      })),
    ).toEqual({ input: true, note: 'needs the role lead or admin' });
    expect(await overflows(viewer)).toBe(false);
    expect(await brokenWords(viewer)).toEqual([]);
    await viewer.screenshot({ path: join(SHOTS, 'console-viewer-420.png'), fullPage: true });

    // A go needs a reason here: the browser will not send one without it.
    const gate = lead.locator('form[data-control="gate:gate/go-no-go"]');
    expect(await gate.locator('input').getAttribute('required')).toBe('');
    await gate.getByRole('button', { name: 'Go', exact: true }).click();
    expect(
      await gate.locator('input').evaluate((node) => (node as HTMLInputElement).validity.valueMissing),
    ).toBe(true);
    // The reason typed before an alert arrives is still there after it.
    await gate.locator('input').fill('all checks green');

    // An alert fires: a go is refused, and the refusal is written next to the control.
    expect(
      (
        await run.request('POST', `/launches/${STREAM}/alertmanager`, {
          token: TOKENS.alerts,
          body: alertmanager('firing'),
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(200);
    await lead.waitForFunction(() => document.getElementById('health')?.textContent === 'degraded');
    const alert = lead.locator('li.alert[data-id="am-6f1d6c4a2e4b3f08"]');
    expect(await alert.locator('.name').textContent()).toBe('HighErrorRate');
    expect(await alert.textContent()).toContain('Checkout error rate above 0.1%');
    expect(await alert.locator('.severity').textContent()).toBe('critical');
    expect(await gate.locator('input').inputValue()).toBe('all checks green');
    const refused = await act(lead, 'gate:gate/go-no-go', 'Go');
    expect(refused.refusal).toMatch(/^refused by goAllowed in .*: alert\(s\) open: am-6f1d6c4a2e4b3f08$/);
    expect(await lead.textContent('.gate.current .blocking')).toBe(
      'Blocks a go: alert(s) open: am-6f1d6c4a2e4b3f08',
    );
    expect(await lead.locator('svg.chart text.note').allTextContents()).toEqual([
      'errorRate < 0.1%',
      'latencyP99 < 300ms',
    ]);
    // The times are the reader's: Paris for the lead, New York for the reader.
    expect(await alert.locator('time').textContent()).toMatch(/\d\d:\d\d:\d\d (CET|CEST|GMT\+[12])$/);
    await watcher.waitForFunction(() => document.getElementById('health')?.textContent === 'degraded');
    expect(await watcher.locator('li.alert time').textContent()).toMatch(/(EST|EDT|GMT-[45])$/);
    await lead.screenshot({ path: join(SHOTS, 'console-1400.png'), fullPage: true });
    expect(await overflows(lead)).toBe(false);
    await lead.setViewportSize({ width: 420, height: 900 });
    expect(await overflows(lead)).toBe(false);
    expect(await brokenWords(lead)).toEqual([]);
    await lead.screenshot({ path: join(SHOTS, 'console-420.png'), fullPage: true });
    await lead.setViewportSize({ width: 1400, height: 1000 });
    expect(await overflows(watcher)).toBe(false);

    // Resolved through Alertmanager: the same go passes.
    expect(
      (
        await run.request('POST', `/launches/${STREAM}/alertmanager`, {
          token: TOKENS.alerts,
          body: alertmanager('resolved'),
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(200);
    await lead.waitForFunction(() => document.getElementById('health')?.textContent === 'healthy');
    // The refused go kept its reason in the field: the same go, sent again, passes.
    expect(await gate.locator('input').inputValue()).toBe('all checks green');
    expect((await act(lead, 'gate:gate/go-no-go', 'Go')).refusal).toBe('');
    // The phase the launch entered opens by itself, with its items and their controls.
    await lead.waitForSelector('details.phase.current[data-id="launch"]');
    const launchPhase = lead.locator('details.phase[data-id="launch"]');
    expect(await launchPhase.evaluate((node) => (node as HTMLDetailsElement).open)).toBe(true);
    expect(await launchPhase.locator('li.item form.control').count()).toBeGreaterThan(0);

    // A rollback: requested, its protocol followed step by step, completed, then the launch resumes.
    expect((await act(lead, 'rollback', 'Request a rollback', 'DNS answers stale records')).refusal).toBe('');
    await lead.waitForFunction(() => document.getElementById('state')?.textContent === 'rolling-back');
    expect(await lead.locator('#rollback details.protocol').getAttribute('open')).toBe('');
    for (const step of ['switch-dns-back-to-checkout-v1', 'restore-the-checkout-database-snapshot'])
      expect((await act(lead, `item:rollback/rollback/${step}`, 'Tick')).refusal).toBe('');
    expect((await act(lead, 'rollback-completed', 'Rollback completed')).refusal).toBe('');
    await lead.waitForFunction(() => document.getElementById('state')?.textContent === 'rolled-back');
    expect((await act(lead, 'resume', 'Resume the launch', 'records fixed')).refusal).toBe('');
    await lead.waitForFunction(() => document.getElementById('state')?.textContent === 'running');

    // The log holds exactly what was done, in order; the refused go is not in it.
    const log: { type: string; actor: string; data: unknown }[] = [];
    for await (const envelope of store.read(STREAM))
      log.push({ type: envelope.type, actor: envelope.actor.id, data: envelope.data });
    expect(log.map((event) => event.type)).toEqual([
      'launch.created',
      'launch.started',
      'item.commented',
      'item.commented',
      'item.checked',
      'item.checked',
      'test.failed',
      'test.passed',
      'item.waived',
      'alert.fired',
      'alert.resolved',
      'gate.decided',
      'rollback.requested',
      'item.checked',
      'item.checked',
      'rollback.completed',
      'launch.resumed',
    ]);
    expect(
      log
        .filter(
          (event) =>
            !event.type.startsWith('alert.') &&
            event.type !== 'launch.created' &&
            event.type !== 'launch.started',
        )
        .every((event) => event.actor === 'sam'),
    ).toBe(true);
    expect(log.find((event) => event.type === 'gate.decided')?.data).toEqual({
      gateId: 'gate/go-no-go',
      decision: 'go',
      reason: 'all checks green',
    });
    expect(log.find((event) => event.type === 'item.waived')?.data).toEqual({
      itemId: 'preparation/quality/load-test-at-twice-the-peak-traffic',
      reason: 'load tested with v1 last week',
    });
    expect(log.filter((event) => event.type === 'item.commented').map((event) => event.data)).toEqual([
      { itemId: replicas, text: 'replica lag at 4 s' },
      { itemId: replicas, text: 'back under 1 s after the resync' },
    ]);
    expect(log.find((event) => event.type === 'alert.fired')?.data).toMatchObject({
      name: 'HighErrorRate',
      severity: 'critical',
      message: 'Checkout error rate above 0.1%',
    });

    // The reader followed it all live, without a reload, and never had a control.
    await watcher.waitForFunction(
      (version) => document.getElementById('version')?.getAttribute('data-version') === String(version),
      log.length,
    );
    expect(await watcher.textContent('#state')).toBe('running');
    expect(
      await watcher
        .locator('#history tr.event')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-type'))),
    ).toEqual(log.map((event) => event.type).reverse());
    expect(await watcher.locator('form.control').count()).toBe(0);
    expect(await watcher.locator('meta[name=csrf-token]').count()).toBe(0);
    expect(reloads).toBe(0);

    // No URL ever carried a token; no script error, no policy violation.
    for (const seen of [watched, led, viewed]) {
      expect(seen.urls.filter((url) => Object.values(TOKENS).some((token) => url.includes(token)))).toEqual(
        [],
      );
      expect(seen.problems).toEqual([]);
    }
    expect(await lead.content()).not.toContain(TOKENS.lead);
    expect(await lead.evaluate(() => document.cookie)).not.toContain('launchplan_session');
  }, 120_000);
});
