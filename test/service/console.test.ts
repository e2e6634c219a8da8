/**
 * The launch console end to end, in headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core; no browser is ever downloaded), on a real server over a file log: a lead signs
 * in, ticks items until steps complete, records test results, sees a go refused while an alert
 * is open (the refusal next to the control), the alert is resolved through the Alertmanager
 * endpoint, the lead decides go, requests a rollback, follows its protocol and resumes. The log
 * holds exactly those events; a second browser, signed out, follows the same page live with no
 * controls; no URL ever carries a token. `npm run screenshots` writes docs/console-1400.png and
 * docs/console-420.png from this run.
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

/** Whether anything on the page is wider than the window (text clipped or a sideways scroll). */
const overflows = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

describe.skipIf(!available && !servicesRequired())('the launch console in headless Chromium', () => {
  let store: EventStore;
  let run: Running;
  let browser: Browser;
  let leadContext: BrowserContext;
  let watcherContext: BrowserContext;

  beforeAll(async () => {
    if (!available)
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (LAUNCHPLAN_REQUIRE_SERVICES=1)`);
    store = createFileEventStore(mkdtempSync(join(tmpdir(), 'lp-console-log-')));
    run = await startService(store, { publicPage: true });
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
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await run?.close();
    await store?.close();
  });

  it('should let a signed-in lead run the launch while a signed-out reader follows it live', async () => {
    expect(
      (
        await run.request('POST', `/launches?stream=${STREAM}`, {
          body: PLAN,
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
    const cookie = (await leadContext.cookies()).find((c) => c.name === 'launchplan_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await lead.waitForFunction(() => document.getElementById('live')?.textContent === 'live');

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
    for (const item of ['smoke-tests-pass-on-staging', 'load-test-at-twice-the-peak-traffic'])
      expect((await act(lead, `item:preparation/quality/${item}`, 'Passed')).refusal).toBe('');
    await lead.waitForSelector('.gate.current[data-id="gate/go-no-go"]');

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
    const refused = await act(lead, 'gate:gate/go-no-go', 'Go', 'all checks green');
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
    expect((await act(lead, 'gate:gate/go-no-go', 'Go', 'all checks green')).refusal).toBe('');
    await lead.waitForSelector('details.phase.current[data-id="launch"]');

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
      'item.checked',
      'item.checked',
      'test.failed',
      'test.passed',
      'test.passed',
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
    for (const seen of [watched, led]) {
      expect(seen.urls.filter((url) => Object.values(TOKENS).some((token) => url.includes(token)))).toEqual(
        [],
      );
      expect(seen.problems).toEqual([]);
    }
    expect(await lead.content()).not.toContain(TOKENS.lead);
    expect(await lead.evaluate(() => document.cookie)).not.toContain('launchplan_session');
  }, 120_000);
});
