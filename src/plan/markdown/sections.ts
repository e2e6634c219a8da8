/**
 * The plan's top sections, each read by its role (roles.ts): phases, a go/no-go, rollback,
 * risks, calendars, durations, roles and RACI tables, and notes. What is read here is gathered
 * in a `Reading` that the plan reader then ties together.
 *
 * Word lists stand several words to a line (`// prettier-ignore`): one word a line, as Prettier
 * lays them out, made the file about twice as long for nothing to read.
 */
import type { Note, Phase, Risk, ScheduleEntry } from '../model.ts';
import { namesBeforeLaunch, type PlacedGate } from './gatePlacement.ts';
import { fold } from '../text.ts';
import type { Collector } from './collect.ts';
import { describeColumns } from './columns.ts';
import { isBallot, setBallotsApart, withoutBallots } from './ballot.ts';
import type { Language } from './language.ts';
import { gateCriteria } from './criteria.ts';
import { gateFromSection, stateOf, type OwnCriteria } from './gates.ts';
import { findKeyword, keywords, hasKeyword, wordsOf } from './keywords.ts';
import { TITLE_WORDS } from './roleWords.ts';
import { readNote, readRisks, textLines } from './notes.ts';
import { raciRows } from './owners.ts';
import { paragraphLines } from './lines.ts';
import { displayTitle, lineOf, type Section } from './parse.ts';
import { readPhase, type PhaseReading } from './phases.ts';
import { holdsItems, holdsWorkToDo } from './steps.ts';
import type { Place } from './evidence.ts';
import { decideRole, NOTE_KINDS, settleAdvice } from './roles.ts';
import { allContent } from './sectionContent.ts';
import { hasWork, numberedOrTimed, settleDescription, settleEmptyWork } from './settleRole.ts';
import { calendarOf } from './tables.ts';
import { timedListPhases } from './timedList.ts';

export interface Reading {
  phases: Phase[];
  /** Each go/no-go written as a section and the phase it comes after. */
  gates: PlacedGate[];
  rollbackSections: Section[];
  risks: Risk[];
  notes: Note[];
  schedule: ScheduleEntry[];
  /** The text of each calendar row's other columns ("Actions Clés"). */
  actions: Map<ScheduleEntry, string>;
  /** RACI rows and task | owner rows of roles sections, matched to steps for their owners. */
  owners: ScheduleEntry[];
  durations: { text: string; line: number }[];
  roles: string[];
  /** Sign-off sections with a box for each who signs, and the phase before each: the decision when the plan names no other. */
  signoffs: { section: Section; after: Phase }[];
}

export function emptyReading(): Reading {
  return {
    phases: [],
    gates: [],
    rollbackSections: [],
    risks: [],
    notes: [],
    schedule: [],
    actions: new Map(),
    owners: [],
    durations: [],
    roles: [],
    signoffs: [],
  };
}

/** Whether a section says anything at all (prose, a quote, a list, a table or code). */
function holdsText(section: Section): boolean {
  return allContent(section).some((node) => node.type !== 'thematicBreak' && node.type !== 'html');
}

/** A section of `Key: value` lines only ("Date de création : …", "Version : …"): information, whatever its title. */
function fieldsOnly(section: Section): boolean {
  const nodes = allContent(section).filter((node) => node.type !== 'thematicBreak' && node.type !== 'html');
  return (
    nodes.length > 0 &&
    nodes.every(
      (node) =>
        node.type === 'paragraph' &&
        paragraphLines(node).every((line) => /^[^:\s]+(?:\s+[^:\s]+){0,3}\s*:\s*\S/u.test(line.text)),
    )
  );
}

/** The text before the first section: a note, or a phase when it lists work. */
export function readPreamble(preamble: Section, title: string, reading: Reading, collector: Collector): void {
  if (textLines(preamble.content).length === 0) return;
  const intro = { ...preamble, rawTitle: title, title, children: [] };
  // Bullets before the first section introduce the plan (scope, roles, fields); boxes or numbered steps are work.
  if (holdsWorkToDo(intro.content)) {
    collector.explain(preamble.line, title, 'phase', 'the text before the first section lists work to do');
    addPhase(readPhase({ ...intro, depth: 1 }, collector), reading, collector);
  } else reading.notes.push(readNote(intro, 'overview', collector));
}

/** Reads one top section by its role. */
export function readTopSection(section: Section, reading: Reading, collector: Collector, place: Place): void {
  const weighed = decideRole(section, collector, place);
  const { role, why } = settleDescription(section, settleEmptyWork(section, weighed, collector), collector);
  if (role !== weighed.role) settleAdvice(section, role === 'work' ? 'phase' : role, collector);
  const title = displayTitle(section.rawTitle);
  const explain = (as: string, reason = why) => collector.explain(section.line, title, as, reason);
  // A timeline written as one list of timed entries holding their work: each entry is a phase.
  const timed =
    role === 'work' || role === 'calendar' || role === 'weekly' ? timedListPhases(section, collector) : null;
  if (timed) {
    explain('timeline', `${why}; its list is a timeline`);
    reading.phases.push(...timed);
    return;
  }
  switch (role) {
    case 'ignore':
      collector.report('section-ignored', 'info', `section "${title}" is ignored (override)`, section.line);
      collector.account(section.line, section.endLine);
      return;
    case 'rollback':
      if (
        allContent(section).some(
          (node) =>
            node.type === 'list' ||
            node.type === 'table' ||
            node.type === 'code' ||
            node.type === 'paragraph',
        ) &&
        !fieldsOnly(section)
      ) {
        explain('rollback');
        reading.rollbackSections.push(section);
      } else {
        explain('note', `${why}, but it lists no steps`);
        collector.report(
          'rollback-without-steps',
          'info',
          `section "${title}" names a continuity plan but says nothing: kept as a note`,
          section.line,
        );
        reading.notes.push(readNote(section, 'other', collector));
      }
      return;
    case 'risks':
    case 'calendar':
    case 'durations':
    case 'gate':
      explain(role);
      READ_WHOLE[role](section, reading, collector);
      return;
    case 'roles':
      reading.roles.push(...roleNames(section));
      readOwnerTables(section, reading, collector);
      break;
    case 'signoff': {
      const after = reading.phases.at(-1);
      // Boxes for those who sign, or the verdict they gave ("Status: APPROVED by finance").
      const signed =
        allContent(section).some((node) => node.type === 'list' && isBallot(node, collector.language)) ||
        stateOf(section) !== null;
      if (after && signed) reading.signoffs.push({ section, after });
      break;
    }
  }
  // Work the role says is work but written as prose or a command ("Fase 2 — freeze the NAS") is one step.
  const noteKind =
    NOTE_KINDS[role] ?? (!hasWork(section, collector.language) && !holdsText(section) ? 'other' : undefined);
  if (noteKind) {
    explain(`note (${noteKind})`, NOTE_KINDS[role] ? why : `${why}; but it holds no list, table or code`);
    if (!NOTE_KINDS[role]) settleAdvice(section, 'note', collector);
    // "Rollback criteria" kept with the links at the end is still the rollback.
    const rollbacks = REFERENCE_NOTES.has(noteKind) ? section.children.filter(namesRollback) : [];
    for (const child of rollbacks) {
      collector.explain(child.line, displayTitle(child.rawTitle), 'rollback', 'heading word, under a note');
      reading.rollbackSections.push(child);
    }
    const rest = { ...section, children: section.children.filter((child) => !rollbacks.includes(child)) };
    reading.notes.push(readNote(rest, noteKind, collector));
    return;
  }
  const read = readPhase(section, collector);
  // A phase with nothing in it to do or decide (a reference table, a status overview) would pass at
  // once; a numbered or timed one is a stage of the plan all the same.
  if (
    read.phase.steps.length === 0 &&
    read.gates.length === 0 &&
    read.rollbacks.length === 0 &&
    !numberedOrTimed(title)
  ) {
    explain('note (other)', `${why}; but nothing in it was read as work`);
    settleAdvice(section, 'note', collector);
    reading.notes.push(...read.notes, readNote(section, 'other', collector));
    return;
  }
  explain('phase');
  addPhase(read, reading, collector);
}

/** Notes that only refer to things (links, contacts, a legend): a rollback kept under one is its own. */
const REFERENCE_NOTES: ReadonlySet<string> = new Set(['links', 'contacts', 'legend', 'contents', 'glossary']);

const namesRollback = (section: Section): boolean =>
  findKeyword(wordsOf(section.rawTitle), TITLE_WORDS.rollback) !== null;

export function addPhase(read: PhaseReading, reading: Reading, collector: Collector): void {
  const previous = reading.phases.at(-1);
  reading.phases.push(read.phase);
  reading.notes.push(...read.notes);
  reading.rollbackSections.push(...read.rollbacks);
  for (const { section, own, first } of read.gates) {
    // A gate that opens its phase without criteria of its own decides on the phase before.
    const after = first && previous ? previous : read.phase;
    addPlanGate(section, after, own, reading, collector);
  }
}

function addPlanGate(
  section: Section,
  after: Phase,
  own: OwnCriteria | null,
  reading: Reading,
  collector: Collector,
): void {
  reading.gates.push({
    gate: gateFromSection(section, after, collector, own),
    after,
    beforeLaunch: namesBeforeLaunch(section),
    listed: own !== null && own.criteria.length + own.advisory.length > 0,
  });
}

/** Readers of the roles whose section is read whole, under the role's own name. */
const READ_WHOLE: Record<
  'risks' | 'calendar' | 'durations' | 'gate',
  (section: Section, reading: Reading, collector: Collector) => void
> = {
  risks: (section, reading, collector) => reading.risks.push(...readRisks(section, collector)),
  calendar: readCalendar,
  durations: (section, reading, collector) => {
    reading.durations.push(
      ...allContent(section).flatMap((node) =>
        node.type === 'list'
          ? node.children.map((item) => ({ text: textLines([item]).join(' '), line: lineOf(item) }))
          : [],
      ),
    );
    reading.notes.push(readNote(section, 'schedule', collector));
  },
  gate: readGateSection,
};

/** A top go/no-go section: with work of its own it is a phase whose items are its criteria; otherwise it follows the previous phase. */
function readGateSection(written: Section, reading: Reading, collector: Collector): void {
  const section = setBallotsApart(written, collector);
  if (
    section.children.some((child) => holdsGateWork(child, collector.language)) ||
    holdsItems(section.content)
  ) {
    const read = readPhase(section, collector, { gate: true });
    addPhase(read, reading, collector);
    addPlanGate(
      section,
      read.phase,
      { criteria: gateCriteria(read.phase.steps, read.classified), advisory: read.classified.advisory },
      reading,
      collector,
    );
    return;
  }
  const previous = reading.phases.at(-1);
  if (previous) addPlanGate(section, previous, null, reading, collector);
  else
    collector.report(
      'gate-without-phase',
      'warning',
      `go/no-go "${displayTitle(section.rawTitle)}" comes before any phase`,
      section.line,
    );
}

/** Whether a part of a go/no-go section holds what may be its criteria: items other than a ballot. */
function holdsGateWork(section: Section, language: Language): boolean {
  return (
    holdsItems(withoutBallots(section.content, language)) ||
    section.children.some((child) => holdsGateWork(child, language))
  );
}

function readCalendar(section: Section, reading: Reading, collector: Collector): void {
  for (const table of allContent(section).filter((node) => node.type === 'table')) {
    const calendar = calendarOf(table);
    if (calendar) {
      collector.explain(
        lineOf(table),
        'table',
        `calendar of ${calendar.entries.length} row(s)`,
        describeColumns(calendar.columns),
      );
      reading.schedule.push(...calendar.entries);
      calendar.entries.forEach((entry, row) => reading.actions.set(entry, calendar.details[row] ?? ''));
    } else
      collector.report(
        'table-not-calendar',
        'info',
        'this table has no date or week column: kept as a note',
        lineOf(table),
      );
  }
  reading.notes.push(readNote(section, 'schedule', collector));
}

function readOwnerTables(section: Section, reading: Reading, collector: Collector): void {
  for (const table of allContent(section).filter((node) => node.type === 'table')) {
    const rows = raciRows(table);
    if (!rows) continue;
    collector.explain(
      lineOf(table),
      'table',
      `owners of ${rows.length} activity(ies)`,
      'a RACI matrix or a task | owner table in a roles section',
    );
    reading.owners.push(...rows);
  }
}

// prettier-ignore
const ROLE_WORDS = keywords(
  'developer', 'developpeur', 'desarrollador', 'desenvolvedor', 'entwickler', 'engineer', 'ingenieur',
  'ingeniero', 'engenheiro', 'manager', 'lead', 'owner', 'responsable', 'chef', 'devops', 'qa', 'product',
  'support', 'architect*', 'analyst*', 'designer', 'sre', 'admin*', 'dba', 'ops',
);

/** Role names in a roles section: headings that name a role or list its responsibilities. */
function roleNames(section: Section): string[] {
  const names: string[] = [];
  const visit = (part: Section): void => {
    const listsResponsibilities = textLines(part.content).some((line) =>
      /^responsabilit|^responsibilit|^verantwort|^responsabilidad/i.test(fold(line)),
    );
    if (part !== section && (listsResponsibilities || hasKeyword(part.title, ROLE_WORDS)))
      names.push(displayTitle(part.rawTitle));
    part.children.forEach(visit);
  };
  visit(section);
  return names;
}
