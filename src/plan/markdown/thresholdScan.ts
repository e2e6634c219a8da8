/**
 * Thresholds wherever a plan writes them — a monitoring table, an item of a phase, a line of
 * prose, a gate's criteria — as alert rules that each say which side of the
 * line their number is and where they were read. A section's role decides what is read: in
 * monitoring and metrics sections every system metric; elsewhere only a metric the words name
 * as the system's (errors, latency, CPU, availability…). People's response times, survey scores
 * and business figures are never alert rules. The same rule written twice is kept once. A
 * rollback trigger's limit stays on the trigger (`Rollback.triggers[].rule`), not repeated here.
 */
import type { List, ListItem, RootContent, Table } from 'mdast';
import type { AlertRule, Comparison, ThresholdSide } from '../model.ts';
import { fold, slug } from '../text.ts';
import type { Collector } from './collect.ts';
import { ownText } from './items.ts';
import { findKeyword, keywords, wordsOf } from './keywords.ts';
import { paragraphLines } from './lines.ts';
import { metricKind, polarity } from './metricKinds.ts';
import { displayTitle, lineOf, type Section } from './parse.ts';
import type { Role } from './roles.ts';
import { TITLE_WORDS } from './roleWords.ts';
import { readTable } from './tables.ts';
import { findThresholds, type FoundThreshold } from './thresholds.ts';

/** How a part of the plan is read for thresholds. */
type Scan = 'monitoring' | 'after' | 'criteria' | 'goals' | 'success' | 'work' | 'skip';

/** Scans where a number is a condition to meet, and a rule only if it says it alerts. */
const JUDGED: ReadonlySet<Scan> = new Set<Scan>(['criteria', 'goals', 'success']);

// prettier-ignore
const ALERT_HEADER = keywords(
  'alert*', 'alerte*', 'alerta*', 'alarm*', 'allarme', 'critical', 'critique', 'critico', 'critica',
  'kritisch*', 'warning', 'avertissement', 'advertencia', 'aviso', 'warnung', 'avviso', 'waarschuwing',
  'trigger*', 'declencheur*', 'disparador*', 'gatilho*', 'ausloser', 'rollback', 'no go', 'page', 'escalate',
);
/** Headings that name the alerts themselves (not "Critical metrics"): what they list alerts. */
// prettier-ignore
const ALERT_TITLE = keywords(
  'alert', 'alerts', 'alerte', 'alertes', 'alerta', 'alertas', 'alarm', 'alarms', 'alarme', 'alarmes', 'alarmas',
  'allarme', 'allarmi', 'alarmen', 'alarmierung', 'alerting',
);

/** Words of a check made once: confirm, verify, test, and their past participles, in seven languages. */
const ONE_TIME_CHECK =
  /\b(?:confirm\w*|verif\w*|test\w*|valid\w*|check(?:ed)?|controle\w*|comprob\w*|conferi\w*|prufe\w*|gepruft|uberpruf\w*|bestatig\w*|controll\w*|controleer\w*|gecontroleerd)\b/u;

/** Headings that name what a launch aims for. */
// prettier-ignore
const GOALS = keywords(
  'objectifs', 'objectives', 'goals', 'objetivos', 'obiettivi', 'ziele', 'doelen', 'doelstellingen',
);

/** Headers that name a limit without saying its side ("Threshold", "Limite"): a bare number there is the alert side. */
// prettier-ignore
const LIMIT_HEADER = keywords(
  'threshold*', 'seuil*', 'umbral*', 'limiar*', 'schwellenwert*', 'soglia', 'soglie', 'drempel*', 'limit*',
  'limite*', 'grenzwert*', 'max', 'maximum',
);
// prettier-ignore
const HEALTHY_HEADER = keywords(
  'target*', 'cible*', 'objetivo*', 'meta', 'ziel*', 'obiettivo', 'doel*', 'expected', 'attendu*', 'esperado*',
  'erwartet*', 'atteso', 'verwacht*', 'normal', 'baseline', 'acceptable', 'aceptable', 'aceitavel',
  'akzeptabel', 'accettabile', 'acceptabel', 'excellent*', 'excelente', 'eccellente', 'uitstekend', 'slo',
  'goal', 'go', 'success', 'succes', 'exito', 'sucesso', 'erfolg*', 'successo', 'ok', 'green', 'vert', 'verde',
  'grun', 'groen', 'sollwert', 'criteria', 'criterio*', 'criteres', 'kriterium', 'criterium',
);

/** How a section is scanned, from its role, its heading, its place and the scan of the section around it. */
function scanOf(role: Role | undefined, title: string, outer: Scan, afterGoLive: boolean): Scan {
  if (role === 'rollback' || outer === 'skip') return 'skip';
  const words = wordsOf(title);
  // Support levels and incident procedures give people's response times (never rules, by their
  // kind) and the system's limits that call for action: read as work, only what says it alerts.
  if (findKeyword(words, PEOPLE_SECTION)) return 'work';
  // Success metrics and launch goals are judged after the fact ("Uptime > 99.5%" in the first
  // week's KPIs): only what says it alerts there is a rule, as in a gate's criteria.
  // Under a launch's goals, their metrics too ("Objectives" › "Technical metrics").
  if (!findKeyword(words, ALERT_TITLE)) {
    if (outer === 'goals' || findKeyword(words, GOALS)) return 'goals';
    if (findKeyword(words, TITLE_WORDS.metrics)) return 'success';
  }
  if (role === 'monitoring' || role === 'metrics' || findKeyword(words, TITLE_WORDS.monitoring))
    return 'monitoring';
  if ((role === 'work' || role === undefined) && (afterGoLive || findKeyword(words, TITLE_WORDS.after)))
    return 'after';
  if (role === 'gate' || findKeyword(words, TITLE_WORDS.criteria)) return 'criteria';
  if (role === 'work' || role === 'deliverables' || role === undefined)
    return outer === 'work' ? 'work' : outer;
  // An annex or an overview may still say what alerts ("p95 > 600 ms for 2 minutes"); a roster,
  // a form or a glossary says no such thing.
  return NO_RULES.has(role) ? 'skip' : 'work';
}

const NO_RULES: ReadonlySet<Role> = new Set<Role>([
  'contacts',
  'roles',
  'signoff',
  'template',
  'glossary',
  'links',
  'legend',
  'contents',
  'progress',
  'fields',
  'ignore',
]);

/** The side of a number: the words around it, then its column, then how the section reads, then the metric's polarity. */
function sideOf(
  found: FoundThreshold,
  metric: string,
  column: ThresholdSide | null,
  scan: Scan,
): ThresholdSide {
  if (found.hint) return found.hint;
  // Held for a while it alerts ("error rate > 5% for 5 min") unless it holds the good side
  // ("error rate < 2% for 30 minutes" before switching the legacy off is a success condition).
  if (found.sustained) return goodSide(found, metric) ? 'healthy' : 'alert';
  if (column) return column;
  if (JUDGED.has(scan)) return 'healthy';
  return polarity(metric) === null || goodSide(found, metric) ? 'healthy' : 'alert';
}

/** Whether a comparison keeps the metric on its good side: low errors, high availability. */
function goodSide(found: FoundThreshold, metric: string): boolean {
  const high = polarity(metric);
  const up = found.comparison === '>' || found.comparison === '>=';
  return (high === 'high-is-bad' && !up) || (high === 'high-is-good' && up);
}

/** What a column's header says of its numbers: their side, or only that they are limits. */
const columnSide = (header: string): ThresholdSide | 'limit' | 'band' | null => {
  const words = wordsOf(header);
  if (findKeyword(words, BAND_HEADER)) return 'band';
  if (findKeyword(words, ALERT_HEADER)) return 'alert';
  if (findKeyword(words, HEALTHY_HEADER)) return 'healthy';
  return findKeyword(words, LIMIT_HEADER) ? 'limit' : null;
};

// prettier-ignore
const PEOPLE_SECTION = keywords(
  'support', 'assistance', 'helpdesk', 'help desk', 'service desk', 'escalation*', 'escalade', 'escalada',
  'eskalation', 'escalonamento', 'incident*', 'incidente*', 'vorfall*', 'storing*', 'sla support', 'hotline',
  'astreinte', 'on call', 'guardia', 'plantao', 'rufbereitschaft', 'reperibilita', 'piket',
);

// prettier-ignore
const BAND_HEADER = keywords(
  'acceptable', 'aceptable', 'aceitavel', 'akzeptabel', 'accettabile', 'acceptabel', 'tolerance', 'tolerancia',
  'toleranz', 'tolleranza', 'attention', 'atencao', 'atencion', 'achtung', 'attenzione', 'aandacht',
);

/** A line that says it alerts: alert wording, or a ❌ 🔴 ⚠️ 🟠 mark in front. */
const ALERT_MARK = /^\s*(?:❌|🔴|⚠️?|🟠|🚨|⛔)/u;

/** A bare number under a threshold column ("| Error rate | 1% | 5% |"): the comparison its side and the metric imply. */
function bareNumber(cell: string, metric: string, side: ThresholdSide): FoundThreshold | null {
  const match = /^\s*(\d+(?:[.,]\d+)?)\s*(%|ms|s|sec|min|h|rps|req\/s)?\s*$/u.exec(cell);
  const high = polarity(metric);
  if (!match?.[1] || !high) return null;
  const badWhenUp = high === 'high-is-bad';
  const comparison: Comparison = side === 'alert' ? (badWhenUp ? '>' : '<') : badWhenUp ? '<=' : '>=';
  return {
    metric,
    comparison,
    threshold: Number(match[1].replace(',', '.')),
    unit: match[2] === 'sec' ? 's' : (match[2] ?? ''),
    hint: side,
  };
}

interface Candidate {
  found: FoundThreshold;
  metric: string;
  column: ThresholdSide | null;
  raw: string;
  line: number;
  from: string;
  /** A box to tick. */
  task?: boolean;
  /**
   * Under a label item that names monitoring, or in a table with a column of alert limits
   * (Target | Critical): read as a monitoring section would be.
   */
  monitored?: boolean;
}

/** Harvests alert rules from every section of the plan. */
export function scanThresholds(
  top: readonly Section[],
  afterGoLive: readonly boolean[],
  collector: Collector,
): AlertRule[] {
  const rules: AlertRule[] = [];
  const seen = new Set<string>();
  const add = (candidate: Candidate, sectionScan: Scan) => {
    const { found, metric } = candidate;
    // Work after the go-live is watched as monitoring is, but a box that says it is checked once
    // ("- [ ] p95 < 400 ms verified", "- [ ] Confirm …") is a rule only if it says it alerts; one
    // that says the level is kept ("availability > 99.5% maintained") is watched.
    const checkedOnce = candidate.task === true && ONE_TIME_CHECK.test(fold(candidate.raw));
    const after = checkedOnce ? 'work' : 'monitoring';
    const scan = candidate.monitored ? 'monitoring' : sectionScan === 'after' ? after : sectionScan;
    const kind = metricKind(metric, found.unit, found.threshold);
    if (kind === 'people' || kind === 'business') return;
    if (kind !== 'system' && scan !== 'monitoring') return;
    // Before the go-live and in a gate's criteria, only what says it alerts is an alert rule.
    // "Error rate > 5% for 5 minutes" holds for a while: an alert condition wherever it is written.
    const alerting = found.hint === 'alert' || (found.sustained !== undefined && !goodSide(found, metric));
    if (scan !== 'monitoring' && !alerting && candidate.column !== 'alert' && !ALERT_MARK.test(candidate.raw))
      return;
    const side = sideOf(found, metric, candidate.column, scan);
    const key = `${fold(metric)} ${found.comparison} ${found.threshold}${found.unit}`;
    if (seen.has(key)) return;
    seen.add(key);
    rules.push({
      id: collector.uniqueId(`alert/${slug(metric)}`),
      metric,
      comparison: found.comparison,
      threshold: found.threshold,
      unit: found.unit,
      side,
      raw: candidate.raw.trim(),
      from: candidate.from,
      pos: { line: candidate.line, endLine: candidate.line },
      ...(found.sustained ? { sustained: found.sustained } : {}),
    });
  };
  const visit = (section: Section, outer: Scan, after = false, alertsUnder = false) => {
    const scan = scanOf(collector.sectionRoles.get(section), section.rawTitle, outer, after);
    // Under a heading that names alerts ("Critical Alerts"), a limit is where it alerts, as in an alert column.
    const alerts = alertsUnder || findKeyword(wordsOf(section.rawTitle), ALERT_TITLE) !== null;
    if (scan !== 'skip')
      for (const candidate of candidatesIn(section.content, displayTitle(section.rawTitle), scan))
        add(alerts && candidate.column === null ? { ...candidate, column: 'alert' } : candidate, scan);
    for (const child of section.children) visit(child, scan, false, alerts);
  };
  top.forEach((section, index) => visit(section, 'work', afterGoLive[index] ?? false));
  return rules;
}

function candidatesIn(nodes: readonly RootContent[], title: string, scan: Scan): Candidate[] {
  const out: Candidate[] = [];
  /** `fallback` names the metric a line leaves bare; `code` asks for a metric that reads as words. */
  const fromText = (
    text: string,
    line: number,
    from: string,
    { fallback = '', code = false, monitored = false, task = false } = {},
  ) => {
    for (const found of findThresholds(text)) {
      // "- Threshold: > 1% for 5 min" under "High error rate alert": the item above names the metric.
      const bare = found.metric !== null && BARE_LIMIT.test(fold(found.metric));
      const metric = (bare && fallback ? fallback : found.metric) ?? fallback;
      if (metric && (!code || /^[\p{L}\d][\p{L}\d _.%/'’-]*$/u.test(metric)))
        out.push({ found, metric, column: null, raw: text, line, from, monitored, task });
    }
  };
  for (const node of nodes) {
    if (node.type === 'list')
      for (const { entry, underMonitoring, parent } of entriesUnderLabels(node))
        fromText(ownText(entry), lineOf(entry), `item in “${title}”`, {
          fallback: namedMetric(parent),
          monitored: underMonitoring && (scan === 'work' || scan === 'after'),
          task: typeof entry.checked === 'boolean',
        });
    else if (node.type === 'paragraph')
      for (const line of paragraphLines(node)) fromText(line.text, line.line, `line in “${title}”`);
    else if (node.type === 'table') out.push(...tableCandidates(node, title));
    // Outside monitoring, `add` keeps only what says it alerts ("error rate > 4% for 1 minute").
    else if (node.type === 'code')
      node.value.split('\n').forEach((text, index) => {
        // In code, only a comparison whose metric reads as words ("# error rate > 2%"), never an assignment.
        if (/[<>≤≥]|:\s*['"]?\d/u.test(text))
          fromText(
            text.replace(/^\s*(?:[-*#]+|\/\/)\s*/u, ''),
            lineOf(node) + 1 + index,
            `code in “${title}”`,
            {
              code: true,
            },
          );
      });
  }
  return out;
}

/**
 * A list's entries, each with whether an item above it names monitoring or alerts ("Monitoring
 * points:", "Alertas configuradas" with the limits as sub-items): such a label says its sub-items
 * are limits that alert, whatever the section around them is.
 */
function entriesUnderLabels(
  list: List,
  under = false,
  parent = '',
): { entry: ListItem; underMonitoring: boolean; parent: string }[] {
  return list.children.flatMap((item) => {
    const text = ownText(item);
    const label = under || findKeyword(wordsOf(text), TITLE_WORDS.monitoring) !== null;
    return [
      { entry: item, underMonitoring: under, parent },
      ...item.children
        .filter((child): child is List => child.type === 'list')
        .flatMap((child) => entriesUnderLabels(child, label, text)),
    ];
  });
}

/** "Threshold", "Seuil", "Limit": a word that names a limit, not what it limits. */
const BARE_LIMIT =
  /^(?:threshold|seuil|umbral|limiar|schwellenwert|soglia|drempel(?:waarde)?|limit[ea]?|grenzwert)$/u;
/** What an item names, as the metric of the limits under it: "**High error rate alert**" → "High error rate". */
const namedMetric = (text: string): string =>
  text
    .replace(/[*_`]/gu, '')
    .replace(/\s+(?:alerts?|alertes?|alertas?|alarms?|alarmes?|allarmi|allarme)\s*:?\s*$/iu, '')
    .trim();

function tableCandidates(table: Table, title: string): Candidate[] {
  const { header, rows } = readTable(table);
  const sides = header.map(columnSide);
  const out: Candidate[] = [];
  const monitored = sides.includes('alert');
  for (const row of rows) {
    const metricAt = row.cells.findIndex((cell) => /\p{L}/u.test(cell));
    const metric = (row.cells[metricAt] ?? '').replace(/\s*[<>≤≥=].*$/u, '').trim();
    row.cells.forEach((cell, index) => {
      const said = sides[index] ?? null;
      if (said === 'band') return;
      const column = said === 'limit' ? null : said;
      const found = findThresholds(cell);
      const bare =
        found.length === 0 && said && index !== metricAt ? bareNumber(cell, metric, column ?? 'alert') : null;
      for (const each of bare ? [bare] : found) {
        // The cell's own metric when it is the row's, said more fully ("Replication" → "Replication lag").
        const fuller = each.metric && fold(each.metric).includes(fold(metric));
        const name = each.metric && (index === metricAt || fuller) ? each.metric : metric;
        if (name)
          out.push({
            found: each,
            metric: name,
            column,
            raw: row.cells.join(' | '),
            line: row.line,
            from: `table row in “${title}”`,
            monitored,
          });
      }
    });
  }
  return out;
}
