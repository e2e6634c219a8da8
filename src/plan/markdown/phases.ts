/**
 * A phase section into a `Phase`: its steps (the sections that hold the work, at any depth),
 * the items of each step (lists, task tables, ✅/☐ lines), owners and windows written as fields,
 * objectives and deliverables, code kept as data, alert rules from monitoring sections; and,
 * handed back to the plan reader, the go/no-go, rollback and note sections found inside.
 */
import type { List } from 'mdast';
import type { Note, Phase } from '../model.ts';
import { slug } from '../text.ts';
import { parseDuration, parseWindow } from '../time.ts';
import { setBallotsApart } from './ballot.ts';
import { isAfterLaunchTitle, isChecklistTitle, isContinuousTitle } from './classify.ts';
import type { Collector } from './collect.ts';
import { emptyClassified, gateCriteria, labelClass, type Classified } from './criteria.ts';
import { stateOf, type OwnCriteria } from './gates.ts';
import { itemsFromList, listsIn } from './items.ts';
import { readNote, textLines } from './notes.ts';
import { fieldsIn } from './owners.ts';
import { findKeyword, wordsOf } from './keywords.ts';
import { TITLE_WORDS } from './roleWords.ts';
import { withoutRollbackProse } from './rollbackProse.ts';
import { displayTitle, lineOf, plainText, type Section } from './parse.ts';
import type { Place } from './evidence.ts';
import { decideRole, settleAdvice, NOTE_KINDS } from './roles.ts';
import {
  allIds,
  holdsCommand,
  holdsItems,
  isStepList,
  itemContext,
  readStep,
  stepFromListItem,
  type StepContext,
} from './steps.ts';

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
  /** Items that are not a gate's criteria: nice-to-haves, refusal conditions, actions after the decision. */
  classified: Classified;
  /** Risk sections found inside the phase. */
  risks: Section[];
}

type Context = StepContext;

/** Reads one phase section. */
export function readPhase(
  written: Section,
  collector: Collector,
  options: { afterGoLive?: boolean; gate?: boolean } = {},
): PhaseReading {
  // "Rollback (any time): point the host back …" in the cutover's prose is the rollback protocol.
  const { section, rollbacks } = withoutRollbackProse(written);
  const afterGoLive = options.afterGoLive ?? false;
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
  const reading: PhaseReading = {
    phase,
    gates: [],
    rollbacks,
    notes: [],
    classified: emptyClassified(),
    risks: [],
  };
  if (continuous)
    collector.report(
      'continuous-phase',
      'info',
      `phase "${title}" is read as continuous (it never finishes)`,
      section.line,
    );
  const context: Context = {
    group: null,
    checklist: isChecklistTitle(section.rawTitle) || options.gate === true,
    itemClass: 'criterion',
    inGate: options.gate === true,
  };
  readOwnContent(section, reading, collector, context);
  walkChildren(section, reading, collector, context, afterGoLive);
  if (
    phase.steps.length === 0 &&
    section.content.some((node) => node.type === 'paragraph' || node.type === 'code')
  )
    phase.steps.push(
      readStep({ ...section, children: [] }, phase.id, collector, context, reading.classified),
    );
  if (phase.steps.length === 0)
    collector.report('empty-phase', 'warning', `phase "${title}" has no steps or items`, section.line);
  return reading;
}

function walk(
  written: Section,
  reading: PhaseReading,
  collector: Collector,
  outer: Context,
  place: Place,
): void {
  // Inside a gate, a ballot (GO / NO-GO to tick) is the verdict, not work.
  const section = outer.inGate ? setBallotsApart(written, collector) : written;
  const { role, why } = decideRole(section, collector, place);
  collector.sectionRoles.set(written, role);
  const title = displayTitle(section.rawTitle);
  const context: Context = {
    ...outer,
    checklist: outer.checklist || isChecklistTitle(section.rawTitle),
    itemClass: labelClass(section.title) ?? outer.itemClass,
  };
  const { phase } = reading;
  if (role === 'ignore') {
    collector.report('section-ignored', 'info', `section "${title}" is ignored (override)`, section.line);
    collector.account(section.line, section.endLine);
    return;
  }
  if (role === 'gate' && !context.inGate) return readNestedGate(section, reading, collector, context, why);
  // A sign-off that states its verdict ("Status: APPROVED by the board") records the decision there.
  if (role === 'signoff' && !context.inGate && stateOf(section) !== null)
    return readNestedGate(section, reading, collector, context, `${why}; it states a verdict`);
  if (role === 'rollback') {
    collector.explain(section.line, title, 'rollback', why);
    reading.rollbacks.push(section);
    return;
  }
  if (role === 'risks') {
    collector.explain(section.line, title, 'risks', why);
    reading.risks.push(section);
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
  // A command to run is work, whatever fields sit beside it ("Option 2: GO" over the cutover script
  // and a "Result: PASS ☐ / FAIL ☐ | Date: ____" line).
  const runsCommand = (role === 'fields' || role === 'contacts') && holdsCommand(section);
  if (runsCommand) settleAdvice(section, 'step', collector);
  const noteKind = role === 'gate' || runsCommand ? undefined : NOTE_KINDS[role];
  // Work written as prose, a command or a table of facts is still a step of the phase (its own one item).
  const says = section.content.filter((node) => node.type !== 'html' && node.type !== 'thematicBreak');
  // "Escalation criteria" opening with "**Trigger rollback if:**" over a list: rollback triggers.
  if (noteKind && labelsRollback(section)) {
    collector.explain(section.line, title, 'rollback', `${why}; but its list is labelled as a rollback's`);
    reading.rollbacks.push(section);
    return;
  }
  if (noteKind || says.length + section.children.length === 0) {
    collector.explain(
      section.line,
      title,
      `note (${noteKind ?? 'other'})`,
      noteKind ? why : `${why}; but it holds no work`,
    );
    if (!noteKind) settleAdvice(section, 'note', collector);
    reading.notes.push(readNote(section, noteKind ?? 'other', collector));
    return;
  }
  if (section.children.length === 0) {
    collector.explain(section.line, title, 'step', why);
    phase.steps.push(readStep(section, phase.id, collector, context, reading.classified));
    return;
  }
  collector.explain(section.line, title, 'group of steps', `${why}; it has sub-sections`);
  readOwnContent(section, reading, collector, context, runsCommand);
  walkChildren(section, reading, collector, { ...context, group: title }, place.afterGoLive);
}

/** Walks the sub-sections of a phase or group, each with its place among its siblings. */
function walkChildren(
  section: Section,
  reading: PhaseReading,
  collector: Collector,
  context: Context,
  afterGoLive: boolean,
): void {
  const all = section.children;
  for (let index = 0; index < all.length; index++) {
    const child = all[index] as Section;
    const next = all[index + 1];
    // "### Success criteria" right above "### Go/No-Go decision": the criteria of that decision.
    const decided = next && listsCriteria(child) && findKeyword(wordsOf(next.rawTitle), TITLE_WORDS.gate);
    walk(decided ? { ...next, children: [child, ...next.children] } : child, reading, collector, context, {
      language: collector.language,
      echoes: collector.echoes,
      rollbackPlan: collector.rollbackPlan,
      mirrored: false,
      first: index === 0,
      last: index === all.length - (decided ? 2 : 1),
      afterGoLive,
      nested: true,
    });
    if (decided) index += 1;
  }
}

/** A leaf sub-section titled as criteria that lists them. */
const listsCriteria = (section: Section): boolean =>
  section.children.length === 0 &&
  findKeyword(wordsOf(section.rawTitle), TITLE_WORDS.criteria) !== null &&
  section.content.some((node) => node.type === 'list');

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
  const classified = emptyClassified();
  const inner: Context = { ...context, checklist: true, inGate: true };
  const own = setBallotsApart(section, collector);
  if (holdsItems(own.content))
    reading.phase.steps.push(
      readStep({ ...own, children: [] }, reading.phase.id, collector, inner, classified),
    );
  for (const child of section.children.map((part) => setBallotsApart(part, collector)))
    if (holdsItems(child.content))
      reading.phase.steps.push(
        readStep(
          child,
          reading.phase.id,
          collector,
          { ...inner, itemClass: labelClass(child.title) ?? 'criterion' },
          classified,
        ),
      );
  const steps = reading.phase.steps.slice(before);
  const ids = steps.flatMap((step) => allIds(step.items));
  const criteria = gateCriteria(steps, classified);
  // A decision in the middle of a phase that lists nothing of its own decides on the work before
  // it ("10:00 Go/No-Go" after the 09:30 tests), not on the monitoring written after it.
  const earlier = reading.phase.steps.slice(0, before).flatMap((step) => allIds(step.items));
  const listed =
    ids.length > 0
      ? { criteria, advisory: classified.advisory }
      : !first && earlier.length > 0
        ? { criteria: earlier, advisory: [] }
        : null;
  reading.gates.push({ section, own: listed, first: first && ids.length === 0 });
}

/** Work written straight under a heading that also has sub-headings, or under a bare phase. */
function readOwnContent(
  section: Section,
  reading: PhaseReading,
  collector: Collector,
  context: Context,
  runsCommand = false,
): void {
  // A command read as work (`runsCommand`) is a step of its own.
  if (!holdsItems(section.content) && !runsCommand) return;
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
  phase.steps.push(readStep({ ...section, children: [] }, phase.id, collector, context, reading.classified));
}

/** Whether a section's content labels a list with a rollback ("Trigger rollback if:", "Rollback wenn:"). */
export function labelsRollback(section: Section): boolean {
  return section.content.some((node, at) => {
    if (node.type !== 'paragraph' || section.content[at + 1]?.type !== 'list') return false;
    const text = plainText(node).trim();
    return /:\s*$/u.test(text) && findKeyword(wordsOf(text), TITLE_WORDS.rollback) !== null;
  });
}
