/**
 * A phase section into a `Phase`: its steps (the sections that hold the work, at any depth),
 * the items of each step, objectives and deliverables, code kept as data, and alert rules from
 * monitoring sections.
 */
import type { Code, List, ListItem, RootContent, Table } from 'mdast';
import type { CodeBlock, Item, Phase, Step } from '../model.ts';
import { slug, stripEmoji } from '../text.ts';
import { parseWindow } from '../time.ts';
import { alertRulesIn, type LineText } from './alerts.ts';
import { isContinuousTitle, isMonitoringTitle, roleOfTitle, type SectionRole } from './classify.ts';
import type { Collector } from './collect.ts';
import { itemName, itemsFromList, itemText, kindOf, ownText, leadingStatus, listsIn, type ItemContext } from './items.ts';
import { endLineOf, lineOf, plainText, type Section } from './parse.ts';
import { statusRowsOf } from './tables.ts';

/** The role an author gave a section in overrides, or the one its title suggests. */
export function roleOf(section: Section, collector: Collector): SectionRole | 'phase' | 'note' | 'ignore' {
  const overrides = collector.overrides.sections ?? {};
  for (const [title, role] of Object.entries(overrides)) {
    if (slug(title) === slug(section.title) || slug(title) === slug(section.rawTitle)) return role === 'calendar' ? 'calendar' : role;
  }
  return roleOfTitle(section.rawTitle);
}

export interface PhaseReading {
  phase: Phase;
  /** Go/no-go sections found inside the phase, for the gate reader. */
  gateSections: Section[];
}

/** Reads one phase section. */
export function readPhase(section: Section, collector: Collector): PhaseReading {
  const id = collector.uniqueId(slug(section.title));
  const title = displayTitle(section.rawTitle);
  const continuous =
    isContinuousTitle(section.rawTitle) ||
    (collector.overrides.continuous ?? []).some((name) => slug(name) === slug(section.title) || name === id);
  const phase: Phase = {
    id,
    title,
    kind: continuous ? 'continuous' : 'sequential',
    window: parseWindow(section.rawTitle),
    duration: null,
    objectives: [],
    deliverables: [],
    steps: [],
    pos: { line: section.line, endLine: section.endLine },
  };
  const gateSections: Section[] = [];
  if (continuous) collector.report('continuous-phase', 'info', `phase "${title}" is read as continuous (it never finishes)`, section.line);
  readOwnContent(section, phase, collector, null, isMonitoringTitle(section.rawTitle));
  for (const child of section.children) walk(child, phase, collector, gateSections, null, isMonitoringTitle(section.rawTitle));
  if (phase.steps.length === 0) collector.report('empty-phase', 'warning', `phase "${title}" has no steps or items`, section.line);
  return { phase, gateSections };
}

/** Heading text for display: emoji and markup gone, numbering kept ("Phase 2 : Backend Core"). */
export function displayTitle(rawTitle: string): string {
  return stripEmoji(rawTitle).replace(/\s*:\s*$/, '') || rawTitle;
}

function walk(section: Section, phase: Phase, collector: Collector, gates: Section[], group: string | null, monitoring: boolean): void {
  const role = roleOf(section, collector);
  const inMonitoring = monitoring || isMonitoringTitle(section.rawTitle);
  if (role === 'ignore') return;
  if (role === 'gate') {
    gates.push(section);
    return;
  }
  if (role === 'objectives' && section.children.length === 0) {
    phase.objectives.push(...textLines(section.content));
    return;
  }
  if (role === 'deliverables' && section.children.length === 0) {
    phase.deliverables.push(...listsIn(section.content).flatMap((list) => itemsFromList(list, itemContext(`${phase.id}/deliverables`, collector), collector.source)));
    return;
  }
  if (section.children.length === 0) {
    phase.steps.push(readStep(section, phase.id, group, collector, inMonitoring));
    return;
  }
  readOwnContent(section, phase, collector, group, inMonitoring);
  for (const child of section.children) walk(child, phase, collector, gates, displayTitle(section.rawTitle), inMonitoring);
}

/** Work written straight under a heading that also has sub-headings, or under a bare phase. */
function readOwnContent(section: Section, phase: Phase, collector: Collector, group: string | null, monitoring: boolean): void {
  const lists = listsIn(section.content);
  if (lists.length === 0 && !section.content.some((node) => node.type === 'table')) return;
  if (section.children.length === 0 && lists.length > 0 && lists.every(isStepList)) {
    for (const list of lists) for (const node of list.children) phase.steps.push(stepFromListItem(node, phase.id, group, collector));
    return;
  }
  phase.steps.push(readStep({ ...section, children: [] }, phase.id, group, collector, monitoring));
}

/**
 * An ordered list, or one whose every item carries a time (T-2h, J+1), lists steps, not items;
 * a task list (`- [ ]`) always lists items.
 */
function isStepList(list: List): boolean {
  if (list.children.some((node) => node.checked !== null && node.checked !== undefined)) return false;
  return list.ordered === true || list.children.every((node) => parseWindow(ownText(node)) !== null);
}


function stepFromListItem(node: ListItem, phaseId: string, group: string | null, collector: Collector): Step {
  const title = itemText(ownText(node));
  const id = collector.uniqueId(`${phaseId}/${slug(itemName(title))}`);
  const context = itemContext(id, collector);
  const items = node.children.filter((child): child is List => child.type === 'list').flatMap((list) => itemsFromList(list, context, collector.source));
  const pos = { line: lineOf(node), endLine: endLineOf(node) };
  return {
    id,
    title,
    group,
    items: items.length ? items : [selfItem(id, title, leadingStatus(ownText(node)) === true, pos, collector)],
    window: parseWindow(title),
    owners: [],
    code: codeBlocks(node.children),
    pos,
  };
}

function readStep(section: Section, phaseId: string, group: string | null, collector: Collector, monitoring: boolean): Step {
  const title = displayTitle(section.rawTitle);
  const id = collector.uniqueId(`${phaseId}/${slug(section.title)}`);
  const context = itemContext(id, collector);
  const items: Item[] = [];
  for (const node of section.content) {
    if (node.type === 'list') items.push(...itemsFromList(node, context, collector.source));
    if (node.type === 'table') items.push(...tableItems(node, context));
  }
  const pos = { line: section.line, endLine: section.endLine };
  const code = codeBlocks(section.content);
  if (monitoring) collector.alerts.push(...alertRulesIn(thresholdLines(section.content, code), collector.uniqueId));
  if (items.length === 0) {
    const headingMark = collector.overrides.emojiStatus === false ? null : leadingStatus(section.rawTitle);
    if (headingMark !== null) collector.markStatusLines.push(section.line);
    items.push(selfItem(id, title, headingMark === true, pos, collector));
  }
  return { id, title, group, items, window: parseWindow(section.rawTitle), owners: [], code, pos };
}

/** A step with no list of its own is its own single item, so it can still be checked off. */
function selfItem(stepId: string, title: string, done: boolean, pos: Step['pos'], collector: Collector): Item {
  collector.report('step-without-items', 'info', `step "${title}" has no checklist: the step itself is its one item`, pos.line);
  const text = itemText(title) || title;
  return { id: collector.uniqueId(`${stepId}/${slug(itemName(text))}`), text, kind: kindOf(text), done, checkbox: null, children: [], pos };
}

function tableItems(table: Table, context: ItemContext): Item[] {
  return (statusRowsOf(table) ?? []).map((row) => ({
    id: context.uniqueId(`${context.scope}/${slug(itemName(row.text))}`),
    text: row.text,
    kind: kindOf(row.text),
    done: row.done,
    checkbox: null,
    children: [],
    pos: { line: row.line, endLine: row.line },
  }));
}

export function itemContext(scope: string, collector: Collector): ItemContext {
  return {
    scope,
    uniqueId: collector.uniqueId,
    emojiStatus: collector.overrides.emojiStatus !== false,
    onMarkStatus: (line) => collector.markStatusLines.push(line),
  };
}

function codeBlocks(nodes: readonly RootContent[]): CodeBlock[] {
  return nodes
    .filter((node): node is Code => node.type === 'code')
    .map((node) => ({ lang: node.lang ?? null, value: node.value, pos: { line: lineOf(node), endLine: endLineOf(node) } }));
}

/** Lines of prose, list items and code of a monitoring section, with their source lines. */
function thresholdLines(nodes: readonly RootContent[], code: readonly CodeBlock[]): LineText[] {
  const lines: LineText[] = code.flatMap((block) => block.value.split('\n').map((text, index) => ({ text, line: block.pos.line + 1 + index })));
  const visit = (node: RootContent): void => {
    if (node.type === 'paragraph') lines.push({ text: plainText(node), line: lineOf(node) });
    if (node.type === 'list') for (const item of node.children) {
      lines.push({ text: ownText(item), line: lineOf(item) });
      item.children.forEach(visit);
    }
  };
  nodes.forEach(visit);
  return lines;
}

/** Paragraphs and list items as plain lines (objectives, notes). */
export function textLines(nodes: readonly RootContent[]): string[] {
  const out: string[] = [];
  const visit = (node: RootContent): void => {
    if (node.type === 'list') for (const item of node.children) {
      out.push(itemText(ownText(item)));
      item.children.filter((child) => child.type === 'list').forEach(visit);
    } else if (node.type !== 'thematicBreak' && node.type !== 'html') out.push(stripEmoji(plainText(node)));
  };
  nodes.forEach(visit);
  return out.filter(Boolean);
}
