/**
 * The Markdown reader: a launch plan as people write it, in English, French, Spanish, Portuguese
 * or German, into a `Plan`. Decode (repairing double-encoded text) → parse (CommonMark + GFM),
 * opening ```markdown fences → sections → each top section read by its meaning (sections.ts) →
 * rollback, gates, calendars, owners and durations applied → what was not read reported → hash.
 */
import type { Root } from 'mdast';
import { parse as parseYaml } from 'yaml';
import { withApprovalPolicies } from '../approvals.ts';
import { hashPlan } from '../hash.ts';
import type { Diagnostic, Plan } from '../model.ts';
import { readOverrides, type Overrides, type ReadOverrides } from '../overrides.ts';
import { countTaskItems } from '../stats.ts';
import { slug } from '../text.ts';
import { createCollector, type Collector, type Decision } from './collect.ts';
import { reportUnread } from './coverage.ts';
import { decodePlanBytes, repairText, type DecodedText } from './decode.ts';
import { addLaunchGate, gateFromSection } from './gates.ts';
import {
  decisionItemGates,
  decisionLineGates,
  launchPhaseIndex,
  namesBeforeLaunch,
  placeGates,
  type PlacedGate,
} from './gatePlacement.ts';
import { shapeRefusal, type ShapeRefusal } from './limits.ts';
import { displayTitle, parseMarkdown, type Section } from './parse.ts';
import { parseWindow } from '../time.ts';
import { mergeRollback } from './rollback.ts';
import { applyDurations, matchOwners, matchSchedule } from './schedule.ts';
import { scanThresholds } from './thresholdScan.ts';
import { addRunbookPhase, readRollbackRunbook } from './rollbackRunbook.ts';
import { planStructure } from './structure.ts';
import { fencedBoxes } from './fence.ts';
import { findGoLive } from './goLive.ts';
import {
  anchorAfterGoLive,
  bareOffsetsInMinutes,
  orderByTimeline,
  reportOffsetsOutside,
  settleSpans,
} from './timeline.ts';
import type { Place } from './evidence.ts';
import { readNote, textLines } from './notes.ts';
import { emptyReading, readPreamble, readTopSection, type Reading } from './sections.ts';

export interface ReadOptions {
  /** Plan id, whatever the plan says; without it, the front matter's, the sidecar's, `defaultId`, then the title's slug. */
  id?: string;
  /** The id when the plan names none (`loadPlanFile` gives the file name's slug). */
  defaultId?: string;
  /** Overrides from a sidecar file; front matter overrides win over these. */
  overrides?: Overrides;
  /** Problems found in the sidecar file, reported with the plan's own diagnostics. */
  diagnostics?: readonly Diagnostic[];
}

/** A plan and what only the Markdown tree knows: its task-list counts and why each section was read as it was. */
export interface PlanDocument {
  plan: Plan;
  tasks: { checkboxes: number; checked: number };
  decisions: Decision[];
}

/** Reads a plan from the bytes of a Markdown file. */
export function readPlanBytes(bytes: Uint8Array, options: ReadOptions = {}): Plan {
  return readDecoded(decodePlanBytes(bytes), options).plan;
}

/** Reads a plan from Markdown text. */
export function readPlanMarkdown(text: string, options: ReadOptions = {}): Plan {
  return readDecoded(repairText(text), options).plan;
}

/** Reads a plan from the bytes of a Markdown file, with the document's task-list counts and the reader's decisions. */
export function readPlanDocument(bytes: Uint8Array, options: ReadOptions = {}): PlanDocument {
  return readDecoded(decodePlanBytes(bytes), options);
}

function readDecoded(decoded: DecodedText, options: ReadOptions): PlanDocument {
  const refusal = shapeRefusal(decoded.text);
  if (refusal) return refusedDocument(refusal, decoded, options);
  const parsed = parseMarkdown(decoded.text);
  // Checkboxes are counted as CommonMark + GFM sees them: a fenced plan's boxes are code there.
  const tasks = countTaskItems(parsed);
  const structure = planStructure(decoded.text, parsed);
  const { root, sections } = structure;
  const frontMatter = readFrontMatter(root);
  const overrides: Overrides = { ...options.overrides, ...frontMatter.overrides };
  const collector = createCollector(
    decoded.text.split('\n'),
    overrides,
    structure.language,
    structure.echoes,
    structure.rollbackPlan,
  );
  collector.diagnostics.push(
    ...decoded.diagnostics,
    ...(options.diagnostics ?? []),
    ...frontMatter.diagnostics,
  );
  const kept = fencedBoxes(root);
  if (kept.length > 0)
    collector.report(
      'boxes-in-template',
      'info',
      `${kept.length} box(es) inside a code block read as a template to copy, not as work: line(s) ${kept.join(', ')}`,
      kept[0] ?? 1,
    );
  for (const line of structure.fences)
    collector.report(
      'plan-in-fence',
      'info',
      'a ```markdown block holding headings or lists was read as part of the plan',
      line,
    );

  const title = overrides.title ?? structure.title;
  const reading = emptyReading();
  readPreamble(structure.preamble, title, reading, collector);
  for (const wrapper of structure.wrappers) {
    collector.explain(
      wrapper.line,
      displayTitle(wrapper.rawTitle),
      'stages',
      'its sub-sections are the stages of a timeline: each is a phase',
    );
    if (textLines(wrapper.content).length > 0)
      reading.notes.push(readNote({ ...wrapper, children: [] }, 'overview', collector));
    else collector.account(wrapper.line, wrapper.line);
  }
  sections.forEach((section, index) =>
    readTopSection(section, reading, collector, structure.places[index] as Place),
  );
  readRollbackRunbook(structure, reading, collector);

  settleSpans(reading.phases);
  anchorAfterGoLive(reading.phases);
  bareOffsetsInMinutes(reading.phases);
  reportOffsetsOutside(reading.phases, collector);
  for (const title of orderByTimeline(reading.phases, launchPhaseIndex(reading.phases)))
    collector.report(
      'phase-reordered',
      'info',
      `phase "${title}" is due before the go-live: it stands before it on the timeline, wherever it is written`,
      reading.phases.find((phase) => phase.title === title)?.pos.line ?? 1,
    );
  const rollback = reading.rollbackSections.reduce<Plan['rollback']>(
    (current, section) => mergeRollback(current, section, collector),
    null,
  );
  // In a runbook that is a rollback, the procedure no phase holds is the work of rolling back too.
  if (structure.rollbackPlan && rollback) addRunbookPhase(reading.phases, rollback, title, collector);
  // Decisions written as items or lines of a phase stand with those written as sections: one per place.
  const written = [
    ...reading.gates,
    ...decisionItemGates(reading.phases, collector),
    ...decisionLineGates(root, reading.phases, reading.gates, collector),
  ];
  const gates = placeGates(written.length > 0 ? written : signoffGates(reading, collector), reading.phases);
  matchSchedule(reading.schedule, reading.phases, collector, (entry) => reading.actions.get(entry) ?? '');
  matchOwners(reading.owners, reading.phases, collector);
  applyDurations(reading.durations, reading.phases, collector);
  if (gates.length === 0 && overrides.addGate !== false) {
    const gate = addLaunchGate(reading.phases, collector);
    if (gate) gates.push(gate);
  }
  reportMarks(collector);
  if (reading.phases.length === 0)
    collector.report('no-phases', 'error', 'no phase, step or checklist item was found in this plan', 1);

  const id = options.id ?? overrides.id ?? options.defaultId ?? slug(title);
  const content = {
    phases: reading.phases,
    gates,
    rollback,
    alerts: scanThresholds(
      sections,
      // A stage that runs from the go-live on ("Canary (0-4h)") is watched as what follows it is.
      structure.places.map((place, index) => place.afterGoLive || runsFromGoLive(sections[index])),
      collector,
    ),
    risks: reading.risks,
    notes: reading.notes,
    schedule: reading.schedule,
    roles: collectRoles(reading),
  };
  reportUnread(root, content, collector);
  const goLive = findGoLive(root, title, reading.phases, structure.wrappers);
  const plan: Plan = {
    id,
    title,
    hash: '',
    ...content,
    ...(goLive ? { goLive } : {}),
    ...(overrides.decisionReason === 'required' ? { decisionReason: 'required' as const } : {}),
    diagnostics: collector.diagnostics.sort((a, b) => a.line - b.line),
  };
  plan.hash = hashPlan(plan);
  return {
    plan: overrides.approvals ? withApprovalPolicies(plan, overrides.approvals) : plan,
    tasks,
    decisions: collector.decisions.sort((a, b) => a.line - b.line),
  };
}

/** The plan of a text the reader refuses to parse (see `limits.ts`): empty, with the refusal as its error. */
function refusedDocument(refusal: ShapeRefusal, decoded: DecodedText, options: ReadOptions): PlanDocument {
  const diagnostics: Diagnostic[] = [
    ...decoded.diagnostics,
    { code: 'plan-too-deep', severity: 'error', message: refusal.message, line: refusal.line },
  ];
  const plan: Plan = {
    id: options.id ?? options.defaultId ?? 'untitled-plan',
    title: 'Untitled plan',
    hash: '',
    phases: [],
    gates: [],
    rollback: null,
    alerts: [],
    risks: [],
    notes: [],
    schedule: [],
    roles: [],
    diagnostics,
  };
  plan.hash = hashPlan(plan);
  return { plan, tasks: { checkboxes: 0, checked: 0 }, decisions: [] };
}

/** A sign-off with a box for each who signs, or the verdict they gave, is the plan's decision when it names no other: the first one, after the phase before it. */
function signoffGates(reading: Reading, collector: Collector): PlacedGate[] {
  const first = reading.signoffs[0];
  if (!first) return [];
  const { section, after } = first;
  return [
    {
      gate: gateFromSection(section, after, collector, null),
      after,
      beforeLaunch: namesBeforeLaunch(section),
      listed: false,
    },
  ];
}

function collectRoles(reading: Reading): string[] {
  const roles = new Set(reading.roles);
  for (const phase of reading.phases) {
    for (const owner of phase.owners ?? []) roles.add(owner);
    for (const step of phase.steps) for (const owner of step.owners) roles.add(owner);
  }
  return [...roles];
}

function reportMarks(collector: Collector): void {
  const status = collector.markStatusLines;
  if (status.length > 0) {
    collector.report(
      'status-from-marks',
      'info',
      `${status.length} item(s) took their status from a ✅/⬜ mark rather than a checkbox (first: line ${status[0]}); set emojiStatus: false to read the marks as decoration`,
      status[0] ?? 1,
    );
  }
  const decoration = collector.markDecorationLines;
  if (decoration.length > 0) {
    collector.report(
      'marks-as-decoration',
      'info',
      `${decoration.length} item(s) start with ✅ outside a checklist: read as decoration, not done (first: line ${decoration[0]}); set emojiStatus: true to read every mark as a status`,
      decoration[0] ?? 1,
    );
  }
}

function readFrontMatter(root: Root): ReadOverrides {
  const node = root.children.find((child) => child.type === 'yaml');
  if (!node || !('value' in node)) return { overrides: {}, diagnostics: [] };
  let data: { launchplan?: unknown } | null;
  try {
    data = parseYaml(String(node.value)) as { launchplan?: unknown } | null;
  } catch (error) {
    return {
      overrides: {},
      diagnostics: [
        {
          code: 'bad-front-matter',
          severity: 'warning',
          message: `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
          line: 1,
        },
      ],
    };
  }
  return readOverrides(data?.launchplan, 'front matter "launchplan"');
}

/** Whether a section's heading gives it a span that starts at the go-live or later ("(0-4h)", "J+1"). */
function runsFromGoLive(section: Section | undefined): boolean {
  const window = section ? parseWindow(section.rawTitle) : null;
  return window?.anchor === 'launch' && window.from >= 0 && window.to > 0;
}
