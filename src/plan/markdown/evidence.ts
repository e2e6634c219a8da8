/**
 * The evidence about what a section is, read from several places at once: its heading's words
 * (roleWords.ts), the shape of what it holds (share of checkboxes, of numbered entries, of
 * `Key: value` lines, of placeholders to fill in, of links, of code, of thresholds, of lines
 * that start with a verb), its tables' header vocabulary, its time markers, and its place in the
 * plan. Each piece is a named feature between 0 and 1; roles.ts weighs them (roleWeights.ts).
 */
import type { List, ListItem, RootContent, Table } from 'mdast';
import { fold, memoized, stripEmoji } from '../text.ts';
import { parseWindow } from '../time.ts';
import { isBallot, isChoice, isOption } from './ballot.ts';
import { chooseColumns, isTaskHeader } from './columns.ts';
import { ownText } from './items.ts';
import { findKeyword, wordsOf } from './keywords.ts';
import { paragraphLines } from './lines.ts';
import type { Section } from './parse.ts';
import { HEADER_WORDS, TITLE_WORDS, titleWordsOf, type HeaderWord, type TitleWord } from './roleWords.ts';
import { allContent } from './sectionContent.ts';
import { isContact, isCount, isLegendEntry, linkShare, linkTarget } from './shapes.ts';
import { markStatus, withoutMark } from './status.ts';
import { readTable } from './tables.ts';
import { findThreshold } from './thresholds.ts';
import type { Language } from './language.ts';
import { startsWithVerb, isStatement } from './verbs.ts';

/** Features of the content's shape, each a share (0–1) or a yes/no. */
export const SHAPE_FEATURES = [
  'empty',
  'boxes',
  'numbered',
  'bullets',
  'taskTable',
  'otherTable',
  'marks',
  'fields',
  'placeholders',
  'links',
  'anchors',
  'contacts',
  'counts',
  'legend',
  'code',
  'diagram',
  'prose',
  'thresholds',
  'conditions',
  'verbs',
  'statements',
  'questions',
  'times',
  'verdict',
  'decisions',
  'choice',
  'restated',
  'gateInside',
  'subsections',
] as const;
export type ShapeFeature = (typeof SHAPE_FEATURES)[number];

/** Features of a section's place: its heading's numbering and time, its position in the plan. */
export const PLACE_FEATURES = [
  'numberedTitle',
  'titleTime',
  'first',
  'last',
  'afterGoLive',
  'nested',
] as const;
export type PlaceFeature = (typeof PLACE_FEATURES)[number];

export type Feature = `title.${TitleWord}` | `header.${HeaderWord}` | ShapeFeature | PlaceFeature;

export interface Evidence {
  values: Partial<Record<Feature, number>>;
  /** The words or cells behind a feature, for `--explain`. */
  sources: Partial<Record<Feature, string>>;
}

/** Where a section stands, as its reader knows it. */
export interface Place {
  language: Language;
  /** How many top sections of the plan hold each line of work (see `echoIndex`). */
  echoes: ReadonlyMap<string, number>;
  /** Whether the whole plan is a rollback protocol (its title says so). */
  rollbackPlan: boolean;
  /**
   * Whether another top section holds nearly the same lines ("Wave 1, Wave 2" under Dev, then
   * under Staging): parallel instances of one template, which restate nothing.
   */
  mirrored: boolean;
  first: boolean;
  last: boolean;
  afterGoLive: boolean;
  nested: boolean;
}

const NUMBERED_TITLE =
  /^\P{L}*(phase|étape|etape|etapa|fase|stage|step|schritt|paso|passo|stufe|stap|week|semaine|semana|woche|settimana|day|jour|dia|día|tag|giorno|dag|sprint|wave|vague|ola|onda|welle|golf|lot|batch)\s*\d/iu;

/** Every list entry, nested ones included. */
export function listEntries(list: List): ListItem[] {
  return list.children.flatMap((item) => [
    item,
    ...item.children.filter((child): child is List => child.type === 'list').flatMap(listEntries),
  ]);
}

interface Line {
  text: string;
  /** A label is a paragraph's last line ending in a colon, with the list, table or code it names after it. */
  kind: 'item' | 'prose' | 'row' | 'label';
}

const LABELLED = new Set(['list', 'table', 'code']);

/** The section's text as lines a person reads: list entries, paragraph lines, table rows. */
function linesOf(nodes: readonly RootContent[]): Line[] {
  const lines: Line[] = [];
  for (const [at, node] of nodes.entries()) {
    if (node.type === 'list')
      for (const entry of listEntries(node)) lines.push({ text: ownText(entry), kind: 'item' });
    else if (node.type === 'paragraph') {
      const labels = LABELLED.has(nodes[at + 1]?.type ?? '');
      const paragraph = paragraphLines(node);
      for (const [index, line] of paragraph.entries()) {
        const label = labels && index === paragraph.length - 1 && /:\s*\**\s*$/u.test(line.text);
        lines.push({ text: line.text, kind: label ? 'label' : 'prose' });
      }
    } else if (node.type === 'table')
      for (const row of readTable(node).rows) lines.push({ text: row.raw.join(' | '), kind: 'row' });
    else if (node.type === 'blockquote') lines.push(...linesOf(node.children));
  }
  return lines;
}

const PLACEHOLDER =
  /_{3,}|\.{4,}|\[\s*(?:name|nom|nombre|nome|naam|date|fecha|data|datum|time|heure|hora|ora|tijd|x+|tbd|tbc|owner|responsable|signature|firma|assinatura|unterschrift|version|url|link|\.\.\.)\s*\]|<[a-z][^<>]{0,30}>|\b(?:tbd|tbc|xx\/xx|xx:xx)\b|\?{3}|\[\s\]\s*$|:\s*$/iu;
const FIELD = /^\**[^:*|]{1,40}?\**\s*:\s*\**\S/u;
const CONDITION =
  /^(?:if|when|si|quand|lorsque|cuando|se|quando|wenn|falls|als|indien|qualora|in case|en cas|en caso|em caso|im falle?|in geval|any|toute?s?|cualquier|qualquer|jede[rs]?|qualsiasi|elke)\b/u;
const VERDICT_PHRASE =
  /\b(?:approved for (?:go[\s-]?live|production|launch|release)|go for (?:production|launch|go[\s-]?live))\b|\b(?:decision|verdict|veredicto|veredito|verdetto|entscheidung|besluit|beslissing|resultado|ergebnis|outcome)\s*:\s*\W*(?:no[\s-]?go|go)\b/iu;
const VERDICT_WORD =
  /\b(?:aprovado|aprobado|freigegeben|genehmigt|approuve|approvato|goedgekeurd|rejected|rechazado|reprovado|abgelehnt|rifiutato|afgekeurd)\b/iu;
/**
 * A line that states a verdict: "Approved for go-live", "Decision: GO", or a verdict word that
 * stands as one ("Status: APROVADO", "✅ Freigegeben"). "Converter orçamento aprovado em pedido"
 * is a step about an approved quote.
 */
function statesVerdict(text: string): boolean {
  const folded = fold(text);
  if (VERDICT_PHRASE.test(folded)) return true;
  const word = VERDICT_WORD.exec(folded);
  if (!word) return false;
  const written = text.slice(word.index, word.index + word[0].length);
  const words = folded
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/u)
    .filter(Boolean);
  return (
    words.length <= 4 || written === written.toUpperCase() || /:\s*\W*$/u.test(folded.slice(0, word.index))
  );
}
/** Words of a decision to take or a sign-off to give, in a line of the section. */
const DECISION =
  /\b(?:go\s*[/-]?\s*no[\s-]*go|go or no go|approv\w*|sign[\s-]?off|signoff|decision|decide|verdict|decision|valid\w* finale|feu vert|freigabe|freigeben|abnahme|abnehmen|aprobaci\w*|aprobar|aprova\w*|aprovar|approvazion\w*|approvare|goedkeur\w*|akkoord|firma|assinatura|unterschrift|handtekening)\b/u;
const SHORTCODE = /:[a-z0-9_+-]{2,}:/gu;
const BOX_DRAWING = /[─│┌┐└┘├┤┬┴┼═║╔╗╚╝╠╣╦╩╬▶▼►→↓]/u;

const share = (count: number, total: number): number => (total === 0 ? 0 : count / total);

/** The evidence of one section. */
export function evidenceOf(section: Section, place: Place): Evidence {
  const values: Evidence['values'] = {};
  const sources: Evidence['sources'] = {};
  const set = (feature: Feature, value: number, source?: string) => {
    if (value <= 0) return;
    values[feature] = Math.min(1, value);
    if (source) sources[feature] = source;
  };
  for (const [kind, matched] of Object.entries(titleWordsOf(section.rawTitle)))
    set(`title.${kind as TitleWord}`, 1, `“${matched}”`);
  set('numberedTitle', NUMBERED_TITLE.test(section.rawTitle) ? 1 : 0);
  const titleTime = parseWindow(section.rawTitle);
  set('titleTime', titleTime ? 1 : 0, titleTime?.raw);
  set('first', place.first ? 1 : 0);
  set('last', place.last ? 1 : 0);
  set('afterGoLive', place.afterGoLive ? 1 : 0);
  set('nested', place.nested ? 1 : 0);
  shapeEvidence(allContent(section), place.language, set);
  set('restated', place.mirrored ? 0 : restatedShare(section, place.echoes));
  set('subsections', section.children.length > 0 ? 1 : 0);
  set('gateInside', hasGateInside(section) ? 1 : 0);
  return { values, sources };
}

/** What one line of a section shows, whatever section it is weighed for. */
interface LineTraits {
  mark: boolean;
  field: boolean;
  placeholder: boolean;
  contact: boolean;
  legend: boolean;
  threshold: boolean;
  condition: boolean;
  statement: boolean;
  question: boolean;
  time: boolean;
  decision: boolean;
  choice: boolean;
  verdict: boolean;
}

const traitsOf = memoized((text: string): LineTraits => {
  // An emoji written as a shortcode (`:white_check_mark:`) is neither a field's colon nor a blank after one.
  const plain = text.replace(SHORTCODE, ' ');
  const folded = fold(text);
  return {
    mark: markStatus(text) !== null,
    field: FIELD.test(plain),
    placeholder: PLACEHOLDER.test(plain),
    contact: isContact(text),
    legend: isLegendEntry(text),
    threshold: Boolean(findThreshold(text)?.metric),
    condition: CONDITION.test(folded.replace(/^\W+/u, '')),
    statement: isStatement(text),
    question: /\?\s*$/u.test(text),
    time: parseWindow(text) !== null,
    decision: DECISION.test(folded),
    choice: isChoice(text),
    verdict: statesVerdict(text),
  };
});

function shapeEvidence(
  nodes: readonly RootContent[],
  language: Language,
  set: (feature: Feature, value: number, source?: string) => void,
): void {
  if (nodes.length === 0) {
    set('empty', 1);
    return;
  }
  const lists = nodes.filter((node): node is List => node.type === 'list');
  const entries = lists.flatMap(listEntries);
  const tables = nodes.filter((node): node is Table => node.type === 'table');
  const code = nodes.filter((node) => node.type === 'code');
  const lines = linesOf(nodes);
  const codeLines = code.reduce(
    (sum, node) => sum + (node.type === 'code' ? node.value.split('\n').length : 0),
    0,
  );
  const allLines = lines.length + codeLines;
  const texts = lines.map((line) => line.text);
  const entryTexts = entries.map((entry) => ownText(entry));

  // A ballot's boxes record a verdict: they are not work to tick.
  const ballots = new Set(lists.filter((list) => isBallot(list, language)).flatMap((list) => list.children));
  set(
    'boxes',
    share(
      entries.filter((entry) => typeof entry.checked === 'boolean' && !ballots.has(entry)).length,
      entries.length,
    ),
  );
  set(
    'numbered',
    share(
      lists.filter((list) => list.ordered).reduce((sum, list) => sum + list.children.length, 0),
      entries.length,
    ),
  );
  set('bullets', share(entries.length, allLines));
  const taskTables = tables.filter((table) => isTaskHeader(chooseColumns(readTable(table).header)));
  set('taskTable', share(taskTables.length, tables.length));
  set('otherTable', share(tables.length - taskTables.length, Math.max(1, tables.length)));
  // A section's lines are weighed again for each section above it: what a line shows is computed once.
  const traits = texts.map(traitsOf);
  const byLine = (trait: (line: LineTraits, at: number) => boolean) =>
    share(traits.filter(trait).length, lines.length);
  set(
    'marks',
    byLine((line) => line.mark),
  );
  set(
    'fields',
    byLine((line, at) => lines[at]?.kind !== 'row' && line.field),
  );
  set(
    'placeholders',
    byLine((line, at) => lines[at]?.kind !== 'label' && line.placeholder),
  );
  set('links', share(entries.filter((entry) => linkShare(entry) >= 0.6).length, entries.length));
  set('anchors', share(entries.filter((entry) => linkTarget(entry)?.startsWith('#')).length, entries.length));
  set(
    'contacts',
    byLine((line) => line.contact),
  );
  set('counts', share(entryTexts.filter(isCount).length, entries.length));
  set(
    'legend',
    byLine((line) => line.legend),
  );
  set('code', share(codeLines, allLines));
  const drawing = code.some(
    (node) =>
      node.type === 'code' &&
      (BOX_DRAWING.test(node.value) || /^(mermaid|plantuml|dot)$/i.test(node.lang ?? '')),
  );
  set('diagram', drawing ? 1 : 0);
  set(
    'prose',
    share(
      lines.filter((line) => line.kind === 'prose' && line.text.split(/\s+/).length > 12).length,
      lines.length,
    ),
  );
  set(
    'thresholds',
    byLine((line) => line.threshold),
  );
  set(
    'conditions',
    byLine((line) => line.condition),
  );
  set('verbs', share(entryTexts.filter((text) => startsWithVerb(text, language)).length, entries.length));
  set(
    'statements',
    byLine((line) => line.statement),
  );
  set(
    'questions',
    byLine((line) => line.question),
  );
  set(
    'times',
    byLine((line) => line.time),
  );
  set(
    'decisions',
    byLine((line) => line.decision),
  );
  set('choice', traits.some((line) => line.choice) || entryTexts.filter(isOption).length >= 2 ? 1 : 0);
  const verdict = texts.find((_, at) => traits[at]?.verdict);
  set('verdict', verdict ? 1 : 0, verdict);
  for (const table of tables) headerEvidence(table, set);
}

/** Whether a sub-section's heading names a go/no-go: the section is where the decision is taken. */
function hasGateInside(section: Section): boolean {
  return section.children.some(
    (child) => findKeyword(wordsOf(child.rawTitle), TITLE_WORDS.gate) !== null || hasGateInside(child),
  );
}

/** A line of work as it is compared with the others: folded, letters and digits only, its first 48. */
const echoKey = (text: string): string =>
  fold(stripEmoji(text))
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .slice(0, 48);

const echoKeysOf = new WeakMap<Section, ReadonlySet<string>>();

/** The lines of work of a section and its sub-sections' titles, as echo keys. */
function echoKeys(section: Section): ReadonlySet<string> {
  const known = echoKeysOf.get(section);
  if (known) return known;
  const keys = new Set<string>();
  const add = (text: string) => {
    // Fields ("Owner: ____") and blanks repeat in every section of a template: they restate nothing.
    if (FIELD.test(text) || PLACEHOLDER.test(text)) return;
    const key = echoKey(text);
    if (key.length >= 6) keys.add(key);
  };
  for (const node of allContent(section)) {
    if (node.type === 'list') for (const entry of listEntries(node)) add(withoutMark(ownText(entry)));
    else if (node.type === 'table')
      for (const row of readTable(node).rows) add(row.cells.find((cell) => /\p{L}/u.test(cell)) ?? '');
  }
  const titles = (part: Section): void => part.children.forEach((child) => (add(child.title), titles(child)));
  titles(section);
  echoKeysOf.set(section, keys);
  return keys;
}

/** For each line of work of the plan, how many of its top sections hold it: a recap or a weekly restatement holds lines held elsewhere. */
export function echoIndex(sections: readonly Section[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const section of sections) {
    for (const key of echoKeys(section)) counts.set(key, (counts.get(key) ?? 0) + 1);
    // A section's own title is a line another section may restate ("Semaine 1 : Phase 2").
    const title = echoKey(section.title);
    if (title.length >= 6) counts.set(title, (counts.get(title) ?? 0) + 1);
  }
  return counts;
}

/** The top sections that have a near twin: another section sharing most of their lines of work. */
export function mirroredSections(sections: readonly Section[]): Set<Section> {
  const keys = sections.map(echoKeys);
  const mirrored = new Set<Section>();
  keys.forEach((mine, i) => {
    if (mine.size < 2) return;
    keys.forEach((theirs, j) => {
      if (i === j || theirs.size < 2) return;
      const shared = [...mine].filter((key) => theirs.has(key)).length;
      if (shared / (mine.size + theirs.size - shared) >= 0.6) mirrored.add(sections[i] as Section);
    });
  });
  return mirrored;
}

/** Share of a section's lines of work that another top section also holds. */
/**
 * Share of a section's lines of work that one other section holds too. A line that three or more
 * sections hold is boilerplate ("Sign-off by the client" closing every phase), not a restatement.
 */
function restatedShare(section: Section, echoes: ReadonlyMap<string, number>): number {
  const keys = [...echoKeys(section)].filter((key) => (echoes.get(key) ?? 0) < BOILERPLATE);
  if (keys.length < 2) return 0;
  return keys.filter((key) => (echoes.get(key) ?? 0) >= 2).length / keys.length;
}

const BOILERPLATE = 3;

function headerEvidence(table: Table, set: (feature: Feature, value: number, source?: string) => void): void {
  const header = readTable(table).header;
  for (const [kind, list] of Object.entries(HEADER_WORDS) as [
    HeaderWord,
    (typeof HEADER_WORDS)[HeaderWord],
  ][]) {
    const cells = header.filter((cell) => findKeyword(wordsOf(cell), list));
    if (cells.length > 0) set(`header.${kind}`, Math.min(1, cells.length / 2), cells.join(' | '));
  }
}
