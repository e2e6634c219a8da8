/**
 * The role of a section, decided once with its reason: an author's override, a "Phase N"
 * title, the heading's words (classify.ts), or the shape of what the section holds: a table of
 * contents, a list of links or contacts, a progress summary ("Phase 1 : Tests (0/15)"), a
 * legend ("✅ = done"). Sections that hold no work are notes.
 */
import type { List, ListItem, RootContent } from 'mdast';
import type { NoteKind } from '../model.ts';
import { slug } from '../text.ts';
import { classifyTitle, type SectionRole } from './classify.ts';
import { chooseColumns, isTaskHeader } from './columns.ts';
import type { Collector } from './collect.ts';
import { ownText } from './items.ts';
import { plainText, type Section } from './parse.ts';
import { markStatus } from './status.ts';
import { readTable } from './tables.ts';

export type Role = SectionRole | 'phase' | 'note' | 'ignore';

export interface RoleDecision {
  role: Role;
  why: string;
}

/** Note kinds of the roles that are notes. */
export const NOTE_KINDS: Partial<Record<Role, NoteKind>> = {
  objectives: 'objectives',
  overview: 'overview',
  roles: 'roles',
  metrics: 'metrics',
  conclusion: 'conclusion',
  annex: 'annex',
  calendar: 'schedule',
  durations: 'schedule',
  weekly: 'schedule',
  contents: 'contents',
  contacts: 'contacts',
  links: 'links',
  legend: 'legend',
  progress: 'progress',
  note: 'other',
};

// Sections are asked for all their nodes many times in one read (role, work, rollback, gates).
const contents = new WeakMap<Section, RootContent[]>();

/** Every node of a section and its sub-sections, in document order. */
export function allContent(section: Section): RootContent[] {
  const known = contents.get(section);
  if (known) return known;
  const nodes = [...section.content, ...section.children.flatMap(allContent)];
  contents.set(section, nodes);
  return nodes;
}

const PHASE_TITLE = /^\P{L}*(phase|étape|etape|etapa|fase|stage|step|schritt|paso|passo|stufe)\s*\d/iu;

/** Decides what a section is; `top` for the plan's top sections, where "Phase N" makes a phase. */
export function decideRole(section: Section, collector: Collector, top: boolean): RoleDecision {
  for (const [title, role] of Object.entries(collector.overrides.sections ?? {})) {
    if (slug(title) === slug(section.title) || slug(title) === slug(section.rawTitle))
      return { role, why: `override sections: "${title}": ${role}` };
  }
  const { role, match } = classifyTitle(section.rawTitle);
  const word = match ? `heading word “${match.matched}”` : '';
  if (top && PHASE_TITLE.test(section.rawTitle))
    return role === 'gate'
      ? { role, why: `${word} in a numbered phase` }
      : { role: 'phase', why: 'the title numbers a phase' };
  if (role === 'gate' || role === 'rollback' || role === 'risks') return { role, why: word };
  const shape = shapeOf(allContent(section));
  if (shape) return shape;
  if ((role === 'calendar' || NOT_WORK_BY_TITLE.has(role)) && holdsTasks(section))
    return { role: 'work', why: `${word}, but it holds task lists or task tables` };
  return { role, why: word || 'no heading word of a special section' };
}

/** Roles given by a title alone that a checklist under it overrules (its shape was not a summary, a legend…). */
const NOT_WORK_BY_TITLE = new Set<Role>(['progress', 'contents', 'links', 'contacts', 'legend', 'weekly']);

/** Whether the section holds checkboxes or tables with a status column (work, whatever its title says). */
function holdsTasks(section: Section): boolean {
  return allContent(section).some((node) =>
    node.type === 'list'
      ? listItems(node).some((item) => item.checked !== null && item.checked !== undefined)
      : node.type === 'table' && isTaskHeader(chooseColumns(readTable(node).header)),
  );
}

function listItems(list: List): ListItem[] {
  return list.children.flatMap((item) => [
    item,
    ...item.children.filter((child): child is List => child.type === 'list').flatMap(listItems),
  ]);
}

/** A contact: "Label: ____", "Label: @handle", an e-mail address or a phone number. */
const CONTACT =
  /^[^:]{1,40}:\s*(_{2,}|@[\w.-]+|tbd|à définir|por definir|a definir)|[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d .()-]{7,}\d/iu;
const COUNT = /\(?\b\d+\s*\/\s*\d+\b\)?\s*$|\b\d{1,3}\s*%\s*\)?\s*$/u;
const LEGEND_ENTRY = /^\s*\S{1,4}\s*(=|:|→|–|—|-)\s*\S+(\s+\S+){0,3}\s*$/u;

/** A section whose lists or tables are a table of contents, links, contacts, a progress summary or a legend. */
function shapeOf(nodes: readonly RootContent[]): RoleDecision | null {
  const lists = nodes.filter((node): node is List => node.type === 'list');
  const tables = nodes.filter((node) => node.type === 'table');
  const items = lists.flatMap(listItems);
  if (items.length >= 2 && tables.length === 0) {
    const texts = items.map((item) => ownText(item));
    if (texts.every((text) => COUNT.test(text) && !/[<>≤≥=]/u.test(text)))
      return {
        role: 'progress',
        why: 'every item ends with a count or a percentage (a summary of the plan, not work)',
      };
    // A checklist is work, whatever its items mention.
    if (items.some((item) => item.checked !== null && item.checked !== undefined)) return null;
    const links = items.map(linkShare);
    if (items.every((item) => linkTarget(item)?.startsWith('#')))
      return { role: 'contents', why: 'every item links to a heading of the plan (#…)' };
    if (links.every((share) => share >= 0.6)) return { role: 'links', why: 'every item is a link' };
    if (texts.every((text) => CONTACT.test(text)))
      return {
        role: 'contacts',
        why: 'every item is a contact (a handle, e-mail, phone or blank to fill in)',
      };
    if (texts.every((text) => markStatus(text) !== null && LEGEND_ENTRY.test(text)))
      return { role: 'legend', why: 'every item explains a mark (✅ = …)' };
  }
  if (
    lists.length === 0 &&
    tables.length > 0 &&
    tables.every(
      (table) =>
        table.type === 'table' && isLegendTable(readTable(table).rows.map((row) => row.raw[0] ?? '')),
    )
  ) {
    return { role: 'legend', why: 'its table explains marks (first column: a symbol)' };
  }
  return null;
}

function isLegendTable(firstCells: readonly string[]): boolean {
  return (
    firstCells.length >= 2 &&
    firstCells.every(
      (cell) =>
        markStatus(cell) !== null && cell.replace(/[\p{Extended_Pictographic}\uFE0F\s]/gu, '').length <= 3,
    )
  );
}

function linkTarget(item: ListItem): string | null {
  const paragraph = item.children.find((child) => child.type === 'paragraph');
  const link = paragraph?.children.find((child) => child.type === 'link');
  return link && link.type === 'link' ? link.url : null;
}

/** Share of an item's own text that is link text or a bare URL. */
function linkShare(item: ListItem): number {
  const paragraph = item.children.find((child) => child.type === 'paragraph');
  if (!paragraph) return 0;
  const all = plainText(paragraph).replace(/\s+/g, '').length;
  const linked = paragraph.children
    .filter((child) => child.type === 'link')
    .map((child) => plainText(child).replace(/\s+/g, '').length)
    .reduce((a, b) => a + b, 0);
  return all === 0 ? 0 : linked / all;
}
