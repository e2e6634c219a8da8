/**
 * The typed plan: every part of a launch plan as an io-ts codec. The codecs are the single
 * source of the types (`t.TypeOf`), and the same codecs validate plans written directly as
 * JSON or YAML.
 */
import * as t from 'io-ts';
import { GateWait, TimeoutOutcome } from './gateTimeout.ts';

/** 1-based source lines of a node in the plan's Markdown (0 when the plan came from JSON/YAML). */
export const SourcePos = t.type({ line: t.number, endLine: t.number });
export type SourcePos = t.TypeOf<typeof SourcePos>;

/** What every part of a plan that has a heading holds: its stable id and its title. */
const titled = { id: t.string, title: t.string };

export const TimeUnit = t.keyof({ minute: null, hour: null, day: null, week: null, month: null });
export type TimeUnit = t.TypeOf<typeof TimeUnit>;

/**
 * A schedule window relative to an anchor: `start` for the launch's first day (J+1, Semaine 1,
 * S1), `launch` for the go-live instant (T-2h, T-0, T+1h, "First 24 hours", D-Day, Day -1),
 * `clock` for a time of the launch day (09:00-10:00: minutes since midnight), `date` for calendar
 * days (days since 1970-01-01). `from`/`to` are inclusive offsets. Optional: `zone`, the time zone
 * written after a time ("UTC", "CET", "UTC+2"); `time`, the time of day written after a single
 * date (minutes since midnight); `bound`, whether the text says before or after the date or
 * time ("before March 3, 2026", "ab 16 Uhr") rather than on it.
 */
export const Window = t.intersection([
  t.type({
    raw: t.string,
    unit: TimeUnit,
    from: t.number,
    to: t.number,
    anchor: t.keyof({ start: null, launch: null, clock: null, date: null, weekday: null }),
  }),
  t.partial({
    zone: t.string,
    time: t.number,
    bound: t.keyof({ before: null, after: null }),
  }),
]);
export type Window = t.TypeOf<typeof Window>;

/** An estimated length ("2-3 semaines", "1h"), not anchored anywhere. */
export const Duration = t.type({ raw: t.string, unit: TimeUnit, min: t.number, max: t.number });
export type Duration = t.TypeOf<typeof Duration>;

export const ItemKind = t.keyof({ task: null, test: null, check: null });
export type ItemKind = t.TypeOf<typeof ItemKind>;

/**
 * Where a `[ ]`/`[x]` box sits in the source: the 1-based line and 1-based column of the mark
 * between the brackets, so a renderer can flip exactly that character.
 */
export const CheckboxPos = t.type({ line: t.number, column: t.number });
export type CheckboxPos = t.TypeOf<typeof CheckboxPos>;

/** A code block kept as data (commands, config, metrics) on the step that contains it. */
export const CodeBlock = t.type({ lang: t.union([t.string, t.null]), value: t.string, pos: SourcePos });
export type CodeBlock = t.TypeOf<typeof CodeBlock>;

/**
 * Where a table row's status is written ("⬜", "🔲 Not Started", "En cours"): the 1-based line,
 * the 1-based column (in UTF-16 units of the decoded line) and the text, so a renderer can
 * rewrite that cell the way it flips a checkbox.
 */
export const StatusCell = t.type({ line: t.number, column: t.number, text: t.string });
export type StatusCell = t.TypeOf<typeof StatusCell>;

export interface Item {
  id: string;
  text: string;
  kind: ItemKind;
  done: boolean;
  checkbox: CheckboxPos | null;
  children: Item[];
  pos: SourcePos;
  /** Who does it (an Owner column, "(Owner: …)"); absent when the plan names nobody. */
  owners?: string[];
  /**
   * When: a task table's date, week or window column, or a go-live offset, clock time or date in
   * the item's text ("T-2h: freeze"); absent when none.
   */
  window?: Window;
  /** The status cell of a table row, absent for list items. */
  statusCell?: StatusCell;
}
export const Item: t.Type<Item> = t.recursion('Item', () =>
  t.intersection([
    t.type({
      id: t.string,
      text: t.string,
      kind: ItemKind,
      done: t.boolean,
      checkbox: t.union([CheckboxPos, t.null]),
      children: t.array(Item),
      pos: SourcePos,
    }),
    t.partial({ owners: t.array(t.string), window: Window, statusCell: StatusCell }),
  ]),
);

export const Step = t.type({
  id: t.string,
  title: t.string,
  /** Headings between the phase and this step ("Tâches Backend" for "Setup Initial"). */
  group: t.union([t.string, t.null]),
  items: t.array(Item),
  window: t.union([Window, t.null]),
  owners: t.array(t.string),
  code: t.array(CodeBlock),
  pos: SourcePos,
});
export type Step = t.TypeOf<typeof Step>;

export const PhaseKind = t.keyof({ sequential: null, continuous: null });
export type PhaseKind = t.TypeOf<typeof PhaseKind>;

export const Phase = t.intersection([
  t.type({
    ...titled,
    kind: PhaseKind,
    window: t.union([Window, t.null]),
    duration: t.union([Duration, t.null]),
    objectives: t.array(t.string),
    deliverables: t.array(Item),
    steps: t.array(Step),
    pos: SourcePos,
  }),
  /** Who leads the phase ("**Responsable** : Équipe Ops" under its heading). */
  t.partial({ owners: t.array(t.string) }),
]);
export type Phase = t.TypeOf<typeof Phase>;

/** What a "no-go" does: hold at the gate, or go back to the phase before it to fix things. */
export const NoGoPolicy = t.keyof({ hold: null, fix: null });
export type NoGoPolicy = t.TypeOf<typeof NoGoPolicy>;

/** A decision the plan itself states ("APPROVED FOR GO-LIVE", "APROVADO"): reported, never applied. */
export const StatedDecision = t.type({
  decision: t.keyof({ go: null, 'no-go': null }),
  text: t.string,
  line: t.number,
});
export type StatedDecision = t.TypeOf<typeof StatedDecision>;

/**
 * Who may approve a gate's "go", how many must, and how long they have (issue 24), from the plan's front matter
 * (`launchplan: { approvals: … }`) or the service's configuration. Left out: one lead decides.
 */
export const ApprovalPolicy = t.partial({
  /** Roles that may approve (default `lead`; `admin` always may). */
  roles: t.array(t.string),
  /** Distinct approvers a "go" needs (default 1). */
  approvers: t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= 100, 'Approvers'),
  /** Whether whoever started the launch may approve (default true). */
  launcherMayApprove: t.boolean,
  /** Whether the owners of the steps the gate waits for may approve (default true). */
  ownersMayApprove: t.boolean,
  /** How long the gate waits for its decision once reached (`30m`, `4h`, `2d`; see `gateTimeout.ts`). */
  timeout: GateWait,
  /** What happens when it has waited that long: `no-go`, `skip` or `escalate` (default). */
  onTimeout: TimeoutOutcome,
});
export type ApprovalPolicy = t.TypeOf<typeof ApprovalPolicy>;

export const Gate = t.intersection([
  t.type({
    ...titled,
    /** The gate stands before this phase; null means before completion of the whole plan. */
    beforePhase: t.union([t.string, t.null]),
    /** Ids of items that must be done for "go" to pass. */
    criteria: t.array(t.string),
    onNoGo: NoGoPolicy,
    /** Whether the reader found this gate in the plan or added it (see diagnostics). */
    origin: t.keyof({ plan: null, added: null }),
    pos: SourcePos,
  }),
  t.partial({
    /** Ids of items the gate lists but does not wait for ("NICE TO HAVE"). */
    advisory: t.array(t.string),
    stated: StatedDecision,
    /** Who may approve its "go", and how many (see `ApprovalPolicy`). */
    approval: ApprovalPolicy,
  }),
]);
export type Gate = t.TypeOf<typeof Gate>;

export interface RollbackStep {
  id: string;
  title: string;
  text: string;
  /** "Si impossible à fixer < 1h" → the condition under which this step applies. */
  condition: string | null;
  pos: SourcePos;
  owners?: string[];
  /** Sub-steps written under the step: part of it, kept with it. */
  children?: RollbackStep[];
  /** The alternative procedure the step belongs to ("Option A: feature flag"), when the plan offers several. */
  alternative?: string;
}
export const RollbackStep: t.Type<RollbackStep> = t.recursion('RollbackStep', () =>
  t.intersection([
    t.type({
      ...titled,
      text: t.string,
      condition: t.union([t.string, t.null]),
      pos: SourcePos,
    }),
    t.partial({ owners: t.array(t.string), children: t.array(RollbackStep), alternative: t.string }),
  ]),
);

export const Comparison = t.keyof({ '<': null, '<=': null, '>': null, '>=': null, '=': null });
export type Comparison = t.TypeOf<typeof Comparison>;

/** "Error rate > 5% for 5 min": a condition on a metric, held for a while. */
export const Threshold = t.intersection([
  t.type({ metric: t.string, comparison: Comparison, threshold: t.number, unit: t.string }),
  t.partial({ sustained: Duration }),
]);
export type Threshold = t.TypeOf<typeof Threshold>;

/** When to roll back: the plan's words and, when it states one, the threshold that decides. */
export const RollbackTrigger = t.intersection([
  t.type({ id: t.string, text: t.string, pos: SourcePos }),
  t.partial({ rule: Threshold }),
]);
export type RollbackTrigger = t.TypeOf<typeof RollbackTrigger>;

/** What must hold before a rollback can run ("a backup of the database exists"): checked, not done. */
export const RollbackCheck = t.type({ id: t.string, text: t.string, pos: SourcePos });
export type RollbackCheck = t.TypeOf<typeof RollbackCheck>;

export const Rollback = t.intersection([
  t.type({
    ...titled,
    trigger: t.union([t.string, t.null]),
    steps: t.array(RollbackStep),
    pos: SourcePos,
  }),
  t.partial({ triggers: t.array(RollbackTrigger), checks: t.array(RollbackCheck) }),
]);
export type Rollback = t.TypeOf<typeof Rollback>;

/**
 * Which side of the line a rule's number is: `alert` when it says when to alert ("Error rate > 5%",
 * "alerts if > 800 ms", a rollback trigger), `healthy` when it says what good looks like (a
 * target, an SLO, "must stay below 1%"). The comparison is kept as written.
 */
export const ThresholdSide = t.keyof({ alert: null, healthy: null });
export type ThresholdSide = t.TypeOf<typeof ThresholdSide>;

export const AlertRule = t.intersection([
  t.type({
    id: t.string,
    metric: t.string,
    comparison: Comparison,
    threshold: t.number,
    unit: t.string,
    side: ThresholdSide,
    raw: t.string,
    /** Where the rule was read: "table row in “Monitoring”", "rollback trigger", "item in “Go-Live”". */
    from: t.string,
    pos: SourcePos,
  }),
  t.partial({ sustained: Duration }),
]);
export type AlertRule = t.TypeOf<typeof AlertRule>;

export const Risk = t.type({
  id: t.string,
  title: t.string,
  impact: t.union([t.string, t.null]),
  mitigation: t.union([t.string, t.null]),
  pos: SourcePos,
});
export type Risk = t.TypeOf<typeof Risk>;

export const NoteKind = t.keyof({
  overview: null,
  objectives: null,
  schedule: null,
  roles: null,
  metrics: null,
  conclusion: null,
  annex: null,
  contents: null,
  contacts: null,
  links: null,
  legend: null,
  progress: null,
  fields: null,
  signoff: null,
  template: null,
  glossary: null,
  summary: null,
  diagram: null,
  other: null,
});
export type NoteKind = t.TypeOf<typeof NoteKind>;

/** A non-actionable section, kept with its text so nothing the author wrote is lost. */
export const Note = t.type({ id: t.string, title: t.string, kind: NoteKind, text: t.string, pos: SourcePos });
export type Note = t.TypeOf<typeof Note>;

/** A calendar row (step | date | owner) and the step or phase it was matched to. */
export const ScheduleEntry = t.type({
  label: t.string,
  window: t.union([Window, t.null]),
  owners: t.array(t.string),
  matched: t.union([t.string, t.null]),
  pos: SourcePos,
});
export type ScheduleEntry = t.TypeOf<typeof ScheduleEntry>;

export const Severity = t.keyof({ info: null, warning: null, error: null });
export type Severity = t.TypeOf<typeof Severity>;

/** A decision or problem the reader reports, with the line it concerns. */
export const Diagnostic = t.type({ code: t.string, severity: Severity, message: t.string, line: t.number });
export type Diagnostic = t.TypeOf<typeof Diagnostic>;

/**
 * The go-live instant as the plan states it: "T = 0", "Jour J", "D-Day", or a date and time in
 * its header ("Friday, December 19, 2025, 10:00 AM MSK"), with the date as ISO text when a full
 * date is given and the time zone as written.
 */
export const GoLive = t.intersection([
  t.type({ raw: t.string, line: t.number }),
  t.partial({ date: t.string, time: t.string, zone: t.string }),
]);
export type GoLive = t.TypeOf<typeof GoLive>;

export const PlanContent = t.type({
  id: t.string,
  title: t.string,
  /** sha-256 of the plan's content (see `hashPlan`): the plan's version. */
  hash: t.string,
  phases: t.array(Phase),
  gates: t.array(Gate),
  rollback: t.union([Rollback, t.null]),
  alerts: t.array(AlertRule),
  risks: t.array(Risk),
  notes: t.array(Note),
  schedule: t.array(ScheduleEntry),
  /** Every owner or role the plan names anywhere. */
  roles: t.array(t.string),
  diagnostics: t.array(Diagnostic),
});

/**
 * What a plan may hold beside its content: the go-live anchor when it states one, and
 * `decisionReason: 'required'` when its front matter says a go/no-go must give a reason.
 */
export const PlanExtras = t.partial({ goLive: GoLive, decisionReason: t.literal('required') });

export const Plan = t.intersection([PlanContent, PlanExtras]);
export type Plan = t.TypeOf<typeof Plan>;
