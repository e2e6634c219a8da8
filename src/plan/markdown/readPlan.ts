/**
 * The Markdown reader: a launch plan as people write it, in French or English, into a `Plan`.
 * Decode (repairing double-encoded text) → parse (CommonMark + GFM) → sections → each top
 * section read by its meaning → calendars, durations and gates applied → hash.
 */
import type { Root } from 'mdast';
import { parse as parseYaml } from 'yaml';
import { hashPlan } from '../hash.ts';
import type { Diagnostic, Gate, Note, NoteKind, Phase, Plan, Risk, Rollback, ScheduleEntry } from '../model.ts';
import { readOverrides, type Overrides, type ReadOverrides } from '../overrides.ts';
import { fold, slug } from '../text.ts';
import { createCollector, type Collector } from './collect.ts';
import { decodePlanBytes, repairText, type DecodedText } from './decode.ts';
import { addLaunchGate, gateFromSection } from './gates.ts';
import { buildSections, parseMarkdown, type Section } from './parse.ts';
import { displayTitle, readPhase, roleOf, textLines } from './phases.ts';
import { applyDurations, matchSchedule } from './schedule.ts';
import { allContent, readNote, readRisks, readRollback } from './special.ts';
import { calendarOf } from './tables.ts';
import { countTaskItems } from '../stats.ts';

export interface ReadOptions {
  /** Plan id; defaults to the front matter's, then the title's slug. */
  id?: string;
  /** Overrides from a sidecar file; front matter overrides win over these. */
  overrides?: Overrides;
  /** Problems found in the sidecar file, reported with the plan's own diagnostics. */
  diagnostics?: readonly Diagnostic[];
}

/** A plan and what only the Markdown tree knows: its task-list counts. */
export interface PlanDocument {
  plan: Plan;
  tasks: { checkboxes: number; checked: number };
}

/** Reads a plan from the bytes of a Markdown file. */
export function readPlanBytes(bytes: Uint8Array, options: ReadOptions = {}): Plan {
  return readDecoded(decodePlanBytes(bytes), options).plan;
}

/** Reads a plan from Markdown text. */
export function readPlanMarkdown(text: string, options: ReadOptions = {}): Plan {
  return readDecoded(repairText(text), options).plan;
}

/** Reads a plan from the bytes of a Markdown file, with the document's task-list counts. */
export function readPlanDocument(bytes: Uint8Array, options: ReadOptions = {}): PlanDocument {
  return readDecoded(decodePlanBytes(bytes), options);
}

const NOTE_KINDS: Partial<Record<string, NoteKind>> = {
  objectives: 'objectives',
  overview: 'overview',
  roles: 'roles',
  metrics: 'metrics',
  conclusion: 'conclusion',
  annex: 'annex',
  calendar: 'schedule',
  durations: 'schedule',
};

interface Reading {
  phases: Phase[];
  gates: Gate[];
  rollback: Rollback | null;
  risks: Risk[];
  notes: Note[];
  schedule: ScheduleEntry[];
  /** The text of each calendar row's other columns ("Actions Clés"). */
  actions: Map<ScheduleEntry, string>;
  durations: { text: string; line: number }[];
  roles: string[];
  /** Each gate written in the plan and the phase it comes after. */
  gatesAfter: Map<Gate, Phase>;
}

function readDecoded(decoded: DecodedText, options: ReadOptions): PlanDocument {
  const root = parseMarkdown(decoded.text);
  const frontMatter = readFrontMatter(root);
  const overrides: Overrides = { ...options.overrides, ...frontMatter.overrides };
  const collector = createCollector(decoded.text.split('\n'), overrides);
  collector.diagnostics.push(...decoded.diagnostics, ...(options.diagnostics ?? []), ...frontMatter.diagnostics);

  const top = buildSections(root);
  const titleSection = top.children.length === 1 && top.children[0]?.depth === 1 ? top.children[0] : undefined;
  const title = overrides.title ?? (titleSection ? displayTitle(titleSection.rawTitle) : top.children[0] ? displayTitle(top.children[0].rawTitle) : 'Untitled plan');
  const reading: Reading = { phases: [], gates: [], rollback: null, risks: [], notes: [], schedule: [], actions: new Map(), durations: [], roles: [], gatesAfter: new Map() };

  const preamble = titleSection ? titleSection : top;
  if (textLines(preamble.content).length > 0) {
    const intro = { ...preamble, rawTitle: title, title, children: [] };
    if (preamble.content.some((node) => node.type === 'list')) readTopSection({ ...intro, depth: 1 }, reading, collector, 'phase');
    else reading.notes.push(readNote(intro, 'overview', collector));
  }
  for (const section of titleSection ? titleSection.children : top.children) readTopSection(section, reading, collector);

  placeGates(reading);
  matchSchedule(reading.schedule, reading.phases, collector, (entry) => reading.actions.get(entry) ?? '');
  applyDurations(reading.durations, reading.phases, collector);
  if (reading.gates.length === 0 && overrides.addGate !== false) {
    const gate = addLaunchGate(reading.phases, collector);
    if (gate) reading.gates.push(gate);
  }
  reportMarkStatus(collector);
  if (reading.phases.length === 0) collector.report('no-phases', 'error', 'no phase, step or checklist item was found in this plan', 1);

  const plan: Plan = {
    id: options.id ?? overrides.id ?? slug(title),
    title,
    hash: '',
    phases: reading.phases,
    gates: reading.gates,
    rollback: reading.rollback,
    alerts: collector.alerts,
    risks: reading.risks,
    notes: reading.notes,
    schedule: reading.schedule,
    roles: collectRoles(reading),
    diagnostics: collector.diagnostics.sort((a, b) => a.line - b.line),
  };
  plan.hash = hashPlan(plan);
  return { plan, tasks: countTaskItems(root) };
}

function hasWork(section: Section): boolean {
  return allContent(section).some((node) => node.type === 'list' || node.type === 'table' || node.type === 'code');
}

function readTopSection(section: Section, reading: Reading, collector: Collector, forced?: 'phase'): void {
  const role = forced ?? (/^\P{L}*(phase|étape|etape|stage|step)\s*\d/iu.test(section.rawTitle) ? 'phase' : roleOf(section, collector));
  switch (role) {
    case 'ignore':
      return;
    case 'rollback': {
      const rollback = readRollback(section, collector);
      if (rollback && !reading.rollback) reading.rollback = rollback;
      else {
        collector.report('rollback-without-steps', 'info', `section "${displayTitle(section.rawTitle)}" names a continuity plan but lists no steps: kept as a note`, section.line);
        reading.notes.push(readNote(section, 'other', collector));
      }
      return;
    }
    case 'risks':
      reading.risks.push(...readRisks(section, collector));
      return;
    case 'calendar':
      readCalendar(section, reading, collector);
      return;
    case 'durations':
      reading.durations.push(...allContent(section).flatMap((node) => (node.type === 'list' ? node.children.map((item) => ({ text: textLines([item]).join(' '), line: item.position?.start.line ?? 0 })) : [])));
      reading.notes.push(readNote(section, 'schedule', collector));
      return;
    case 'gate':
      readGateSection(section, reading, collector);
      return;
    case 'roles':
      reading.roles.push(...roleNames(section));
      break;
  }
  const noteKind = NOTE_KINDS[role] ?? (role === 'note' || !hasWork(section) ? 'other' : undefined);
  if (noteKind) {
    reading.notes.push(readNote(section, noteKind, collector));
    return;
  }
  const { phase, gateSections } = readPhase(section, collector);
  reading.phases.push(phase);
  for (const gateSection of gateSections) addPlanGate(gateSection, phase, reading, collector);
}

function addPlanGate(section: Section, after: Phase, reading: Reading, collector: Collector): void {
  const gate = gateFromSection(section, after, collector);
  reading.gates.push(gate);
  reading.gatesAfter.set(gate, after);
}

/** A gate of the plan stands before the phase that follows the one it comes after (or before completion). */
function placeGates(reading: Reading): void {
  for (const [gate, after] of reading.gatesAfter) gate.beforePhase = reading.phases[reading.phases.indexOf(after) + 1]?.id ?? null;
}

function readGateSection(section: Section, reading: Reading, collector: Collector): void {
  if (section.children.length > 0 || allContent(section).some((node) => node.type === 'list')) {
    const { phase } = readPhase(section, collector);
    reading.phases.push(phase);
    addPlanGate(section, phase, reading, collector);
    return;
  }
  const previous = reading.phases.at(-1);
  if (previous) addPlanGate(section, previous, reading, collector);
  else collector.report('gate-without-phase', 'warning', `go/no-go "${displayTitle(section.rawTitle)}" comes before any phase`, section.line);
}

function readCalendar(section: Section, reading: Reading, collector: Collector): void {
  const tables = allContent(section).filter((node) => node.type === 'table');
  for (const table of tables) {
    const calendar = calendarOf(table);
    if (calendar) {
      reading.schedule.push(...calendar.entries);
      calendar.entries.forEach((entry, row) => reading.actions.set(entry, calendar.details[row] ?? ''));
    }
    else collector.report('table-not-calendar', 'info', 'this table has no date or week column: kept as a note', table.position?.start.line ?? section.line);
  }
  reading.notes.push(readNote(section, 'schedule', collector));
}

const ROLE_WORDS = /developer|developpeur|engineer|ingenieur|manager|lead\b|owner|responsable|chef|devops|\bqa\b|product|support|architect|analyst|designer|sre\b|admin/;

/** Role names in a roles section: headings that name a role or list its responsibilities. */
function roleNames(section: Section): string[] {
  const names: string[] = [];
  const visit = (part: Section): void => {
    const listsResponsibilities = textLines(part.content).some((line) => /^responsabilit|^responsibilit/i.test(fold(line)));
    if (part !== section && (listsResponsibilities || ROLE_WORDS.test(fold(part.title)))) names.push(displayTitle(part.rawTitle));
    part.children.forEach(visit);
  };
  visit(section);
  return names;
}

function collectRoles(reading: Reading): string[] {
  const roles = new Set(reading.roles);
  for (const phase of reading.phases) for (const step of phase.steps) for (const owner of step.owners) roles.add(owner);
  return [...roles];
}

function reportMarkStatus(collector: Collector): void {
  const lines = collector.markStatusLines;
  if (lines.length === 0) return;
  collector.report(
    'status-from-marks',
    'info',
    `${lines.length} item(s) took their status from a ✅/⬜ mark rather than a checkbox (first: line ${lines[0]}); set emojiStatus: false to read the marks as decoration`,
    lines[0] ?? 1,
  );
}

function readFrontMatter(root: Root): ReadOverrides {
  const node = root.children.find((child) => child.type === 'yaml');
  if (!node || !('value' in node)) return { overrides: {}, diagnostics: [] };
  let data: { launchplan?: unknown } | null;
  try {
    data = parseYaml(String(node.value)) as { launchplan?: unknown } | null;
  } catch (error) {
    return { overrides: {}, diagnostics: [{ code: 'bad-front-matter', severity: 'warning', message: `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`, line: 1 }] };
  }
  return readOverrides(data?.launchplan, 'front matter "launchplan"');
}
