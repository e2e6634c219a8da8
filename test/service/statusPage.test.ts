/**
 * The live status page in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core;
 * no browser is ever downloaded): it loads, shows the launch's progress, and follows events posted
 * afterwards without a reload. `UPDATE_SCREENSHOT=1` writes the screenshot to docs/status-page.png.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { servicesRequired } from '../store/helpers.ts';
import { exampleBytes } from '../support/examples.ts';
import { startService, TOKENS, type Running } from './harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOT = process.env['UPDATE_SCREENSHOT'] === '1' ? fileURLToPath(new URL('../../docs/status-page.png', import.meta.url)) : join(mkdtempSync(join(tmpdir(), 'lp-page-')), 'status-page.png');

const available = existsSync(CHROMIUM);
if (!available && !servicesRequired()) console.warn(`skipping the status page test: ${CHROMIUM} is missing (apt-get install -y chromium)`);

describe.skipIf(!available && !servicesRequired())('live status page in headless Chromium', () => {
  const store = createMemoryEventStore();
  let run: Running;
  let browser: Browser;

  beforeAll(async () => {
    if (!available) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (LAUNCHPLAN_REQUIRE_SERVICES=1)`);
    run = await startService(store);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await run?.close();
  });

  it('should show the progress, then follow posted events live without a reload', async () => {
    expect((await run.request('POST', '/launches?stream=page', { body: exampleBytes('mbayar-go-live') })).status).toBe(201);
    const status = (await run.request('GET', '/launches/page')).json;
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${run.url}/launches/page/page?access_token=${TOKENS.viewer}`);
    expect(await page.title()).toContain('launchplan');
    expect(await page.getAttribute('#progress', 'data-done')).toBe(String(status.progress.done));
    await page.waitForFunction(() => document.getElementById('live')?.textContent?.startsWith('live'));
    let loads = 0;
    page.on('load', () => (loads += 1));

    const pending = status.phases.flatMap((p: any) => p.steps.flatMap((s: any) => s.items)).filter((i: any) => i.status === 'pending').slice(0, 3);
    for (const item of pending) {
      const sent = await run.request('POST', '/launches/page/events', { body: JSON.stringify({ type: item.kind === 'test' ? 'test.passed' : 'item.checked', itemId: item.id }) });
      expect(sent.status).toBe(201);
    }
    expect((await run.request('POST', '/launches/page/events', { body: JSON.stringify({ type: 'alert.fired', alertId: 'api-latency', metric: 'latency', message: 'p95 above 300 ms' }) })).status).toBe(201);
    const done = status.progress.done + pending.length;
    await page.waitForFunction((want) => document.getElementById('progress')?.getAttribute('data-done') === String(want), done, { timeout: 10_000 });
    await page.waitForFunction(() => document.getElementById('health')?.textContent === 'degraded', undefined, { timeout: 10_000 });
    expect(await page.textContent('#blockers')).toContain('api-latency');
    expect(await page.textContent('#activity')).toContain('lea');
    expect(await page.locator('svg.chart g.node.phase.active').count()).toBe(1);
    expect(await page.locator('svg.chart g.node.state.active').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-id')))).toEqual(['degraded']);
    expect(loads).toBe(0);
    expect(errors).toEqual([]);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.close();
  }, 60_000);
});
