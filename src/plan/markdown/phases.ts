/**
 * A phase section into a `Phase`: its steps (the sections that hold the work, at any depth),
 * the items of each step (lists, task tables, ✅/☐ lines), owners and windows written as fields,
 * objectives and deliverables, code kept as data, alert rules from monitoring sections; and,
 * handed back to the plan reader, the go/no-go, rollback and note sections found inside.
 */
import type { Code, List, ListItem, RootContent, Table } from 'mdast';
import type { CodeBlock, Item, Note, Phase, Step } from '../model.ts';
import { slug } from '../text.ts';
import { parseDuration, parseWindow } from '../time.ts';
import { alertRulesIn, type ThresholdLine } from './alerts.ts';
import { findThreshold } from './thresholds.ts';
import { isAfterLaunchTitle, isChecklistTitle, isContinuousTitle, isMonitoringTitle } from './classify.ts';
import type { Collector } from './collect.ts';
import { describeColumns } from './columns.ts';
import { niceLabel, type OwnCriteria } from './gates.ts';
import {
  itemName,
  itemsFromList,
  itemsFromMarkLines,
  itemText,
  kindOf,
  listsIn,
  ownText,
  type ItemContext,
} from './items.ts';
import { isLabel, paragraphLines } from './lines.ts';
import { readNote, textLines } from './notes.ts';
import { fieldsIn } from './owners.ts';
import { displayTitle, endLineOf, lineOf, plainText, type Section } from './parse.ts';
import { decideRole, NOTE_KINDS } from './sectionRole.ts';
import { leadingStatus } from './status.ts';
import { readTable, taskTableOf } from './tables.ts';

export interface PhaseReading {
  phase: Phase;
  /**
   * Go/no-go sections found inside the phase, with the criteria they list themselves; `first`
   * when the gate opens the phase (it then stands before the phase, not after it).
   */
  gates: { section: Section; own: OwnCriteria | null; first: boolean }[];
  /** Rollback sections found inside the phase, for the plan's rollback protocol. */
  rollbacks: Section[];
  /** Sub-sections that are not work (contacts, links, legends…), kept as notes. */
  notes: Note[];
  /** Items listed under a NICE TO HAVE label. */
  advisory: string[];
}

/** What a section inherits from the sections around it. */
interface Context {
  group: string | null;
  monitoring: boolean;
  checklist: boolean;
  nice: boolean;
}

/** Reads one phase section. */
export function readPhase(section: Section, collector: Collector): PhaseReading {
  const id = collector.uniqueId(slug(section.title));
  const title = displayTitle(section.rawTitle);
  const continuous =
    isContinuousTitle(section.rawTitle) ||
    (collector.overrides.continuous ?? []).some((name) => slug(name) === slug(section.title) || name === id);
  const fields = fieldsIn(section.content);
  const titleWindow = parseWindow(section.rawTitle);
  // "(24 Hours)" is how long the phase lasts; in "(1 Week Before)" the amount is part of a window.
  const duration = fields.duration ?? (titleWindow ? null : parseDuration(title));
  const window =
    titleWindow ??
    fields.window ??
    (duration && isAfterLaunchTitle(title)
      ? { raw: duration.raw, unit: duration.unit, from: 0, to: duration.max, anchor: 'launch' as const }
      : null);
  const phase: Phase = {
    id,
    title,
    kind: continuous ? 'continuous' : 'sequential',
    window,
    duration,
    objectives: [],
    deliverables: [],
    steps: [],
    pos: { line: section.line, endLine: section.endLine },
    ...(fields.owners.length ? { owners: fields.owners } : {}),
  };
  const reading: PhaseReading = { phase, gates: [], rollbacks: [], notes: [], advisory: [] };
  if (continuous)
    collector.report(
      'continuous-phase',
      'info',
      `phase "${title}" is read as continuous (it never finishes)`,
      section.line,
    );
  const context: Context = {
    group: null,
    monitoring: isMonitoringTitle(section.rawTitle),
    checklist: isChecklistTitle(section.rawTitle),
    nice: false,
  };
  readOwnContent(section, reading, collector, context);
  for (const child of section.children) walk(child, reading, collector, context);
  if (phase.steps.length === 0)
    collector.report('empty-phase', 'warning', `phase "${title}" has no steps or items`, section.line);
  return reading;
}

function walk(section: Section, reading: PhaseReading, collector: Collector, outer: Context): void {
  const { role, why } = decideRole(section, collector, false);
  const title = displayTitle(section.rawTitle);
  const nice = niceLabel(section.title);
  const context: Context = {
    ...outer,
    monitoring: outer.monitoring || isMonitoringTitle(section.rawTitle),
    checklist: outer.checklist || isChecklistTitle(section.rawTitle),
    nice: nice ?? outer.nice,
  };
  const { phase } = reading;
  if (role === 'ignore') {
    collector.report('section-ignored', 'info', `section "${title}" is ignored (override)`, section.line);
    collector.account(section.line, section.endLine);
    return;
  }
  if (role === 'gate') return readNestedGate(section, reading, collector, context, why);
  if (role === 'rollback') {
    collector.explain(section.line, title, 'rollback', why);
    reading.rollbacks.push(section);
    return;
  }
  const noteKind =
    role === 'contents' ||
    role === 'contacts' ||
    role === 'links' ||
    role === 'legend' ||
    role === 'progress' ||
    role === 'note'
      ? NOTE_KINDS[role]
      : undefined;
  if (noteKind) {
    collector.explain(section.line, title, `note (${noteKind})`, why);
    reading.notes.push(readNote(section, noteKind, collector));
    return;
  }
  if (role === 'objectives' && section.children.length === 0) {
    collector.explain(section.line, title, 'objectives of the phase', why);
    collector.account(section.line, section.endLine);
    phase.objectives.push(...textLines(section.content));
    return;
  }
  if (role === 'deliverables' && section.children.length === 0) {
    collector.explain(section.line, title, 'deliverables of the phase', why);
    phase.deliverables.push(
      ...listsIn(section.content).flatMap((list) =>
        itemsFromList(
          list,
          itemContext(`${phase.id}/deliverables`, collector, context.checklist),
          collector.source,
        ),
      ),
    );
    return;
  }
  if (section.children.length === 0) {
    collector.explain(
      section.line,
      title,
      'step',
      why === 'no heading word of a special section' ? 'a section of the phase' : `${why}, inside a phase`,
    );
    phase.steps.push(readStep(section, phase.id, collector, context, reading.advisory));
    return;
  }
  collector.explain(section.line, title, 'group of steps', 'it has sub-sections');
  readOwnContent(section, reading, collector, context);
  for (const child of section.children) walk(child, reading, collector, { ...context, group: title });
}

/** A go/no-go inside a phase: what it lists itself becomes a step of the phase and its criteria. */
function readNestedGate(
  section: Section,
  reading: PhaseReading,
  collector: Collector,
  context: Context,
  why: string,
): void {
  collector.explain(section.line, displayTitle(section.rawTitle), 'gate', why);
  const before = reading.phase.steps.length;
  const first = before === 0;
  const advisory: string[] = [];
  const inner: Context = { ...context, checklist: true };
  if (holdsItems(section.content))
    reading.phase.steps.push(
      readStep({ ...section, children: [] }, reading.phase.id, collector, inner, advisory),
    );
  for (const child of section.children)
    if (holdsItems(child.content))
      reading.phase.steps.push(
        readStep(
          child,
          reading.phase.id,
          collector,
          { ...inner, nice: niceLabel(child.title) ?? false },
          advisory,
        ),
      );
  const ids = reading.phase.steps.slice(before).flatMap((step) => allIds(step.items));
  reading.gates.push({
    section,
    own: ids.length ? { criteria: ids.filter((id) => !advisory.includes(id)), advisory } : null,
    first: first && ids.length === 0,
  });
}

function allIds(items: readonly Item[]): string[] {
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

/** Work written straight under a heading that also has sub-headings, or under a bare phase. */
function readOwnContent(
  section: Section,
  reading: PhaseReading,
  collector: Collector,
  context: Context,
): void {
  if (!holdsItems(section.content)) return;
  const lists = listsIn(section.content);
  const { phase } = reading;
  const otherWork = holdsItems(section.content.filter((node) => node.type !== 'list'));
  if (section.children.length === 0 && lists.length > 0 && lists.every(isStepList) && !otherWork) {
    collector.explain(
      lineOf(lists[0] as List),
      displayTitle(section.rawTitle),
      'steps, one per list item',
      'a numbered list, or every item carries a time',
    );
    for (const list of lists)
      for (const node of list.children)
        phase.steps.push(stepFromListItem(node, phase.id, collector, context));
    return;
  }
  phase.steps.push(readStep({ ...section, children: [] }, phase.id, collector, context, reading.advisory));
}

/**
 * An ordered list, or one whose every item carries a time (T-2h, J+1), lists steps, not items;
 * a task list (`- [ ]`) always lists items.
 */
function isStepList(list: List): boolean {
  if (list.children.some((node) => node.checked !== null && node.checked !== undefined)) return false;
  return list.ordered === true || list.children.every((node) => parseWindow(ownText(node)) !== null);
}

function stepFromListItem(node: ListItem, phaseId: string, collector: Collector, context: Context): Step {
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
      : [selfItem(id, title, leadingStatus(ownText(node)) === true, pos, collector)],
    window: parseWindow(title),
    owners: [],
    code: codeBlocks(node.children),
    pos,
  };
}

function readStep(
  section: Section,
  phaseId: string,
  collector: Collector,
  context: Context,
  advisory: string[],
): Step {
  const title = displayTitle(section.rawTitle);
  const id = collector.uniqueId(`${phaseId}/${slug(section.title)}`);
  const items: Item[] = [];
  const fields = fieldsIn(section.content);
  const checklist = context.checklist || isChecklistTitle(section.rawTitle);
  const listContext = itemContext(id, collector, checklist);
  let nice = context.nice;
  for (const node of section.content) {
    const before = items.length;
    if (node.type === 'list') items.push(...itemsFromList(node, listContext, collector.source));
    else if (node.type === 'table') items.push(...tableItems(node, listContext, collector));
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
      } else if (isLabel(plainText(node))) nice = niceLabel(plainText(node)) ?? nice;
    }
    if (nice) advisory.push(...allIds(items.slice(before)));
  }
  const pos = { line: section.line, endLine: section.endLine };
  const code = codeBlocks(section.content);
  if (context.monitoring || isMonitoringTitle(section.rawTitle))
    collector.alerts.push(...alertRulesIn(thresholdLines(section.content, code), collector.uniqueId));
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

function itemContext(scope: string, collector: Collector, checklist: boolean): ItemContext {
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

function codeBlocks(nodes: readonly RootContent[]): CodeBlock[] {
  return nodes
    .filter((node): node is Code => node.type === 'code')
    .map((node) => ({
      lang: node.lang ?? null,
      value: node.value,
      pos: { line: lineOf(node), endLine: endLineOf(node) },
    }));
}

/** Lines of prose, list items, table rows and code of a monitoring section, with their source lines. */
export function thresholdLines(nodes: readonly RootContent[], code: readonly CodeBlock[]): ThresholdLine[] {
  const lines: ThresholdLine[] = code.flatMap((block) =>
    block.value.split('\n').map((text, index) => ({ text, line: block.pos.line + 1 + index })),
  );
  const visit = (node: RootContent): void => {
    if (node.type === 'paragraph') lines.push(...paragraphLines(node));
    if (node.type === 'table') {
      for (const row of readTable(node).rows) {
        const cell = row.cells.slice(1).find((text) => findThreshold(text) !== null) ?? row.cells[0] ?? '';
        lines.push({ text: cell, line: row.line, metric: row.cells[0] ?? '' });
      }
    }
    if (node.type === 'list')
      for (const item of node.children) {
        lines.push({ text: ownText(item), line: lineOf(item) });
        listsIn(item.children).forEach(visit);
      }
  };
  nodes.forEach(visit);
  return lines;
}
