/**
 * `launchplan rules`: the rules of every example plan (examples/plans, through the command) and
 * every corpus plan (test/fixtures/plans, through the same functions in-process: a command run
 * per plan starts a reader worker each time) pass `promtool check rules`; the metric map from
 * front matter and from `--metrics`; notes for thresholds without a mapping; `--json`.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { planAlertRules, renderRuleFile, type RuleFile } from '../../src/ingest/alertRules.ts';
import { planMetricMap } from '../../src/ingest/metricMap.ts';
import { readPlanDocument } from '../../src/plan/markdown/readPlan.ts';
import { runCli } from '../support/cli.ts';
import { EXAMPLE_IDS, examplePath } from '../support/examples.ts';
import { needTool, PROMTOOL, runTool, skipWithout } from '../support/prometheus.ts';

const CORPUS = fileURLToPath(new URL('../fixtures/plans', import.meta.url));

/** A plan with one threshold mapped in its front matter and one left to the mapping file. */
const PLAN = `---
metrics:
  Error rate: sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) * 100
  P99 latency: { expr: "0", for: 1m }
---
# Checkout go-live

## Phase 1: Launch

### Open the traffic

- [ ] Switch the DNS

## Monitoring

| Metric | Alert threshold |
| --- | --- |
| Error rate | > 2% for 5 minutes |
| P99 latency | > 800 ms |
| Queue depth | > 1000 |
`;

describe('launchplan rules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-rules-'));

  it.skipIf(skipWithout({ promtool: PROMTOOL }))(
    'should write rules that promtool check rules accepts for every example and corpus plan',
    async () => {
      const files: string[] = [];
      for (const id of EXAMPLE_IDS) {
        const out = join(dir, `${id}.rules.yml`);
        const result = await runCli('rules', examplePath(id), '--out', out);
        expect(result.code, `${id}: ${result.err}`).toBe(0);
        files.push(out);
      }
      const corpus = readdirSync(CORPUS).filter((name) => name.endsWith('.md') && name !== 'README.md');
      for (const name of corpus) {
        const source = readFileSync(join(CORPUS, name));
        const { plan } = readPlanDocument(source, { id: basename(name, '.md') });
        const map = planMetricMap('markdown', source.toString('utf8'), name);
        if (E.isLeft(map)) throw new Error(`${name}: ${JSON.stringify(map.left)}`);
        const out = join(dir, `corpus-${basename(name, '.md')}.rules.yml`);
        writeFileSync(out, renderRuleFile(plan, planAlertRules(plan, map.right), `the test for ${name}`));
        files.push(out);
      }
      expect(corpus.length).toBeGreaterThanOrEqual(100);
      const checked = await runTool(needTool('promtool', PROMTOOL), ['check', 'rules', ...files]);
      expect(checked.stderr, checked.stdout).toBe('');
      expect(checked.code).toBe(0);
      expect(checked.stdout.match(/SUCCESS/g)).toHaveLength(files.length);
    },
    // Reading the 105 corpus plans takes 2–3 s on an idle machine, 20 s on a shared one.
    120_000,
  );

  it('should take the front matter map, let --metrics win over it, and note the threshold left unmapped', async () => {
    const plan = join(dir, 'checkout.md');
    writeFileSync(plan, PLAN);
    const map = join(dir, 'map.yaml');
    writeFileSync(
      map,
      'metrics:\n  alert/p99-latency: histogram_quantile(0.99, rate(http_seconds_bucket[5m])) * 1000\n',
    );
    const result = await runCli('rules', plan, '--metrics', map, '--stream', 'checkout-eu');
    expect(result.code, result.err).toBe(0);
    const file = parseYaml(result.out) as RuleFile;
    expect(file.groups[0]?.rules.map((rule) => [rule.alert, rule.expr, rule.for ?? null])).toEqual([
      [
        'ErrorRate',
        '(sum(rate(http_requests_total{code=~"5.."}[5m])) / sum(rate(http_requests_total[5m])) * 100) > 2',
        '5m',
      ],
      ['P99Latency', '(histogram_quantile(0.99, rate(http_seconds_bucket[5m])) * 1000) > 800', null],
      ['QueueDepth', 'queue_depth > 1000', null],
    ]);
    expect(file.groups[0]?.rules[0]?.labels).toEqual({
      severity: 'warning',
      launchplan_plan: 'checkout',
      launchplan_rule: 'alert/error-rate',
      launchplan_stream: 'checkout-eu',
    });
    const note = `no mapping for "Queue depth" (alert/queue-depth, line 20): reads the metric queue_depth`;
    expect(result.err).toContain(`${plan}: ${note}`);
    expect(result.out).toContain(`# ${note}`);
  });

  it('should answer --json with the counts and the unmapped thresholds, and refuse a broken mapping file (exit 2)', async () => {
    const plan = join(dir, 'checkout.md');
    writeFileSync(plan, PLAN);
    const json = await runCli('rules', plan, '--only-mapped', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({
      plan: 'checkout',
      rules: 2,
      unmapped: [{ ruleId: 'alert/queue-depth', metric: 'Queue depth', line: 20, defaultMetric: null }],
    });
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'metrics:\n  Error rate: [1, 2]\n');
    const refused = await runCli('rules', plan, '--metrics', bad);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(new RegExp(`^${bad}: the metrics map is not usable: metrics\\.Error rate`));
    expect(refused.out).toBe('');
  });
});
