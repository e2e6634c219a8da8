/**
 * What the console shows a viewer, as data: the checklist of each phase with its controls, the
 * gates with their criteria and what still blocks a "go", the open alerts, the plan's thresholds,
 * the rollback protocol and the launch decisions. A control is the very event the API takes. A
 * signed-in viewer sees every control of the moment; one the launch's own authorisation
 * (`Launch.allows`) would refuse them is shown disabled, with the roles it needs. Whether the
 * state accepts an event is the launch's answer when it is sent, shown next to the control.
 * Pure: a function of the launch's plan, checklist and explanations.
 */
import * as E from 'fp-ts/lib/Either.js';
import type {
  Checklist,
  ChecklistAlert,
  ChecklistGate,
  ChecklistItem,
  ChecklistPhase,
  ChecklistStep,
} from '../../checklist/derive.ts';
import { formatExplanation } from '../../compile/explain.ts';
import type { Actor } from '../../events/envelope.ts';
import { approvalPolicyOf } from '../../plan/approvals.ts';
import type { AlertRule } from '../../plan/model.ts';
import type { Launch } from '../../launch/index.ts';

/** One button: the event it sends. */
export interface Action {
  label: string;
  event: { type: string } & Record<string, unknown>;
  tone: 'primary' | 'danger' | 'plain';
  /** The roles one of which the viewer would need to send it (empty: the viewer may). */
  needs: readonly string[];
}

/** A control: one or more buttons sharing an optional text field, and a place for the refusal. */
export interface Form {
  /** Unique on the page: the refusal of this control is shown under this id. */
  id: string;
  /** A text field sent as this event field (`reason`, `message`, `text`); `required`: no send without it. */
  field?: { name: 'reason' | 'message' | 'text'; placeholder: string; required?: boolean };
  actions: Action[];
}

/** A control as the view builds it, before the viewer's roles are known. */
type Offer = Omit<Form, 'actions'> & { actions: Omit<Action, 'needs'>[] };

export interface ItemView {
  item: ChecklistItem;
  /** Tick, untick, a test's result. */
  form: Form | null;
  /** Waive it, with a reason (not once it is done or waived). */
  waive: Form | null;
  comment: Form | null;
}

export interface StepView {
  step: ChecklistStep;
  items: ItemView[];
}

export interface PhaseView {
  phase: ChecklistPhase;
  /** The launch is in this phase now: its items have controls, and the page lists them. */
  current: boolean;
  steps: StepView[];
  deliverables: ItemView[];
}

export interface GateView {
  gate: ChecklistGate;
  current: boolean;
  criteria: { id: string; text: string; status: string }[];
  /** At the waiting gate, why a "go" would be refused now (null: it would pass); elsewhere, 'not reached yet' or null once decided. */
  blocking: string | null;
  form: Form | null;
}

export interface ConsoleView {
  title: string;
  checklist: Checklist;
  /** Who is looking; `canAct` when signed in to the console (controls are shown). */
  viewer: { actor: Actor; canAct: boolean } | null;
  phases: PhaseView[];
  gates: GateView[];
  alerts: ChecklistAlert[];
  thresholds: string[];
  rollback: {
    status: Checklist['rollback']['status'];
    title: string;
    steps: ItemView[];
    forms: Form[];
    count: number;
  };
  /** Controls of the whole launch: start it. */
  launchForms: Form[];
}

/** What the view needs of a launch. */
export type ViewedLaunch = Pick<Launch, 'plan' | 'checklist' | 'explain' | 'allows'>;

/** How the service runs its launches, as far as the view shows it. */
export interface ViewOptions {
  /** A go/no-go needs a reason (the plan's front matter or the service says so). */
  reasonRequired: boolean;
}

const SETTLED = new Set(['done', 'waived']);

/** A metric's name without case, spaces or punctuation: `Cache hit rate` and `cacheHitRate` are one. */
const nameKey = (name: string): string =>
  name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

/**
 * The plan's thresholds, each bound once: a bilingual plan states `errorRate < 0.1%` in its
 * monitoring block and `Taux d'erreur < 0.1%` in its prose; the console shows one line with
 * every name it was given (`errorRate / Taux d'erreur < 0.1%`), and a name once.
 *
 * @example
 * thresholdLines(plan.alerts) // ['responseTime / Temps réponse moyen < 200ms', 'cacheHitRate > 85%']
 */
export function thresholdLines(rules: readonly AlertRule[]): string[] {
  const bounds = new Map<string, Map<string, string>>();
  for (const rule of rules) {
    const bound = `${rule.comparison} ${rule.threshold}${rule.unit}`;
    const names = bounds.get(bound) ?? new Map<string, string>();
    if (!names.has(nameKey(rule.metric))) names.set(nameKey(rule.metric), rule.metric);
    bounds.set(bound, names);
  }
  return [...bounds].map(([bound, names]) => `${[...names.values()].join(' / ')} ${bound}`);
}

/**
 * The console's view of a launch for a viewer (null: nobody signed in).
 *
 * @example
 * const view = consoleView(launch, { actor: { id: 'sam', roles: ['lead'] }, canAct: true });
 * view.gates[0].blocking // 'alert(s) open: am-6f1d6c4a2e4b3f08'
 */
export function consoleView(
  launch: ViewedLaunch,
  viewer: ConsoleView['viewer'],
  options: ViewOptions = { reasonRequired: false },
): ConsoleView {
  const checklist = launch.checklist();
  const actor = viewer?.canAct ? viewer.actor : null;
  /** The form for a signed-in viewer, each action with the roles it would need (none for a reader). */
  const offer = (form: Offer): Form | null => {
    if (actor === null) return null;
    const actions = form.actions.map((action): Action => {
      const allowed = launch.allows(action.event as Parameters<Launch['allows']>[0], actor);
      return { ...action, needs: E.isLeft(allowed) ? allowed.left.required : [] };
    });
    return { ...form, actions };
  };
  const offered = (forms: Offer[]): Form[] => forms.map(offer).filter((form): form is Form => form !== null);
  const itemView = (item: ChecklistItem, controls = true): ItemView => ({
    item,
    form: controls ? offer(itemForm(item)) : null,
    waive: controls && !SETTLED.has(item.status) ? offer(waiveForm(item)) : null,
    comment: controls ? offer(commentForm(item)) : null,
  });
  const texts = new Map(
    checklist.phases
      .flatMap((phase) => [...phase.steps.flatMap((step) => step.items), ...phase.deliverables])
      .map((item) => [item.id, item] as const),
  );
  const running = checklist.state === 'running' || checklist.state === 'operating';

  return {
    title: launch.plan.title,
    checklist,
    viewer,
    phases: checklist.phases.map((phase) => {
      // Controls for the phase the launch is in: a plan has hundreds of items, a lead works on these.
      const current = checklist.current.includes(phase.id);
      return {
        phase,
        current,
        steps: phase.steps.map((step) => ({
          step,
          items: step.items.map((item) => itemView(item, current)),
        })),
        deliverables: phase.deliverables.map((item) => itemView(item, current)),
      };
    }),
    gates: checklist.gates.map((gate) => {
      const current = checklist.current.includes(gate.id);
      const go = { type: 'gate.decided', gateId: gate.id, decision: 'go' };
      return {
        gate,
        current,
        criteria: (launch.plan.gates.find((g) => g.id === gate.id)?.criteria ?? []).map((id) => ({
          id,
          text: texts.get(id)?.text ?? id,
          status: texts.get(id)?.status ?? 'pending',
        })),
        blocking: current ? goBlocker(launch, go, actor) : gate.at === null ? 'not reached yet' : null,
        form: current
          ? offer({
              id: `gate:${gate.id}`,
              field: options.reasonRequired
                ? { name: 'reason', placeholder: 'reason (required)', required: true }
                : { name: 'reason', placeholder: 'reason' },
              actions: [
                { label: 'Go', event: go, tone: 'primary' },
                ...(mayApprove(launch, gate.id, actor)
                  ? [
                      {
                        label: 'Approve',
                        event: { type: 'gate.approved', gateId: gate.id },
                        tone: 'plain' as const,
                      },
                    ]
                  : []),
                { label: 'No-go', event: { ...go, decision: 'no-go' }, tone: 'danger' },
              ],
            })
          : null,
      };
    }),
    alerts: checklist.alerts,
    thresholds: thresholdLines(launch.plan.alerts),
    rollback: {
      status: checklist.rollback.status,
      title: launch.plan.rollback?.title ?? 'Rollback',
      steps: checklist.rollback.steps.map((item) =>
        itemView(item, checklist.rollback.status === 'rolling-back'),
      ),
      count: checklist.rollback.count,
      forms: offered([
        ...(running ? [decision('rollback', 'Request a rollback', 'rollback.requested', 'danger')] : []),
        ...(checklist.rollback.status === 'rolling-back' &&
        checklist.rollback.steps.every((step) => SETTLED.has(step.status))
          ? [decision('rollback-completed', 'Rollback completed', 'rollback.completed', 'primary', 'message')]
          : []),
        ...(checklist.rollback.status === 'rolled-back'
          ? [
              decision('resume', 'Resume the launch', 'launch.resumed', 'primary'),
              decision('abort', 'Abort the launch', 'launch.aborted', 'danger'),
            ]
          : []),
      ]),
    },
    launchForms: offered([
      ...(checklist.state === 'ready'
        ? [
            {
              id: 'start',
              actions: [
                { label: 'Start the launch', event: { type: 'launch.started' }, tone: 'primary' as const },
              ],
            },
          ]
        : []),
      // Operator controls (issue 24): each needs a reason.
      ...(running ? [decision('pause', 'Pause the launch', 'launch.paused', 'plain')] : []),
      ...(checklist.state === 'paused'
        ? [decision('resume-pause', 'Resume the launch', 'launch.resumed', 'primary')]
        : []),
      ...stepControls(checklist),
    ]),
  };
}

/** Whether the gate has an approval policy whose roles the viewer holds (the runtime checks the rest). */
function mayApprove(launch: ViewedLaunch, gateId: string, actor: Actor | null): boolean {
  const gate = launch.plan.gates.find((candidate) => candidate.id === gateId);
  if (!gate?.approval || actor === null) return false;
  const held = new Set(actor.roles.map((role) => role.toLowerCase()));
  return [...approvalPolicyOf(gate).roles, 'admin'].some((role) => held.has(role.toLowerCase()));
}

/**
 * Skip the current phase's open steps, retry its blocked ones (`step.skipped`, `step.retried`):
 * one form per step, in the header with the launch's controls.
 */
function stepControls(checklist: Checklist): Offer[] {
  if (checklist.state !== 'running' && checklist.state !== 'paused') return [];
  return checklist.phases
    .filter((phase) => checklist.current.includes(phase.id))
    .flatMap((phase) => phase.steps)
    .flatMap((step): Offer[] => {
      const control = (verb: 'Skip' | 'Retry', type: string): Offer => ({
        id: `${verb.toLowerCase()}:${step.id}`,
        field: { name: 'reason', placeholder: 'reason' },
        actions: [{ label: `${verb} ${step.title}`, event: { type, stepId: step.id }, tone: 'plain' }],
      });
      if (step.status === 'blocked')
        return [control('Retry', 'step.retried'), control('Skip', 'step.skipped')];
      return step.status === 'active' || step.status === 'pending' ? [control('Skip', 'step.skipped')] : [];
    });
}

/** Why the launch would refuse a go now, in its own words (`Launch.explain`), or null when it would pass. */
function goBlocker(launch: ViewedLaunch, go: Action['event'], actor: Actor | null): string | null {
  const explanation = launch.explain({ ...go, ...(actor ? { by: actor.id } : {}) });
  if (explanation._tag === 'Accepted') return null;
  return explanation._tag === 'GuardFailed' ? explanation.reason : formatExplanation(explanation);
}

/** A launch decision with a text field (a reason, or a message). */
function decision(
  id: string,
  label: string,
  type: string,
  tone: Action['tone'],
  field: 'reason' | 'message' = 'reason',
): Offer {
  return { id, field: { name: field, placeholder: field }, actions: [{ label, event: { type }, tone }] };
}

/** Waiving an item says why: the field is required. */
export const waiveForm = (item: ChecklistItem): Offer => ({
  id: `waive:${item.id}`,
  field: { name: 'reason', placeholder: 'why it is waived', required: true },
  actions: [{ label: 'Waive', event: { type: 'item.waived', itemId: item.id }, tone: 'plain' }],
});

export const commentForm = (item: ChecklistItem): Offer => ({
  id: `comment:${item.id}`,
  field: { name: 'text', placeholder: 'comment', required: true },
  actions: [{ label: 'Comment', event: { type: 'item.commented', itemId: item.id }, tone: 'plain' }],
});

/** The controls of an item: tick or untick; a test's result by hand, passed or failed. */
export function itemForm(item: ChecklistItem): Offer {
  const on = (type: string, extra: Record<string, unknown> = {}) => ({ type, itemId: item.id, ...extra });
  const id = `item:${item.id}`;
  if (SETTLED.has(item.status))
    return { id, actions: [{ label: 'Untick', event: on('item.unchecked'), tone: 'plain' }] };
  if (item.kind !== 'test')
    return { id, actions: [{ label: 'Tick', event: on('item.checked'), tone: 'primary' }] };
  return {
    id,
    field: { name: 'message', placeholder: 'result note' },
    actions: [
      {
        label: 'Passed',
        event: on('test.passed', { evidence: 'recorded by hand in the console' }),
        tone: 'primary',
      },
      ...(item.status === 'failed'
        ? []
        : [
            {
              label: 'Failed',
              event: on('test.failed', { evidence: 'recorded by hand in the console' }),
              tone: 'danger' as const,
            },
          ]),
    ],
  };
}
