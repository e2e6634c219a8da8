/** The ingestion mappings as pure functions: Alertmanager payloads and JUnit reports → launch events. */
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { alertIdOf, alertmanagerEvents, matchAlertRule } from '../../src/ingest/alertmanager.ts';
import { formatJunitError, junitEvents, parseJunit } from '../../src/ingest/junit.ts';
import { decodeLaunchEvent } from '../../src/events/vocabulary.ts';
import { readExample } from '../support/examples.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const { plan } = readExample('ifha-rating-system');

describe('Alertmanager webhook mapping', () => {
  it('should map every firing alert of a group to a valid alert.fired, matching rules by alertname or metric label', () => {
    const mapped = alertmanagerEvents(JSON.parse(fixture('alertmanager-firing.json')), plan.alerts);
    if (E.isLeft(mapped)) throw new Error(JSON.stringify(mapped.left));
    const { events, unmatched } = mapped.right;
    expect(events.map((e) => e.event.type)).toEqual(['alert.fired', 'alert.fired', 'alert.fired']);
    expect(events.map((e) => (e.event as Record<string, unknown>)['ruleId'] ?? null)).toEqual([
      'alert/errorrate',
      'alert/responsetime',
      null,
    ]);
    expect(events[0]?.event).toMatchObject({
      alertId: 'am-6f1d6c4a2e4b3f08',
      metric: 'errorRate',
      value: 0.42,
      at: '2025-03-01T10:02:31.512Z',
      message: 'Error rate above 0.1% on rating-api',
      name: 'HighErrorRate',
      severity: 'critical',
    });
    expect(unmatched).toEqual(['am-c3b8e1f0a9d27764']);
    for (const { event } of events) expect(E.isRight(decodeLaunchEvent(event))).toBe(true);
  });

  it('should map resolved alerts to alert.resolved with the same alert ids, at their end time', () => {
    const mapped = alertmanagerEvents(JSON.parse(fixture('alertmanager-resolved.json')), plan.alerts);
    if (E.isLeft(mapped)) throw new Error('decodes');
    expect(
      mapped.right.events.map((e) => [
        e.event.type,
        (e.event as Record<string, unknown>)['alertId'],
        (e.event as Record<string, unknown>)['at'],
      ]),
    ).toEqual([
      ['alert.resolved', 'am-6f1d6c4a2e4b3f08', '2025-03-01T10:21:31.512Z'],
      ['alert.resolved', 'am-a07c2f9d11e8b5c3', '2025-03-01T10:18:02.004Z'],
      ['alert.resolved', 'am-c3b8e1f0a9d27764', '2025-03-01T11:04:10.000Z'],
    ]);
  });

  it('should give a repeated notification of the same alert the same event id (written once)', () => {
    const once = alertmanagerEvents(JSON.parse(fixture('alertmanager-firing.json')), plan.alerts);
    const twice = alertmanagerEvents(JSON.parse(fixture('alertmanager-firing.json')), plan.alerts);
    expect(E.isRight(once) && E.isRight(twice) && once.right.events.map((e) => e.eventId)).toEqual(
      E.isRight(twice) && twice.right.events.map((e) => e.eventId),
    );
  });

  it('should leave out alerts that match no rule when only matched alerts are wanted', () => {
    const mapped = alertmanagerEvents(JSON.parse(fixture('alertmanager-firing.json')), plan.alerts, {
      onlyMatched: true,
    });
    expect(E.isRight(mapped) && mapped.right.events.length).toBe(2);
  });

  it('should name the alert from its labels when there is no fingerprint, independent of label order', () => {
    expect(alertIdOf({ status: 'firing', labels: { a: '1', b: '2' } })).toBe(
      alertIdOf({ status: 'firing', labels: { b: '2', a: '1' } }),
    );
    expect(matchAlertRule({ launchplan_rule: 'alert/uptime' }, plan.alerts)?.id).toBe('alert/uptime');
    expect(matchAlertRule({ alertname: 'Unrelated' }, plan.alerts)).toBeNull();
  });

  it('should refuse a body that is not a webhook payload, with the path of the bad field', () => {
    const mapped = alertmanagerEvents({ alerts: [{ status: 'burning', labels: {} }] }, plan.alerts);
    expect(E.isLeft(mapped) && mapped.left.errors[0]?.path).toBe('alerts.0.status');
  });
});

describe('JUnit report mapping', () => {
  it('should read suites, cases, failures and skips with a real XML parser', () => {
    const report = parseJunit(fixture('junit-ifha.xml'));
    if (E.isLeft(report)) throw new Error(formatJunitError(report.left));
    expect(report.right.cases.map((c) => c.status)).toEqual([
      'passed',
      'passed',
      'passed',
      'failed',
      'passed',
      'skipped',
    ]);
    expect(report.right.cases[3]?.message).toBe('expected 200 from /health, got 503');
    expect(report.right.runId).toBe('ifha.rating.SystemTests@2025-03-01T09:40:12');
  });

  it('should match cases by item id or by name, fail an item when any of its cases fails, and report the unmatched', () => {
    const mapped = junitEvents(fixture('junit-ifha.xml'), plan, { runId: 'ci-1234' });
    if (E.isLeft(mapped)) throw new Error(formatJunitError(mapped.left));
    const { events, matched, unmatched, skipped } = mapped.right;
    expect(events.map((e) => [e.event.type, (e.event as Record<string, unknown>)['itemId']])).toEqual([
      ['test.passed', 'checklist-deploiement-final/validation-pre-production/tests-systeme-complets-reussis'],
      ['test.failed', 'deploiement-production/tests-de-validation-finale/2-tests-de-validation-finale'],
    ]);
    expect(events[1]?.event).toMatchObject({
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types asymmetric matchers as any, to stand in for any field
      message: expect.stringContaining('expected 200 from /health, got 503'),
    });
    expect(matched.filter((m) => m.by === 'id')).toHaveLength(2);
    expect(unmatched.map((u) => u.test)).toEqual(['ifha.web.SmokeTests.login page renders']);
    expect(skipped).toEqual(['deploiement-production.cache warmup']);
    for (const { event } of events) expect(E.isRight(decodeLaunchEvent(event))).toBe(true);
  });

  it('should match cases by the words of the test items when names do not carry ids (etika report)', () => {
    const mapped = junitEvents(fixture('junit-etika.xml'), readExample('etika-platform').plan);
    if (E.isLeft(mapped)) throw new Error(formatJunitError(mapped.left));
    expect(
      mapped.right.matched.filter((m) => m.by === 'name').map((m) => m.itemId.split('/').at(-1)),
    ).toEqual(['tests-de-charge', 'tests-de-performance', 'tests-de-validation-du-consensus']);
    expect(mapped.right.events.find((e) => e.event.type === 'test.failed')?.event).toMatchObject({
      message: 'etika.perf.PerformanceTests.p95 latency under 300 ms: p95 was 412 ms (limit 300 ms)',
    });
  });

  it('should refuse XML that is not well-formed, and XML that is not a JUnit report, with a reason', () => {
    const broken = parseJunit('<testsuite><testcase name="a"></testsuite>');
    expect(E.isLeft(broken) && formatJunitError(broken.left)).toMatch(/not well-formed XML/);
    const other = parseJunit('<html><body/></html>');
    expect(E.isLeft(other) && formatJunitError(other.left)).toMatch(/not a JUnit report/);
  });

  it('should report a test case without a name as unmatched, not drop it', () => {
    const mapped = junitEvents('<testsuite name="x"><testcase/><testcase classname="c"/></testsuite>', plan);
    if (E.isLeft(mapped)) throw new Error(formatJunitError(mapped.left));
    expect(mapped.right.unmatched.map((entry) => entry.test)).toEqual(['(a test case without a name)', 'c.']);
    expect(mapped.right.events).toEqual([]);
  });

  it('should report every case as unmatched for a plan without test items', () => {
    const { plan: lootopia } = readExample('mbayar-go-live');
    const mapped = junitEvents('<testsuite name="s"><testcase name="zzz qqq"/></testsuite>', lootopia);
    expect(E.isRight(mapped) && mapped.right.unmatched.length).toBe(1);
  });
});
