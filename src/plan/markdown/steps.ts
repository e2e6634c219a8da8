/**
 * The steps of a phase and their items: a section of work read as one step (its lists, task
 * tables, ✅/☐ lines, fields, code), a numbered or timed list read as one step per entry, and a
 * step with no list of its own as its own single item.
 */
import type { Code, List, ListItem, RootContent, Table } from 'mdast';
import type { CodeBlock, Item, Step } from '../model.ts';
import { slug } from '../text.ts';
import { parseWindow } from '../time.ts';
import { lineWindow } from './lineWindow.ts';
import { isChecklistTitle } from './classify.ts';
import type { Collector } from './collect.ts';
import { describeColumns } from './columns.ts';
import { labelClass, type Classified, type ItemClass } from './criteria.ts';
import {
  itemName,
  itemsFromList,
  itemsFromMarkLines,
  itemText,
  kindOf,
  ownText,
  type ItemContext,
} from './items.ts';
import { hasKeyword, keywords } from './keywords.ts';
import { isLabel, paragraphLines } from './lines.ts';
import { fieldsIn } from './owners.ts';
import { displayTitle, endLineOf, lineOf, plainText, type Section } from './parse.ts';
import { isBoxMark, leadingStatus } from './status.ts';
import { taskTableOf } from './tables.ts';
import { TITLE_WORDS } from './roleWords.ts';

/** What a section inherits from the sections around it. */
export interface StepContext {
  group: string | null;
  checklist: boolean;
  /** What the items read here are for a gate (criteria unless a label says otherwise). */
  itemClass: ItemClass;
  /** Inside a go/no-go section: sub-sections are its criteria, not more gates. */
  inGate: boolean;
}

export function allIds(items: readonly Item[]): string[] {
  return items.flatMap((item) => [item.id, ...allIds(item.children)]);
}

/** Whether nodes hold items: a list, a task table, or ✅/☐ lines (a table of facts holds none). */
export function holdsItems(nodes: readonly RootContent[]): boolean {
  return nodes.some(
    (node) =>
      node.type === 'list' ||
      (node.type === 'table' && taskTableOf(node, []) !== null) ||
      (node.type === 'paragraph' && paragraphLines(node).some((line) => leadingStatus(line.text) !== null)),
  );
}

/** Whether nodes hold work to do rather than notes in bullets: boxes, a numbered list, a task table or ✅/☐ lines. */
export function holdsWorkToDo(nodes: readonly RootContent[]): boolean {
  return nodes.some(
    (node) =>
      (node.type === 'list' &&
        (node.ordered === true ||
          node.children.some((item) => typeof item.checked === 'boolean' || isBoxMark(ownText(item))))) ||
      (node.type !== 'list' && holdsItems([node])),
  );
}

/** Whether a section's own content holds a code block with a line that is not a comment. */
export function holdsCommand(section: Section): boolean {
  return section.content.some(
    (node) =>
      node.type === 'code' &&
      node.value.split('\n').some((line) => line.trim() !== '' && !/^\s*(?:#|\/\/|--|;|rem\s)/iu.test(line)),
  );
}

/** "Done 2026-09-19 08:30 UTC: DNS switched", "Done (see 1)", "Erledigt (12.03.)": a step that records it was done. */
const DONE_RECORD =
  /^\W*(?:done|fait|termin[eé]|hecho|terminado|feito|conclu[ií]do|erledigt|fatto|completato|klaar|gedaan)\b\**\s*(?:\(|\d)/iu;
const saysDone = (text: string): boolean => DONE_RECORD.test(text);

/**
 * An ordered list, or one whose every item carries a time (T-2h, J+1), lists steps, not items;
 * a task list (`- [ ]`) always lists items.
 */
export function isStepList(list: List): boolean {
  if (list.children.some((node) => node.checked !== null && node.checked !== undefined)) return false;
  return list.ordered === true || list.children.every((node) => parseWindow(ownText(node)) !== null);
}

export function stepFromListItem(
  node: ListItem,
  phaseId: string,
  collector: Collector,
  context: StepContext,
): Step {
  const title = itemText(ownText(node));
  const id = collector.uniqueId(`${phaseId}/${slug(itemName(title))}`);
  const items = node.children
    .filter((child): child is List => child.type === 'list')
    .flatMap((list) => itemsFromList(list, itemContext(id, collector, context.checklist), collector.source));
  const pos = { line: lineOf(node), endLine: endLineOf(node) };
  collector.account(pos.line, pos.endLine);
  return {
    id,
    title,
    group: context.group,
    items: items.length
      ? items
      : [
          selfItem(
            id,
            title,
            leadingStatus(ownText(node)) === true || saysDone(ownText(node)),
            pos,
            collector,
          ),
        ],
    window: lineWindow(title),
    owners: [],
    code: codeBlocks(node.children),
    pos,
  };
}

export function readStep(
  section: Section,
  phaseId: string,
  collector: Collector,
  context: StepContext,
  classified: Classified,
): Step {
  const title = displayTitle(section.rawTitle);
  const id = collector.uniqueId(`${phaseId}/${slug(section.title)}`);
  const items: Item[] = [];
  const fields = fieldsIn(section.content);
  for (const line of fields.lines) collector.account(line, line);
  const checklist = context.checklist || isChecklistTitle(section.rawTitle);
  const listContext = itemContext(id, collector, checklist);
  let itemClass = context.itemClass;
  let watching: string | null = null;
  // Under "GO if:" / "NO-GO if:", a leading ✅ or ❌ says which side a condition is on, not that it is done.
  let signed = false;
  const signedContext = itemContext(id, collector, false);
  // Where the work is written as boxes, bullets under "Go criteria:" or "No-go triggers:" say when
  // to go, not what to do (inside a go/no-go section they are its criteria, read as items).
  const boxed = !context.inGate && section.content.some((node) => node.type === 'list' && hasBoxes(node));
  for (const node of section.content) {
    const before = items.length;
    if (node.type === 'list' && watching && !hasBoxes(node)) {
      // "**Alerts to watch:**" then bullets: conditions to look out for, not work to tick.
      collector.explain(lineOf(node), title, 'conditions, not work', watching);
      collector.account(lineOf(node), endLineOf(node));
      watching = null;
      continue;
    }
    if (node.type === 'list') {
      items.push(
        ...itemsFromList(
          { ...node, children: node.children.filter((entry) => !fields.lines.includes(lineOf(entry))) },
          signed ? signedContext : listContext,
          collector.source,
        ),
      );
      signed = false;
    } else if (node.type === 'table') items.push(...tableItems(node, listContext, collector));
    else if (node.type === 'paragraph' && !fields.lines.includes(lineOf(node))) {
      const marked = itemsFromMarkLines(node, listContext, collector.source);
      if (marked) {
        collector.report(
          'items-from-mark-lines',
          'info',
          `${marked.length} line(s) starting with ✅/☐ without a list marker were read as items`,
          lineOf(node),
        );
        items.push(...marked);
      } else if (isLabel(plainText(node))) {
        const label = plainText(node);
        const labelled = labelClass(label);
        itemClass = labelled ?? itemClass;
        signed = labelled === 'criterion' || labelled === 'refusal';
        watching = hasKeyword(label, WATCH_LABEL)
          ? 'a list of bullets under a label naming alerts or warning signs'
          : boxed && (signed || hasKeyword(label, TITLE_WORDS.criteria))
            ? 'bullets under a criteria label, beside work written as boxes'
            : null;
      }
    }
    if (itemClass !== 'criterion') classified[itemClass].push(...allIds(items.slice(before)));
  }
  const pos = { line: section.line, endLine: section.endLine };
  const code = codeBlocks(section.content);
  if (items.length === 0) {
    const headingMark = collector.overrides.emojiStatus === false ? null : leadingStatus(section.rawTitle);
    if (headingMark !== null) collector.markStatusLines.push(section.line);
    items.push(selfItem(id, title, headingMark === true, pos, collector));
  }
  return {
    id,
    title,
    group: context.group,
    items,
    window: parseWindow(section.rawTitle) ?? fields.window,
    owners: fields.owners,
    code,
    pos,
  };
}

const hasBoxes = (list: List): boolean => list.children.some((entry) => typeof entry.checked === 'boolean');

// prettier-ignore
const WATCH_LABEL = keywords(
  'alerts to watch', 'alerts to look for', 'warning signs', 'red flags', 'signs of trouble', 'watch for',
  'alertes a surveiller', 'signaux d alerte', 'alertas para observar', 'alertas a vigilar', 'senales de alerta',
  'sinais de alerta', 'alertas a observar', 'warnsignale', 'warnzeichen', 'segnali di allarme',
  'waarschuwingssignalen', 'alarmsignalen',
);

/** A step with no list of its own is its own single item, so it can still be checked off. */
function selfItem(
  stepId: string,
  title: string,
  done: boolean,
  pos: Step['pos'],
  collector: Collector,
): Item {
  collector.report(
    'step-without-items',
    'info',
    `step "${title}" has no checklist: the step itself is its one item`,
    pos.line,
  );
  const text = itemText(title) || title;
  return {
    id: collector.uniqueId(`${stepId}/${slug(itemName(text))}`),
    text,
    kind: kindOf(text),
    done,
    checkbox: null,
    children: [],
    pos,
  };
}

function tableItems(table: Table, context: ItemContext, collector: Collector): Item[] {
  const tasks = taskTableOf(table, collector.source);
  if (!tasks) return [];
  collector.explain(lineOf(table), 'table', `${tasks.rows.length} item(s)`, describeColumns(tasks.columns));
  return tasks.rows.map((row) => ({
    id: context.uniqueId(`${context.scope}/${slug(itemName(row.text))}`),
    text: row.text,
    kind: kindOf(row.text),
    done: row.done,
    checkbox: null,
    children: [],
    pos: { line: row.line, endLine: row.line },
    ...(row.owners.length ? { owners: row.owners } : {}),
    ...(row.window ? { window: row.window } : {}),
    ...(row.statusCell ? { statusCell: row.statusCell } : {}),
  }));
}

export function itemContext(scope: string, collector: Collector, checklist: boolean): ItemContext {
  const emojiStatus = collector.overrides.emojiStatus;
  return {
    scope,
    uniqueId: collector.uniqueId,
    emojiStatus: emojiStatus === false ? 'never' : emojiStatus === true ? 'always' : 'checklists',
    checklist,
    onMarkStatus: (line) => collector.markStatusLines.push(line),
    onMarkDecoration: (line) => collector.markDecorationLines.push(line),
    onDisagreement: (line) =>
      collector.report(
        'box-mark-disagree',
        'warning',
        'the checkbox and the ✅/❌ mark after it disagree: the checkbox wins',
        line,
      ),
  };
}

export function codeBlocks(nodes: readonly RootContent[]): CodeBlock[] {
  return nodes
    .filter((node): node is Code => node.type === 'code')
    .map((node) => ({
      lang: node.lang ?? null,
      value: node.value,
      pos: { line: lineOf(node), endLine: endLineOf(node) },
    }));
}
