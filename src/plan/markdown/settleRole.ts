/**
 * Settling a role the weights decided: work is the role that needs no evidence, so it wins where
 * nothing else is sure. Two rules look at what the section holds before it is read as a phase:
 * work that holds nothing to do, with another kind of role close behind, is that role; work whose
 * own evidence speaks against it and that holds nothing to do is a description.
 */
import { fold } from '../text.ts';
import { parseWindow } from '../time.ts';
import { withoutBallots } from './ballot.ts';
import type { Collector } from './collect.ts';
import type { Language } from './language.ts';
import { findKeyword, wordsOf } from './keywords.ts';
import { displayTitle, type Section } from './parse.ts';
import type { RoleDecision } from './roles.ts';
import { TITLE_WORDS } from './roleWords.ts';
import { allContent } from './sectionContent.ts';
import { holdsCommand, holdsItems, holdsWorkToDo, isStepList } from './steps.ts';
import { startsWithVerb } from './verbs.ts';

/** Whether a section holds anything to do: lists, task tables, code, ✅/☐ lines (a table of facts is not work). */
export function hasWork(section: Section, language: Language): boolean {
  const nodes = withoutBallots(allContent(section), language);
  return holdsItems(nodes) || nodes.some((node) => node.type === 'code');
}

/**
 * Work is the role that needs no evidence, so it wins where nothing else is sure. A section read as
 * work that holds nothing to do (no item, task table or command) and names no time of its own, with
 * a role of another kind close behind (sign-off, fields, links, a gate), is that other role: an
 * empty phase would pass at once and mean nothing.
 */
/** Roles that are never work to do: a section of these that holds nothing to do is not a phase. */
const NOT_WORK_AT_ALL: ReadonlySet<string> = new Set([
  'signoff',
  'fields',
  'links',
  'contacts',
  'roles',
  'glossary',
  'annex',
  'diagram',
  'gate',
  'risks',
]);

/** A heading that places its section on the plan: a number ("Section 3", "2.") or a window ("First 24 hours"). */
export const numberedOrTimed = (title: string): boolean =>
  parseWindow(title) !== null || /\b\d+\b/u.test(title);

export function settleEmptyWork(
  section: Section,
  decision: RoleDecision,
  collector: Collector,
): RoleDecision {
  const other = decision.runnerUp;
  if (
    decision.role !== 'work' ||
    other === null ||
    !NOT_WORK_AT_ALL.has(other) ||
    hasWork(section, collector.language)
  )
    return decision;
  if (numberedOrTimed(displayTitle(section.rawTitle))) return decision;
  collector.sectionRoles.set(section, other);
  return { ...decision, role: other, why: `${decision.why}; but it holds nothing to do, so ${other}` };
}

/**
 * Work wins where nothing else is sure, but a section whose own evidence speaks against work (a
 * negative score) and that holds nothing to tick or run in order (no box, numbered list, task
 * table or ✅ line) describes: a strategy, an architecture, a pattern. It is a note.
 */
/** A heading that only says "Notes" ("Remarques", "Notas", "Anmerkungen", "Opmerkingen"). */
const NOTES_TITLE =
  /^\P{L}*(?:notes?|remarques?|notas?|observa(?:tions|ciones|coes)|anmerkungen|hinweise|note|opmerkingen|notities)(?:\s+\p{L}+){0,2}\P{L}*$/u;

export function settleDescription(
  section: Section,
  decision: RoleDecision,
  collector: Collector,
): RoleDecision {
  const notes = NOTES_TITLE.test(fold(displayTitle(section.rawTitle)));
  if (decision.role !== 'work' || (decision.score >= 0 && !notes)) return decision;
  const title = displayTitle(section.rawTitle);
  // A numbered, timed or imperative heading is a stage of work, however it is written under it.
  if (/\b\d+\b/u.test(title) || parseWindow(title) !== null || startsWithVerb(title, collector.language))
    return decision;
  // A table of checks (check | what it means | levels) is read as items: it stays work; so do a
  // list of timed entries (a timeline) and sub-sections that each give a command to run.
  const nodes = allContent(section);
  if (
    holdsWorkToDo(nodes) ||
    nodes.some((node) => node.type === 'table' || (node.type === 'list' && isStepList(node)))
  )
    return decision;
  if (section.children.length > 0 && section.children.every(holdsCommand)) return decision;
  // A stage that lists what it delivers is work, however it is described.
  if (section.children.some((child) => findKeyword(wordsOf(child.rawTitle), TITLE_WORDS.deliverables)))
    return decision;
  collector.sectionRoles.set(section, 'overview');
  return {
    ...decision,
    role: 'overview',
    why: `${decision.why}; but nothing in it is to do, so a description`,
  };
}
