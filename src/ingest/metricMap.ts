/**
 * Where a plan's metric names meet PromQL: the `metrics:` map an author gives in the plan's front
 * matter or in a mapping file (`launchplan rules --metrics map.yaml`). Each entry maps a metric
 * name as the plan writes it ("Error rate", "p99 latency") or a threshold id (`alert/error-rate`)
 * to a PromQL expression giving the value in the plan's unit, and optionally how long it must
 * hold and extra labels. Decoding is pure; reading the files is the command's.
 */
import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { parse as parseYaml } from 'yaml';
import { toPathErrors, type PathError } from '../codecErrors.ts';

/** One mapping: an expression, or an expression with a `for` duration and labels. */
export const MetricMapping = t.union([
  t.string,
  t.intersection([
    t.type({ expr: t.string }),
    t.partial({ for: t.string, labels: t.record(t.string, t.string) }),
  ]),
]);
export type MetricMapping = t.TypeOf<typeof MetricMapping>;

/** The document: `metrics:` keyed by metric name or threshold id. */
export const MetricMapDocument = t.type({ metrics: t.record(t.string, MetricMapping) });

/** A mapping as the rules generator reads it. */
export interface MetricExpression {
  expr: string;
  for?: string;
  labels?: Record<string, string>;
}

/** Metric names (or threshold ids) to expressions. */
export type MetricMap = ReadonlyMap<string, MetricExpression>;

/** Why a mapping cannot be used: where it came from and the fields that do not decode. */
export interface BadMetricMap {
  _tag: 'BadMetricMap';
  /** `front matter`, or the mapping file's path. */
  where: string;
  errors: PathError[];
}

const normalise = (mapping: MetricMapping): MetricExpression =>
  typeof mapping === 'string' ? { expr: mapping } : mapping;

/** Prometheus's duration (`5m`, `1h30m`, `90s`) and label name syntax. */
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** What Prometheus would refuse in a mapping, found before it writes a rule file promtool refuses. */
function problemsOf(path: string, mapping: MetricExpression): PathError[] {
  const problems: PathError[] = [];
  if (mapping.expr.trim() === '') problems.push({ path, message: 'the expression is empty' });
  if (mapping.for !== undefined && !DURATION.test(mapping.for))
    problems.push({
      path: `${path}.for`,
      message: `"${mapping.for}" is not a Prometheus duration (5m, 1h30m, 90s)`,
    });
  for (const name of Object.keys(mapping.labels ?? {}))
    if (!LABEL_NAME.test(name))
      problems.push({
        path: `${path}.labels.${name}`,
        message: 'not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)',
      });
  return problems;
}

/**
 * Decodes a `metrics:` document; `undefined` or a document without `metrics` is an empty map
 * when `optional` (a plan's front matter need not have one).
 *
 * @example
 * decodeMetricMap({ metrics: { 'Error rate': 'job:errors:ratio5m * 100' } }, 'map.yaml')
 * // Right(Map { 'Error rate' => { expr: 'job:errors:ratio5m * 100' } })
 */
export function decodeMetricMap(
  value: unknown,
  where: string,
  optional = false,
): E.Either<BadMetricMap, MetricMap> {
  const absent =
    value === undefined || value === null || (typeof value === 'object' && !('metrics' in value));
  if (optional && absent) return E.right(new Map());
  const decoded = MetricMapDocument.decode(value);
  if (E.isLeft(decoded))
    return E.left({ _tag: 'BadMetricMap', where, errors: toPathErrors(decoded.left).slice(0, 5) });
  const entries = Object.entries(decoded.right.metrics).map(
    ([key, mapping]) => [key, normalise(mapping)] as const,
  );
  const errors = entries.flatMap(([key, mapping]) => problemsOf(`metrics.${key}`, mapping));
  if (errors.length > 0) return E.left({ _tag: 'BadMetricMap', where, errors: errors.slice(0, 5) });
  return E.right(new Map(entries));
}

/** The YAML front matter of a Markdown plan (between the leading `---` lines), parsed; `undefined` without one. */
export function frontMatterOf(markdown: string): E.Either<BadMetricMap, unknown> {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(markdown);
  if (!match) return E.right(undefined);
  try {
    return E.right(parseYaml(match[1] ?? ''));
  } catch (error) {
    return E.left({
      _tag: 'BadMetricMap',
      where: 'front matter',
      errors: [{ path: '', message: `not valid YAML: ${(error as Error).message.split('\n')[0]}` }],
    });
  }
}

/**
 * The map a plan gives itself: a Markdown plan's front matter, a JSON or YAML plan's top-level
 * `metrics`; none is an empty map. `path` names the plan in errors.
 */
export function planMetricMap(
  format: 'markdown' | 'json' | 'yaml',
  text: string,
  path: string,
): E.Either<BadMetricMap, MetricMap> {
  const where = `${path}: front matter`;
  if (format === 'markdown')
    return pipe(
      frontMatterOf(text),
      E.mapLeft((error) => ({ ...error, where })),
      E.flatMap((data) => decodeMetricMap(data, where, true)),
    );
  try {
    return decodeMetricMap(format === 'json' ? JSON.parse(text) : parseYaml(text), path, true);
  } catch (error) {
    return E.left({
      _tag: 'BadMetricMap',
      where: path,
      errors: [{ path: '', message: (error as Error).message }],
    });
  }
}

/** Both maps together: a mapping file's entries win over the front matter's. */
export function mergeMetricMaps(frontMatter: MetricMap, file: MetricMap): MetricMap {
  return new Map([...frontMatter, ...file]);
}

export function formatBadMetricMap(error: BadMetricMap): string {
  return `${error.where}: the metrics map is not usable: ${error.errors
    .map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message))
    .join('; ')}`;
}
