/**
 * `GET /metrics` scraped as Prometheus would (a bearer token) and read with a Prometheus text
 * format parser (parse-prometheus-text-format, which follows the reference client's parser):
 * where the launch stands, what this process appended, the append latency histogram, live SSE
 * clients and console sessions; overdue and blocked steps and the time to go-live; and the whole
 * scrape checked by Prometheus's own `promtool check metrics`.
 */
import { readFileSync } from 'node:fs';
import { needTool, PROMTOOL, runTool, skipWithout } from '../support/prometheus.ts';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { startService, TOKENS, type Running } from './harness.ts';

const PLAN = readFileSync(new URL('fixtures/console-plan.md', import.meta.url));
const INFRA = ['database-replicas-in-sync', 'cache-warmed-with-the-catalogue'].map(
  (item) => `preparation/infrastructure/${item}`,
);

/** The value of one series of a family, found by its labels. */
function sample(
  families: PrometheusFamily[],
  name: string,
  labels: Record<string, string> = {},
): PrometheusFamily['metrics'][number] | undefined {
  return families
    .find((family) => family.name === name)
    ?.metrics.find((metric) =>
      Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value),
    );
}

describe('GET /metrics', () => {
  let run: Running;
  beforeAll(async () => {
    run = await startService(createMemoryEventStore());
  });
  afterAll(() => run?.close());

  it('should need a token, and give the launches, the appends, their latency and the live clients in Prometheus text format', async () => {
    expect((await run.request('GET', '/metrics', { token: null })).status).toBe(401);
    expect(
      (
        await run.request('POST', '/launches?stream=checkout', {
          body: PLAN,
          headers: { 'content-type': 'text/markdown' },
        })
      ).status,
    ).toBe(201);
    for (const itemId of INFRA)
      expect(
        (
          await run.request('POST', '/launches/checkout/events', {
            body: JSON.stringify({ type: 'item.checked', itemId }),
          })
        ).status,
      ).toBe(201);
    expect(
      (
        await run.request('POST', '/launches/checkout/events', {
          body: JSON.stringify({ type: 'alert.fired', alertId: 'p99', name: 'HighLatency' }),
        })
      ).status,
    ).toBe(201);
    // A refused event appends nothing and counts nothing.
    expect(
      (
        await run.request('POST', '/launches/checkout/events', {
          body: JSON.stringify({ type: 'gate.decided', gateId: 'gate/go-no-go', decision: 'go' }),
        })
      ).status,
    ).toBe(409);
    // One client follows the launch live while the scrape happens.
    const following = new AbortController();
    const stream = await fetch(`${run.url}/launches/checkout/events`, {
      headers: { authorization: `Bearer ${TOKENS.viewer}` },
      signal: following.signal,
    });
    await (stream.body as ReadableStream<Uint8Array>).getReader().read();

    const scrape = await run.request('GET', '/metrics', { token: TOKENS.viewer });
    following.abort();
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusTextFormat(scrape.text);
    const status = (await run.request('GET', '/launches/checkout')).json as {
      progress: { done: number; total: number };
    };

    expect(sample(families, 'launchplan_launch_items_done', { stream: 'checkout' })?.value).toBe(
      String(status.progress.done),
    );
    expect(sample(families, 'launchplan_launch_items', { stream: 'checkout' })?.value).toBe(
      String(status.progress.total),
    );
    expect(
      Number(sample(families, 'launchplan_launch_progress_ratio', { stream: 'checkout' })?.value),
    ).toBeCloseTo(status.progress.done / status.progress.total, 10);
    const states = families
      .find((family) => family.name === 'launchplan_launch_state')
      ?.metrics.filter((metric) => metric.value === '1')
      .map((metric) => metric.labels?.['state']);
    expect(states).toEqual(['running']);
    expect(sample(families, 'launchplan_launch_open_alerts', { stream: 'checkout' })?.value).toBe('1');
    expect(sample(families, 'launchplan_launch_log_version', { stream: 'checkout' })?.value).toBe('5');
    expect(
      sample(families, 'launchplan_events_appended_total', { stream: 'checkout', type: 'item.checked' })
        ?.value,
    ).toBe('2');
    expect(
      sample(families, 'launchplan_events_appended_total', { stream: 'checkout', type: 'alert.fired' })
        ?.value,
    ).toBe('1');
    expect(sample(families, 'launchplan_gate_decisions_total')).toBeUndefined();
    const latency = sample(families, 'launchplan_append_duration_seconds');
    expect(families.find((family) => family.name === 'launchplan_append_duration_seconds')?.type).toBe(
      'HISTOGRAM',
    );
    expect(latency?.count).toBe('5');
    expect(latency?.buckets?.['+Inf']).toBe('5');
    expect(sample(families, 'launchplan_sse_clients')?.value).toBe('1');
    expect(sample(families, 'launchplan_console_sessions')?.value).toBe('0');
    expect(families.some((family) => family.name === 'process_cpu_user_seconds_total')).toBe(true);
  });

  it('should show a gate waiting for its decision, then count the decision', async () => {
    const post = async (event: object) =>
      (await run.request('POST', '/launches/checkout/events', { body: JSON.stringify(event) })).status;
    const scrape = async () =>
      parsePrometheusTextFormat((await run.request('GET', '/metrics', { token: TOKENS.viewer })).text);
    expect(await post({ type: 'alert.resolved', alertId: 'p99' })).toBe(201);
    for (const item of ['smoke-tests-pass-on-staging', 'load-test-at-twice-the-peak-traffic'])
      expect(await post({ type: 'test.passed', itemId: `preparation/quality/${item}` })).toBe(201);
    expect(sample(await scrape(), 'launchplan_launch_gate_waiting', { stream: 'checkout' })?.value).toBe('1');
    expect(await post({ type: 'gate.decided', gateId: 'gate/go-no-go', decision: 'go' })).toBe(201);
    const after = await scrape();
    expect(sample(after, 'launchplan_launch_gate_waiting', { stream: 'checkout' })?.value).toBe('0');
    expect(
      sample(after, 'launchplan_gate_decisions_total', { stream: 'checkout', decision: 'go' })?.value,
    ).toBe('1');
  });

  it('should count overdue and blocked steps and give the go-live time and the seconds to it', async () => {
    const goLiveAt = new Date(Date.now() + 3_600_000).toISOString();
    const created = await run.request('POST', `/launches?stream=timed&goLiveAt=${goLiveAt}`, {
      body: PLAN,
      headers: { 'content-type': 'text/markdown' },
    });
    expect(created.status).toBe(201);
    const post = async (event: object) =>
      (await run.request('POST', '/launches/timed/events', { body: JSON.stringify(event) })).status;
    expect(
      await post({ type: 'test.failed', itemId: 'preparation/quality/smoke-tests-pass-on-staging' }),
    ).toBe(201);
    expect(
      await post({
        type: 'deadline.reached',
        deadlineId: 'deadline/preparation/infrastructure',
        window: 'J+1 - J+3',
      }),
    ).toBe(201);
    const before = Date.now();
    const scrape = await run.request('GET', '/metrics', { token: TOKENS.viewer });
    const families = parsePrometheusTextFormat(scrape.text);
    expect(sample(families, 'launchplan_launch_steps_overdue', { stream: 'timed' })?.value).toBe('1');
    expect(sample(families, 'launchplan_launch_steps_blocked', { stream: 'timed' })?.value).toBe('1');
    expect(sample(families, 'launchplan_launch_steps_blocked', { stream: 'checkout' })?.value).toBe('0');
    expect(sample(families, 'launchplan_launch_go_live_timestamp_seconds', { stream: 'timed' })?.value).toBe(
      String(Date.parse(goLiveAt) / 1000),
    );
    const remaining = Number(
      sample(families, 'launchplan_launch_go_live_remaining_seconds', { stream: 'timed' })?.value,
    );
    expect(remaining).toBeLessThanOrEqual((Date.parse(goLiveAt) - before) / 1000);
    expect(remaining).toBeGreaterThan(0);
    // A launch started without a go-live has no series for it.
    expect(
      sample(families, 'launchplan_launch_go_live_remaining_seconds', { stream: 'checkout' }),
    ).toBeUndefined();
  });

  it.skipIf(skipWithout({ promtool: PROMTOOL }))(
    'should give a scrape that promtool check metrics accepts (no lint problem)',
    async () => {
      const scrape = await run.request('GET', '/metrics', { token: TOKENS.viewer });
      expect(scrape.text).toContain('launchplan_launch_steps_overdue{stream="timed"} 1');
      const checked = await runTool(needTool('promtool', PROMTOOL), ['check', 'metrics'], scrape.text);
      expect(checked.stdout + checked.stderr).toBe('');
      expect(checked.code).toBe(0);
    },
  );
});
