/**
 * How far the reader agrees with a careful launch lead, per dimension of a plan: phases (which
 * sections are the work, in order), tasks (steps, items, ticks and owners of each phase),
 * windows (go-live anchor, phase and step windows), gates (where, how many criteria, a stated
 * verdict), thresholds (alert rules), rollback (triggers, steps, alternatives, readiness checks)
 * and the round trip (every tickable item written back by `status --markdown`).
 *
 * Each dimension scores 0–1 per plan, or is left out when neither the expectation nor the reader
 * has anything in it (the rubric's "–"). Counts earn partial credit (min ÷ max), texts match
 * after folding case, accents, spacing and punctuation.
 */
import { renderChecklistMarkdown } from '../../src/checklist/markdown.ts';
import { readPlanDocument } from '../../src/plan/markdown/readPlan.ts';
import type { Plan } from '../../src/plan/model.ts';
import { planItems } from '../../src/plan/query.ts';
import { fold } from '../../src/plan/text.ts';

export const DIMENSIONS = [
  'phases',
  'tasks',
  'windows',
  'gates',
  'thresholds',
  'rollback',
  'roundTrip',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

type Entry = Record<string, unknown>;

export interface PlanScore {
  scores: Partial<Record<Dimension, number>>;
  /** What disagreed, one line each, to read when a score drops. */
  misses: string[];
}

/** A scalar of a summary as text (an object or a list, which summaries never hold there, as nothing). */
const str = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';

/** Text as compared: lower case, no accents, no punctuation, single spaces. */
export function norm(value: unknown): string {
  return fold(str(value))
    .replace(/[^\p{L}\p{N}<>=%.]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const compact = (text: string): string => norm(text).replace(/ /g, '');

/** Partial credit of a count: 1 when equal, min ÷ max otherwise. */
function ratio(expected: unknown, actual: unknown): number {
  const a = Number(expected ?? 0);
  const b = Number(actual ?? 0);
  return a === b ? 1 : Math.min(a, b) / Math.max(a, b);
}

const list = (value: unknown): Entry[] => (Array.isArray(value) ? (value as Entry[]) : []);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const record = (value: unknown): Entry =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Entry) : {};

/** Index pairs of the longest common subsequence of two lists under `same`. */
function align<A, B>(
  left: readonly A[],
  right: readonly B[],
  same: (a: A, b: B) => boolean,
): [number, number][] {
  const table = Array.from({ length: left.length + 1 }, () => new Array<number>(right.length + 1).fill(0));
  for (let i = left.length - 1; i >= 0; i -= 1)
    for (let j = right.length - 1; j >= 0; j -= 1)
      table[i]![j] = same(left[i]!, right[j]!)
        ? table[i + 1]![j + 1]! + 1
        : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < left.length && j < right.length;) {
    if (same(left[i]!, right[j]!)) {
      pairs.push([i, j]);
      i += 1;
      j += 1;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i += 1;
    else j += 1;
  }
  return pairs;
}

/** Titles agree when equal once folded, or when one holds the other whole (a window dropped). */
export function sameTitle(a: unknown, b: unknown): boolean {
  const x = norm(a);
  const y = norm(b);
  return x === y || (x.length > 3 && y.length > 3 && (x.includes(y) || y.includes(x)));
}

/** F1 of two lists of texts, matched once each. */
function f1(expected: readonly string[], actual: readonly string[], misses: string[], what: string): number {
  const left = actual.map(compact);
  let hits = 0;
  for (const text of expected) {
    const at = left.indexOf(compact(text));
    if (at >= 0) {
      hits += 1;
      left.splice(at, 1);
    } else misses.push(`${what}: missing "${text}"`);
  }
  for (const text of actual)
    if (!expected.some((e) => compact(e) === compact(text))) misses.push(`${what}: extra "${text}"`);
  return expected.length + actual.length === 0 ? 1 : (2 * hits) / (expected.length + actual.length);
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

function phases(expected: Entry[], actual: Entry[], misses: string[]): number {
  const pairs = align(expected, actual, (a, b) => sameTitle(a.title, b.title));
  const matched = new Set(pairs.map(([i]) => i));
  expected.forEach((phase, i) => matched.has(i) || misses.push(`phase missing: "${String(phase.title)}"`));
  const found = new Set(pairs.map(([, j]) => j));
  actual.forEach((phase, j) => found.has(j) || misses.push(`phase extra: "${String(phase.title)}"`));
  return pairs.length / Math.max(expected.length, actual.length);
}

function tasks(expected: Entry, actual: Entry, misses: string[]): number {
  const left = list(expected.phases);
  const right = list(actual.phases);
  const pairs = align(left, right, (a, b) => sameTitle(a.title, b.title));
  const scores: number[] = [];
  for (const [i, j] of pairs) {
    const e = left[i]!;
    const a = right[j]!;
    for (const key of ['steps', 'items', 'done'] as const) {
      const score = ratio(e[key], a[key]);
      scores.push(score);
      if (score < 1)
        misses.push(
          `"${String(e.title)}" ${key}: ${Number(e[key] ?? 0)} expected, ${Number(a[key] ?? 0)} read`,
        );
    }
  }
  // Phases on one side only score nothing for their three counts.
  for (let extra = Math.max(left.length, right.length) - pairs.length; extra > 0; extra -= 1)
    scores.push(0, 0, 0);
  const owners = record(expected.owners);
  const read = record(actual.owners);
  for (const key of new Set([...Object.keys(owners), ...Object.keys(read)])) {
    const same = compact(strings(owners[key]).join(',')) === compact(strings(read[key]).join(','));
    scores.push(same ? 1 : 0);
    if (!same)
      misses.push(
        `owners of "${key}": ${JSON.stringify(owners[key] ?? [])} expected, ${JSON.stringify(read[key] ?? [])} read`,
      );
  }
  return scores.length === 0 ? 1 : mean(scores);
}

/** Every window a plan states, keyed by what it belongs to; `titles` renames the phases matched to the expectation's. */
function windowsOf(summary: Entry, titles: ReadonlyMap<unknown, unknown> = new Map()): Map<string, string> {
  const windows = new Map<string, string>();
  if (summary.goLive) windows.set('go-live', str(summary.goLive));
  for (const phase of list(summary.phases)) {
    const title = norm(titles.get(phase.title) ?? phase.title);
    if (phase.window) windows.set(`phase ${title}`, str(phase.window));
    if (phase.duration) windows.set(`duration ${title}`, str(phase.duration));
  }
  for (const [step, window] of Object.entries(record(summary.windows)))
    windows.set(`step ${norm(step)}`, String(window));
  return windows;
}

function windows(expected: Entry, actual: Entry, misses: string[]): number | undefined {
  const left = list(expected.phases);
  const right = list(actual.phases);
  const titles = new Map(
    align(left, right, (a, b) => sameTitle(a.title, b.title)).map(([i, j]) => [
      right[j]!.title,
      left[i]!.title,
    ]),
  );
  const wanted = windowsOf(expected);
  const read = windowsOf(actual, titles);
  const keys = new Set([...wanted.keys(), ...read.keys()]);
  if (keys.size === 0) return undefined;
  let hits = 0;
  for (const key of keys) {
    const e = wanted.get(key);
    const a = read.get(key);
    if (e !== undefined && a !== undefined && sameTitle(e, a)) hits += 1;
    else misses.push(`window of ${key}: ${e ?? '(none)'} expected, ${a ?? '(none)'} read`);
  }
  return hits / keys.size;
}

function gates(expected: Entry[], actual: Entry[], misses: string[]): number | undefined {
  if (expected.length + actual.length === 0) return undefined;
  const scores: number[] = [];
  const count = Math.max(expected.length, actual.length);
  for (let index = 0; index < count; index += 1) {
    const e = expected[index];
    const a = actual[index];
    if (!e || !a) {
      scores.push(0);
      misses.push(e ? `gate missing: "${String(e.title)}"` : `gate extra: "${String(a?.title)}"`);
      continue;
    }
    const checks = [
      sameTitle(e.before, a.before) ? 1 : 0,
      ratio(e.criteria, a.criteria),
      (e.stated ?? null) === (a.stated ?? null) ? 1 : 0,
      (e.origin ?? 'plan') === (a.origin ?? 'plan') ? 1 : 0,
    ];
    if (checks[0] === 0)
      misses.push(`gate "${String(e.title)}" before: ${String(e.before)} expected, ${String(a.before)} read`);
    if (checks[1]! < 1)
      misses.push(
        `gate "${String(e.title)}" criteria: ${Number(e.criteria ?? 0)} expected, ${Number(a.criteria ?? 0)} read`,
      );
    if (checks[2] === 0)
      misses.push(`gate "${String(e.title)}" stated: ${String(e.stated)} expected, ${String(a.stated)} read`);
    if (checks[3] === 0)
      misses.push(
        `gate "${String(e.title)}" origin: ${str(e.origin) || 'plan'} expected, ${str(a.origin) || 'plan'} read`,
      );
    scores.push(mean(checks));
  }
  return mean(scores);
}

function rollback(
  expected: Entry | undefined,
  actual: Entry | undefined,
  misses: string[],
): number | undefined {
  if (!expected && !actual) return undefined;
  if (!expected || !actual) {
    misses.push(expected ? 'rollback missing' : 'rollback extra');
    return 0;
  }
  const scores = [f1(strings(expected.triggers), strings(actual.triggers), misses, 'rollback trigger')];
  for (const key of ['steps', 'substeps', 'alternatives', 'checks'] as const) {
    if (expected[key] === undefined && actual[key] === undefined) continue;
    const score = ratio(expected[key], actual[key]);
    if (score < 1)
      misses.push(
        `rollback ${key}: ${Number(expected[key] ?? 0)} expected, ${Number(actual[key] ?? 0)} read`,
      );
    scores.push(score);
  }
  return mean(scores);
}

/**
 * Every item the plan can tick, ticked by a launch and written back by `status --markdown`:
 * the share of them that the plan read again shows done (a silent no-op scores nothing).
 */
export function roundTrip(source: Buffer, plan: Plan, misses: string[]): number | undefined {
  const items = planItems(plan).map(({ item }) => item);
  if (items.length === 0) return undefined;
  const rendered = renderChecklistMarkdown(source, plan, new Map(items.map((item) => [item.id, true])));
  // Matched by line: writing a box may change how a line is read (a numbered step becomes an item).
  const again = new Map(
    planItems(readPlanDocument(rendered.markdown, { id: plan.id }).plan).map(({ item }) => [
      item.pos.line,
      item.done,
    ]),
  );
  const kept = items.filter((item) => again.get(item.pos.line) === true);
  const lost = items.length - kept.length;
  if (lost > 0) misses.push(`round trip: ${lost} of ${items.length} item(s) not written back`);
  return kept.length / items.length;
}

/** Scores the reader's summary of a plan against its expectation. */
export function scorePlan(expected: Entry, actual: Entry, source: Buffer, plan: Plan): PlanScore {
  const misses: string[] = [];
  const scores: Partial<Record<Dimension, number>> = {};
  const expectedPhases = list(expected.phases);
  const actualPhases = list(actual.phases);
  if (expectedPhases.length + actualPhases.length > 0) {
    scores.phases = phases(expectedPhases, actualPhases, misses);
    scores.tasks = tasks(expected, actual, misses);
  }
  const set = (dimension: Dimension, score: number | undefined) => {
    if (score !== undefined) scores[dimension] = score;
  };
  set('windows', windows(expected, actual, misses));
  set('gates', gates(list(expected.gates), list(actual.gates), misses));
  const alerts = [strings(expected.alerts), strings(actual.alerts)] as const;
  if (alerts[0].length + alerts[1].length > 0)
    scores.thresholds = f1(alerts[0], alerts[1], misses, 'threshold');
  set(
    'rollback',
    rollback(expected.rollback as Entry | undefined, actual.rollback as Entry | undefined, misses),
  );
  set('roundTrip', roundTrip(source, plan, misses));
  return { scores, misses };
}

/** The mean score of each dimension over the plans where it applies, and their mean. */
export function agreement(scores: readonly PlanScore[]): Record<Dimension | 'overall', number> {
  const result = {} as Record<Dimension | 'overall', number>;
  for (const dimension of DIMENSIONS) {
    const values = scores.map((score) => score.scores[dimension]).filter((value) => value !== undefined);
    result[dimension] = values.length ? mean(values) : 1;
  }
  result.overall = mean(DIMENSIONS.map((dimension) => result[dimension]));
  return result;
}
