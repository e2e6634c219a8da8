/**
 * The plan's thresholds as Prometheus alerting rules (pure), and the round trip of their labels:
 * an Alertmanager notification carrying a generated rule's labels is recorded against that exact
 * threshold, and one naming another plan or launch is not recorded.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { alertmanagerEvents } from '../../src/ingest/alertmanager.ts';
import { defaultMetricName, planAlertRules, promDuration } from '../../src/ingest/alertRules.ts';
import { decodeMetricMap, frontMatterOf, mergeMetricMaps } from '../../src/ingest/metricMap.ts';
import type { AlertRule, Plan } from '../../src/plan/model.ts';
import { readExample } from '../support/examples.ts';

const { plan: ifha } = readExample('ifha-rating-system');

const rule = (over: Partial<AlertRule> & Pick<AlertRule, 'id' | 'metric'>): AlertRule => ({
  comparison: '>',
  threshold: 5,
  unit: '%',
  side: 'alert',
  raw: `${over.metric} > 5%`,
  from: 'table row in “Monitoring”',
  pos: { line: 12, endLine: 12 },
  ...over,
});
const planWith = (alerts: AlertRule[]): Plan => ({ ...ifha, id: 'checkout', alerts });

const mapOf = (value: unknown) => {
  const map = decodeMetricMap(value, 'test');
  if (E.isLeft(map)) throw new Error(JSON.stringify(map.left));
  return map.right;
};

describe('launchplan rules: thresholds as Prometheus alerting rules', () => {
  it('should fire when an alert threshold is crossed and when a healthy threshold no longer holds', () => {
    const { file } = planAlertRules(
      planWith([
        rule({ id: 'alert/error-rate', metric: 'Error rate', comparison: '>', threshold: 1.5 }),
        rule({ id: 'alert/uptime', metric: 'Uptime', comparison: '>=', threshold: 99.9, side: 'healthy' }),
        rule({ id: 'alert/p99', metric: 'p99 latency', comparison: '<', threshold: 800, side: 'healthy' }),
        rule({ id: 'alert/lag', metric: 'lag', comparison: '=', threshold: 0, side: 'healthy' }),
        rule({ id: 'alert/p99-latency-2', metric: 'P99 latency', comparison: '>', threshold: 900 }),
        rule({ id: 'alert/pct', metric: '%', comparison: '>', threshold: 1 }),
      ]),
      new Map(),
    );
    expect(file.groups.map((group) => group.name)).toEqual(['launchplan/checkout']);
    expect(file.groups[0]?.rules.map((r) => [r.alert, r.expr])).toEqual([
      ['ErrorRate', 'error_rate > 1.5'],
      ['Uptime', 'uptime < 99.9'],
      ['P99Latency', 'p99_latency >= 800'],
      ['Lag', 'lag != 0'],
      ['P99Latency2', 'p99_latency > 900'],
      ['LaunchplanThreshold', 'metric > 1'],
    ]);
  });

  it('should label each rule with its plan and threshold (and launch when given), and keep those over the mapping', () => {
    const { file } = planAlertRules(
      planWith([rule({ id: 'alert/error-rate', metric: 'Error rate' })]),
      mapOf({
        metrics: {
          'error-rate': {
            expr: 'x',
            labels: { launchplan_rule: 'forged', team: 'payments', severity: 'page' },
          },
        },
      }),
      { stream: 'checkout-eu' },
    );
    expect(file.groups[0]?.rules[0]?.labels).toEqual({
      severity: 'page',
      team: 'payments',
      launchplan_plan: 'checkout',
      launchplan_rule: 'alert/error-rate',
      launchplan_stream: 'checkout-eu',
    });
    expect(file.groups[0]?.rules[0]?.annotations).toMatchObject({
      threshold: 'Error rate > 5 %',
      value: '{{ $value }}',
    });
  });

  it('should map a metric by its name, whatever the case and accents, or by threshold id, and say which ones it could not', () => {
    const plan = planWith([
      rule({ id: 'alert/taux-d-erreur', metric: "Taux d'erreur" }),
      rule({
        id: 'alert/p99-latency-2',
        metric: 'P99 latency',
        sustained: { raw: '10 min', unit: 'minute', min: 10, max: 10 },
      }),
      rule({ id: 'alert/temps-reponse', metric: 'Temps réponse moyen' }),
    ]);
    const map = mapOf({
      metrics: {
        "TAUX D'ERREUR": 'sum(rate(errors_total[5m])) / sum(rate(requests_total[5m])) * 100',
        'alert/p99-latency-2': {
          expr: 'histogram_quantile(0.99, rate(http_seconds_bucket[5m])) * 1000',
          for: '2m',
        },
      },
    });
    const { file, unmapped } = planAlertRules(plan, map);
    expect(file.groups[0]?.rules.map((r) => [r.expr, r.for])).toEqual([
      ['(sum(rate(errors_total[5m])) / sum(rate(requests_total[5m])) * 100) > 5', undefined],
      ['(histogram_quantile(0.99, rate(http_seconds_bucket[5m])) * 1000) > 5', '2m'],
      ['temps_reponse_moyen > 5', undefined],
    ]);
    expect(unmapped).toEqual([
      {
        ruleId: 'alert/temps-reponse',
        metric: 'Temps réponse moyen',
        line: 12,
        defaultMetric: 'temps_reponse_moyen',
      },
    ]);
    const onlyMapped = planAlertRules(plan, map, { onlyMapped: true });
    expect(onlyMapped.file.groups[0]?.rules).toHaveLength(2);
    expect(onlyMapped.unmapped[0]?.defaultMetric).toBeNull();
  });

  it('should write metric names and durations Prometheus accepts', () => {
    expect(
      ['Error rate', 'cacheHitRate', '5xx rate', 'Disponibilité système', '%'].map(defaultMetricName),
    ).toEqual(['error_rate', 'cache_hit_rate', 'm_5xx_rate', 'disponibilite_systeme', 'metric']);
    expect(
      [
        { unit: 'minute', min: 5 },
        { unit: 'minute', min: 1.5 },
        { unit: 'hour', min: 24 },
        { unit: 'day', min: 14 },
      ].map((d) => promDuration({ raw: '', max: d.min, ...d } as never)),
    ).toEqual(['5m', '90s', '1d', '2w']);
  });

  it('should read the map from front matter and let a mapping file win, refusing an empty expression, a bad duration or label name by its path', () => {
    const front = frontMatterOf('---\nmetrics:\n  Error rate: a\n  Uptime: b\n---\n# Plan\n');
    if (E.isLeft(front)) throw new Error('front matter parses');
    const own = decodeMetricMap(front.right, 'front matter', true);
    if (E.isLeft(own)) throw new Error('decodes');
    const merged = mergeMetricMaps(own.right, mapOf({ metrics: { Uptime: 'c' } }));
    expect([...merged]).toEqual([
      ['Error rate', { expr: 'a' }],
      ['Uptime', { expr: 'c' }],
    ]);
    expect(E.isRight(frontMatterOf('# no front matter')) && frontMatterOf('# x')).toEqual(E.right(undefined));
    expect(decodeMetricMap({ title: 'x' }, 'front matter', true)).toEqual(E.right(new Map()));
    expect(decodeMetricMap({ metrics: { 'Error rate': ' ' } }, 'map.yaml')).toEqual(
      E.left({
        _tag: 'BadMetricMap',
        where: 'map.yaml',
        errors: [{ path: 'metrics.Error rate', message: 'the expression is empty' }],
      }),
    );
    expect(E.isLeft(decodeMetricMap({ metrics: { 'Error rate': 42 } }, 'map.yaml'))).toBe(true);
    expect(
      decodeMetricMap(
        { metrics: { Lag: { expr: 'lag', for: '5 minutes', labels: { 'team-name': 'x' } } } },
        'map.yaml',
      ),
    ).toEqual(
      E.left({
        _tag: 'BadMetricMap',
        where: 'map.yaml',
        errors: [
          { path: 'metrics.Lag.for', message: '"5 minutes" is not a Prometheus duration (5m, 1h30m, 90s)' },
          {
            path: 'metrics.Lag.labels.team-name',
            message: 'not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)',
          },
        ],
      }),
    );
  });

  it("should bring a firing rule's labels back to its exact threshold, and leave out alerts for another plan or launch", () => {
    const { file } = planAlertRules(ifha, new Map(), { stream: 'ifha' });
    const generated = file.groups[0]?.rules ?? [];
    // Two rules of the plan whose metric words overlap: only the labels tell them apart.
    const target = generated.find((r) => r.labels['launchplan_rule'] === 'alert/cache-hit-rate');
    if (!target) throw new Error('the plan has the threshold');
    const alert = (labels: Record<string, string>, fingerprint: string) => ({
      status: 'firing',
      labels: { alertname: target.alert, ...labels },
      annotations: { value: '42.5', summary: target.annotations['summary'] },
      startsAt: '2026-12-07T10:00:00Z',
      fingerprint,
    });
    const mapped = alertmanagerEvents(
      {
        alerts: [
          alert(target.labels, '0000000000000001'),
          alert({ ...target.labels, launchplan_plan: 'another-plan' }, '0000000000000002'),
          alert({ ...target.labels, launchplan_stream: 'ifha-eu' }, '0000000000000003'),
        ],
      },
      ifha.alerts,
      { planId: ifha.id, stream: 'ifha' },
    );
    if (E.isLeft(mapped)) throw new Error('decodes');
    expect(mapped.right.events.map((e) => e.event)).toEqual([
      expect.objectContaining({
        type: 'alert.fired',
        alertId: 'am-0000000000000001',
        ruleId: 'alert/cache-hit-rate',
        metric: 'Cache hit rate',
        value: 42.5,
      }),
    ]);
    expect(mapped.right.elsewhere).toEqual(['am-0000000000000002', 'am-0000000000000003']);
    expect(mapped.right.unmatched).toEqual([]);
  });
});
