/**
 * A plan's thresholds as Prometheus alerting rules (`launchplan rules`). Pure: the plan, the
 * metric map (metric name → PromQL) and the options give one rule group, plus a note for every
 * threshold whose metric has no mapping. Each rule carries the labels the Alertmanager webhook
 * brings back (`launchplan_plan`, `launchplan_rule`, and `launchplan_stream` when the rules are
 * for one launch), so the service records the alert against that exact threshold
 * (`matchAlertRule`), and the annotation `value`, which the ingest reads as the alert's value.
 */
import { stringify } from 'yaml';
import type { AlertRule, Comparison, Duration, Plan, TimeUnit } from '../plan/model.ts';
import { PLAN_LABEL, RULE_LABEL, squash, STREAM_LABEL } from './alertmanager.ts';
import type { MetricExpression, MetricMap } from './metricMap.ts';

/** One alerting rule, in Prometheus's rule file shape. */
export interface PrometheusRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** A threshold whose metric the map does not name, and what was done with it. */
export interface UnmappedThreshold {
  ruleId: string;
  metric: string;
  line: number;
  /** The metric name the default expression reads, or null when the rule was left out (`onlyMapped`). */
  defaultMetric: string | null;
}

export interface RuleFile {
  groups: { name: string; rules: PrometheusRule[] }[];
}

export interface GeneratedRules {
  file: RuleFile;
  unmapped: UnmappedThreshold[];
}

export interface RuleOptions {
  /** The launch (stream id) the rules are for: adds the `launchplan_stream` label. */
  stream?: string;
  /** Leave out thresholds without a mapping instead of reading a metric named after them. */
  onlyMapped?: boolean;
}

/**
 * The metric name a threshold reads when nothing maps it: the plan's words in snake case, ASCII
 * only, starting with a letter ("Temps réponse moyen" → `temps_reponse_moyen`, "P99 latency" →
 * `p99_latency`, "5xx rate" → `m_5xx_rate`).
 */
export function defaultMetricName(metric: string): string {
  const words = metric
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const name = words.join('_') || 'metric';
  return /^[a-z]/.test(name) ? name : `m_${name}`;
}

/** The mapping of a threshold: by its id, its id's last part, then its metric name (case, accents and punctuation ignored). */
function mappingOf(rule: AlertRule, map: MetricMap): MetricExpression | undefined {
  const wanted = [rule.id, rule.id.replace(/^alert\//, ''), rule.metric].map(squash);
  for (const key of wanted) {
    for (const [name, mapping] of map) if (squash(name) === key) return mapping;
  }
  return undefined;
}

/** The comparison that fires the alert: the plan's own when it says when to alert, its opposite when it says what is healthy. */
const FIRING: Record<'alert' | 'healthy', Record<Comparison, string>> = {
  alert: { '>': '>', '>=': '>=', '<': '<', '<=': '<=', '=': '==' },
  healthy: { '>': '<=', '>=': '<', '<': '>=', '<=': '>', '=': '!=' },
};

const UNIT_SECONDS: Record<TimeUnit, number> = {
  minute: 60,
  hour: 3600,
  day: 86_400,
  week: 604_800,
  month: 2_592_000,
};

/** A plan duration ("for 5 minutes") as a Prometheus duration, in the largest unit that divides it (`5m`, `90s`, `1d`). */
export function promDuration(duration: Duration): string {
  const seconds = Math.max(1, Math.round(duration.min * UNIT_SECONDS[duration.unit]));
  for (const [suffix, size] of [
    ['w', 604_800],
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ] as const)
    if (seconds % size === 0) return `${seconds / size}${suffix}`;
  return `${seconds}s`;
}

/** An alert name from the metric's words: "Temps réponse moyen" → `TempsReponseMoyen`, `cacheHitRate` → `CacheHitRate`. */
function alertName(rule: AlertRule): string {
  const words = defaultMetricName(rule.metric).replace(/^m_/, '').split('_');
  const name = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return name === 'Metric' ? 'LaunchplanThreshold' : name;
}

/** A name not yet taken in the group: the second "P99 latency" rule is `P99Latency2`. */
function unique(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${name}${n}`;
  taken.add(candidate);
  return candidate;
}

const thresholdText = (rule: AlertRule): string =>
  `${rule.metric} ${rule.comparison} ${rule.threshold}${rule.unit ? ` ${rule.unit}` : ''}`;

/**
 * The plan's thresholds (`plan.alerts`) as one rule group named `launchplan/<plan id>`.
 *
 * @example
 * const { file, unmapped } = planAlertRules(plan, new Map([['Error rate', { expr: 'job:errors:percent5m' }]]));
 * // file.groups[0].rules[0] = { alert: 'ErrorRate', expr: '(job:errors:percent5m) > 1', for: '5m',
 * //   labels: { launchplan_plan: 'checkout', launchplan_rule: 'alert/error-rate', severity: 'warning' }, … }
 */
export function planAlertRules(plan: Plan, map: MetricMap, options: RuleOptions = {}): GeneratedRules {
  const rules: PrometheusRule[] = [];
  const unmapped: UnmappedThreshold[] = [];
  const names = new Set<string>();
  for (const rule of plan.alerts) {
    const mapping = mappingOf(rule, map);
    if (!mapping) {
      const defaultMetric = options.onlyMapped ? null : defaultMetricName(rule.metric);
      unmapped.push({ ruleId: rule.id, metric: rule.metric, line: rule.pos.line, defaultMetric });
      if (defaultMetric === null) continue;
    }
    const source = mapping ? `(${mapping.expr.trim()})` : defaultMetricName(rule.metric);
    const hold = mapping?.for ?? (rule.sustained ? promDuration(rule.sustained) : undefined);
    rules.push({
      alert: unique(alertName(rule), names),
      expr: `${source} ${FIRING[rule.side][rule.comparison]} ${rule.threshold}`,
      ...(hold !== undefined ? { for: hold } : {}),
      labels: {
        severity: 'warning',
        ...mapping?.labels,
        // The labels the webhook brings back win over the mapping's own.
        [PLAN_LABEL]: plan.id,
        [RULE_LABEL]: rule.id,
        ...(options.stream !== undefined ? { [STREAM_LABEL]: options.stream } : {}),
      },
      annotations: {
        summary: `${thresholdText(rule)}${rule.side === 'healthy' ? ' no longer holds' : ''} (plan ${plan.id})`,
        threshold: thresholdText(rule),
        description: `${rule.raw} — ${rule.from}${rule.pos.line > 0 ? `, line ${rule.pos.line}` : ''}`,
        value: '{{ $value }}',
      },
    });
  }
  return { file: { groups: [{ name: `launchplan/${plan.id}`, rules }] }, unmapped };
}

/** The notes a rule file starts with: where it came from, and each threshold read under a default name. */
export function unmappedNotes(unmapped: readonly UnmappedThreshold[]): string[] {
  return unmapped.map((note) =>
    note.defaultMetric === null
      ? `left out: "${note.metric}" (${note.ruleId}, line ${note.line}) has no mapping`
      : `no mapping for "${note.metric}" (${note.ruleId}, line ${note.line}): reads the metric ${note.defaultMetric}; map it under metrics: in the front matter or --metrics`,
  );
}

/**
 * The rule file as YAML, starting with comments: where it came from and the notes on thresholds
 * without a mapping (`command` is how it was written, for the reader of the file).
 */
export function renderRuleFile(plan: Plan, generated: GeneratedRules, command: string): string {
  const header = [
    `Prometheus alerting rules for plan "${plan.id}" (${plan.hash}), written by ${command}.`,
    ...(plan.alerts.length === 0 ? ['The plan states no threshold: the group has no rule.'] : []),
    ...unmappedNotes(generated.unmapped),
  ];
  return `${header.map((line) => `# ${line}`).join('\n')}\n${stringify(generated.file, { lineWidth: 0 })}`;
}
