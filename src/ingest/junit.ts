/**
 * JUnit XML reports → `test.passed` / `test.failed` events for the plan's test items. The XML is
 * read by fast-xml-parser (after its validator, so a broken file is a reason, not a crash); each
 * test case is matched to a test item by id (the case name or `classname.name` holds the item id or
 * its last segment), else by the share of the item's significant words (its text before " : ")
 * found in the case's name and class name, closer word sets winning ties. Cases of one
 * item are combined: any failure or error fails the item. What matched nothing comes back too.
 */
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { testFailed, testPassed } from '../events/factories.ts';
import type { Plan } from '../plan/model.ts';
import { planItems } from '../plan/query.ts';
import { similarity, slug, wordSet } from '../plan/text.ts';
import type { IngestedEvent } from './alertmanager.ts';

/** One `<testcase>` as read from the report. */
export interface JunitCase {
  name: string;
  classname: string;
  suite: string;
  status: 'passed' | 'failed' | 'skipped';
  message: string | null;
}

/** A report read from XML. */
export interface JunitReport {
  /** The run id: the first suite's name and timestamp, else a digest of the XML. */
  runId: string;
  cases: JunitCase[];
}

/** How a report maps to the plan. */
export interface JunitMapping {
  events: IngestedEvent[];
  /** Which case went to which item, and how it was matched. */
  matched: { test: string; itemId: string; by: 'id' | 'name'; score: number }[];
  /** Cases that matched no test item (or several equally well). */
  unmatched: { test: string; reason: string }[];
  skipped: string[];
}

export interface JunitOptions {
  /** Run id recorded on the events (default: from the report). */
  runId?: string;
  /** Minimum share of a test item's words a case must contain for a fuzzy match (default 0.6); ties go to the closer word sets (Dice). */
  threshold?: number;
}

const ARRAYS = new Set(['testsuite', 'testcase', 'failure', 'error', 'skipped']);
const GENERIC = new Set([
  'test',
  'tests',
  'testing',
  'spec',
  'should',
  'it',
  'suite',
  'check',
  'verify',
  'valid',
  'validation',
]);

type XmlNode = Record<string, unknown>;

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
/** The elements of a list the XML parser made; an element with neither attributes nor content (`<testcase/>`) comes as ''. */
const nodes = (value: unknown): XmlNode[] =>
  Array.isArray(value)
    ? value
        .map((node: unknown) => (node === '' ? {} : node))
        .filter((node): node is XmlNode => typeof node === 'object' && node !== null)
    : [];

function problem(node: XmlNode): string | null {
  const found =
    [...nodes(node['failure']), ...nodes(node['error'])][0] ??
    (Array.isArray(node['failure']) || Array.isArray(node['error']) ? {} : null);
  if (found === null) return null;
  const message = text(found['message']) || text(found['#text']).trim().split('\n')[0] || 'failed';
  return message.length > 500 ? `${message.slice(0, 497)}...` : message;
}

function collectCases(suite: XmlNode, out: JunitCase[]): void {
  const suiteName = text(suite['name']);
  for (const testcase of nodes(suite['testcase'])) {
    const failure = problem(testcase);
    const skipped = Array.isArray(testcase['skipped']);
    out.push({
      name: text(testcase['name']),
      classname: text(testcase['classname']),
      suite: suiteName,
      status: failure !== null ? 'failed' : skipped ? 'skipped' : 'passed',
      message: failure,
    });
  }
  for (const child of nodes(suite['testsuite'])) collectCases(child, out);
}

/**
 * Reads a JUnit XML report (`<testsuites>` or a single `<testsuite>`).
 *
 * @example
 * parseJunit('<testsuite name="api"><testcase name="login"/></testsuite>')
 * // Right({ runId: 'api', cases: [{ name: 'login', status: 'passed', … }] })
 */
export function parseJunit(xml: string): E.Either<JunitError, JunitReport> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    return E.left({
      _tag: 'NotXml',
      message: `${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`,
    });
  let document: XmlNode;
  try {
    document = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      parseAttributeValue: false,
      parseTagValue: false,
      processEntities: true,
      isArray: (name) => ARRAYS.has(name),
    }).parse(xml) as XmlNode;
  } catch (error) {
    return E.left({ _tag: 'NotXml', message: (error as Error).message });
  }
  const root = document['testsuites'];
  const suites =
    root !== undefined ? nodes((root as XmlNode)['testsuite'] ?? []) : nodes(document['testsuite']);
  if (root === undefined && suites.length === 0) return E.left({ _tag: 'NotJunit' });
  const cases: JunitCase[] = [];
  for (const suite of suites) collectCases(suite, cases);
  const first = suites[0];
  const named = first ? [text(first['name']), text(first['timestamp'])].filter(Boolean).join('@') : '';
  const runId = named || `junit-${createHash('sha256').update(xml).digest('hex').slice(0, 12)}`;
  return E.right({ runId, cases });
}

/** The words of a case: its name and the last part of its class name, camelCase and snake_case split. */
function caseWords(testcase: JunitCase): Set<string> {
  const raw = `${testcase.classname.split(/[./]/).at(-1) ?? ''} ${testcase.name}`
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_]/g, ' ');
  return new Set([...wordSet(raw)].filter((word) => !GENERIC.has(word)));
}

/** The words that name an item: its text before " : " (the rest is usually a result or a note). */
function itemWords(itemText: string): Set<string> {
  const name = itemText.split(/\s:\s/)[0] ?? itemText;
  return new Set([...wordSet(name)].filter((word) => !GENERIC.has(word)));
}

const sameWord = (a: string, b: string): boolean =>
  a === b || (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)));

/** The share of an item's words found among a case's words ("prod" ~ "production" counts). */
function coverage(item: ReadonlySet<string>, words: ReadonlySet<string>): number {
  if (item.size === 0) return 0;
  let found = 0;
  for (const word of item) if ([...words].some((other) => sameWord(word, other))) found += 1;
  return found / item.size;
}

/**
 * Maps a report's cases to events for the plan's test items.
 *
 * @example
 * const { events, unmatched } = mapJunit(report, plan);
 * // events: [{ eventId: 'junit:api@…:<item>', event: { type: 'test.failed', itemId, runId, message } }]
 */
export function mapJunit(report: JunitReport, plan: Plan, options: JunitOptions = {}): JunitMapping {
  const threshold = options.threshold ?? 0.6;
  const runId = options.runId ?? report.runId;
  const tests = planItems(plan)
    .filter(({ item }) => item.kind === 'test')
    .map(({ item }) => ({
      id: item.id,
      last: item.id.split('/').at(-1) ?? item.id,
      words: itemWords(item.text),
    }));
  const matched: JunitMapping['matched'] = [];
  const unmatched: JunitMapping['unmatched'] = [];
  const skipped: string[] = [];
  const outcome = new Map<string, { failed: boolean; message: string | null }>();
  for (const testcase of report.cases) {
    const label = testcase.classname ? `${testcase.classname}.${testcase.name}` : testcase.name;
    if (label === '') {
      unmatched.push({
        test: '(a test case without a name)',
        reason: 'the test case has no name or class name to match an item with',
      });
      continue;
    }
    if (testcase.status === 'skipped') {
      skipped.push(label);
      continue;
    }
    const byId = tests.find((test) => label.includes(test.id) || slug(testcase.name) === test.last);
    let target: { id: string; by: 'id' | 'name'; score: number } | null = byId
      ? { id: byId.id, by: 'id', score: 1 }
      : null;
    if (!target) {
      const words = caseWords(testcase);
      const scored = tests
        .map((test) => ({
          id: test.id,
          score: coverage(test.words, words),
          tie: similarity(words, test.words),
        }))
        .sort((a, b) => b.score - a.score || b.tie - a.tie);
      const [best, second] = scored;
      if (!best || best.score < threshold) {
        unmatched.push({
          test: label,
          reason: best
            ? `no test item is close enough (best: ${best.id}, ${best.score.toFixed(2)})`
            : 'the plan has no test item',
        });
        continue;
      }
      if (second && second.score === best.score && second.tie === best.tie) {
        unmatched.push({
          test: label,
          reason: `ambiguous: ${best.id} and ${second.id} match equally (${best.score.toFixed(2)})`,
        });
        continue;
      }
      target = { id: best.id, by: 'name', score: best.score };
    }
    matched.push({ test: label, itemId: target.id, by: target.by, score: Number(target.score.toFixed(3)) });
    const previous = outcome.get(target.id);
    const failed = testcase.status === 'failed';
    if (!previous)
      outcome.set(target.id, {
        failed,
        message: failed ? `${label}: ${testcase.message ?? 'failed'}` : null,
      });
    else if (failed && !previous.failed)
      outcome.set(target.id, { failed: true, message: `${label}: ${testcase.message ?? 'failed'}` });
  }
  const events: IngestedEvent[] = [...outcome.entries()].map(([itemId, result]) => ({
    eventId: `junit:${runId}:${itemId}:${result.failed ? 'failed' : 'passed'}`,
    event: result.failed
      ? testFailed({ itemId, runId, message: result.message ?? 'failed' })
      : testPassed({ itemId, runId }),
  }));
  return { events, matched, unmatched, skipped };
}

/**
 * Parses and maps a JUnit XML report in one step.
 *
 * @example
 * junitEvents(xml, plan) // Right({ events, matched, unmatched, skipped }) | Left({ _tag: 'NotXml', message })
 */
export function junitEvents(
  xml: string,
  plan: Plan,
  options: JunitOptions = {},
): E.Either<JunitError, JunitMapping> {
  return pipe(
    parseJunit(xml),
    E.map((report) => mapJunit(report, plan, options)),
  );
}

/** Why a document is not a JUnit report: not well-formed XML (the parser's reason), or XML of another kind. */
export type JunitError = { _tag: 'NotXml'; message: string } | { _tag: 'NotJunit' };

export function formatJunitError(error: JunitError): string {
  return error._tag === 'NotXml'
    ? `not well-formed XML: ${error.message}`
    : 'not a JUnit report: expected a <testsuites> or <testsuite> root element';
}
