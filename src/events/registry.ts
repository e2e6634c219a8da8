/**
 * The event registry: every event type a launch log can hold, declared once. Each entry gives
 * the event's data (an io-ts codec: required and optional fields), who may send it (`sentBy`),
 * how the console's history tells it (`tell`), and whether it can move a state (`moves`: itself
 * or by enabling an eventless transition; the compiler checks the chart agrees). Everything else
 * is derived from here (`vocabulary.ts`: the types and the decoder) or keyed by the event type so
 * that a new entry does not compile until it is handled: its factory (`factories.ts`), where the
 * chart handles it (`compile/handling.ts`), its arbitrary (`testing/arbitraries.ts`) and its
 * export (`src/index.ts`).
 *
 * Every event may carry `at` (ISO 8601, put there by the runtime from the log envelope) and `by`
 * (the actor's id): the machine never reads a clock.
 */
import * as t from 'io-ts';
import { TimeoutOutcome } from '../plan/gateTimeout.ts';
import {
  anyone,
  CI_ROLE,
  launchers,
  lead,
  monitoring,
  scheduler,
  stepOwners,
  type SendRule,
} from './sendRules.ts';

/** Fields every event may carry: when (from the envelope) and who. */
const Common = t.partial({ at: t.string, by: t.string });

/** The data codec of an event type. Exact: fields it does not name are dropped, never stored in the log. */
const dataCodec = <R extends t.Props, O extends t.Props>(required: R, optional: O) =>
  t.exact(t.intersection([t.type(required), t.partial(optional), Common]));

/** One event type's entry, for data of type `A`. */
export interface EventDeclaration<A> {
  /** The event's data, besides its `type`. */
  readonly codec: t.Type<A, unknown, unknown>;
  /** Who may send it (see `sendRules.ts`). */
  readonly sentBy: SendRule;
  /** The event in words, for the console's history; `names` gives item, step and gate ids their text. */
  readonly tell: (data: A, names: ReadonlyMap<string, string>) => string;
  /** Whether it can move a state, itself or by enabling an eventless transition. */
  readonly moves: boolean;
}

/** The data of an event with these required and optional fields. */
type DataOf<R extends t.Props, O extends t.Props> = t.TypeOf<ReturnType<typeof dataCodec<R, O>>>;

const event = <R extends t.Props, O extends t.Props>(
  required: R,
  optional: O,
  spec: Omit<EventDeclaration<DataOf<R, O>>, 'codec'>,
): EventDeclaration<DataOf<R, O>> => ({
  codec: dataCodec(required, optional),
  ...spec,
});

/** A finite number: JSON's `1e400` reads as Infinity, which no log can hold (canonical JSON refuses it). */
const FiniteNumber = t.refinement(t.number, Number.isFinite, 'FiniteNumber');

export const GateDecision = t.keyof({ go: null, 'no-go': null });
export type GateDecision = t.TypeOf<typeof GateDecision>;

/** Free reference backing an item event: a test run id, an alert id, a URL, a ticket. */
const evidence = { evidence: t.string };

/** ` (text)`, or nothing when there is no text. */
const aside = (text: string | undefined, open = ' (', close = ')'): string =>
  text ? `${open}${text}${close}` : '';
const named = (names: ReadonlyMap<string, string>, id: string): string => names.get(id) ?? id;

/** An item event that may say why (unchecking, waiving): told as `<verb>: <item> (<reason>)`. */
const itemWithReason = (verb: string) =>
  event(
    { itemId: t.string },
    { ...evidence, reason: t.string },
    {
      sentBy: stepOwners(),
      moves: true,
      tell: ({ itemId, reason }, names) => `${verb}: ${named(names, itemId)}${aside(reason)}`,
    },
  );

/** A decision of the lead's that carries only why: told as `<words> (<reason>)`. */
const leadDecision = (words: string) =>
  event(
    {},
    { reason: t.string },
    { sentBy: lead, moves: true, tell: ({ reason }) => `${words}${aside(reason)}` },
  );

export const EVENT_REGISTRY = {
  'launch.started': event(
    {},
    { goLiveAt: t.string },
    {
      sentBy: launchers,
      moves: true,
      tell: ({ goLiveAt }) => `launch started${aside(goLiveAt, ', go-live at ', '')}`,
    },
  ),
  'item.checked': event({ itemId: t.string }, evidence, {
    sentBy: stepOwners(),
    moves: true,
    tell: ({ itemId }, names) => `checked: ${named(names, itemId)}`,
  }),
  'item.unchecked': itemWithReason('unchecked'),
  'item.waived': itemWithReason('waived'),
  /** A note on an item, kept with it (any state, any item of the plan or its rollback); moves nothing. */
  'item.commented': event(
    { itemId: t.string, text: t.string },
    {},
    {
      sentBy: anyone,
      moves: false,
      tell: ({ itemId, text }, names) => `comment on ${named(names, itemId)}: ${text}`,
    },
  ),
  'test.passed': event(
    { itemId: t.string },
    { ...evidence, runId: t.string },
    {
      sentBy: stepOwners(CI_ROLE),
      moves: true,
      tell: ({ itemId, runId, evidence: backing }, names) =>
        `test passed: ${named(names, itemId)}${aside(runId ?? backing)}`,
    },
  ),
  'test.failed': event(
    { itemId: t.string },
    { ...evidence, runId: t.string, message: t.string },
    {
      sentBy: stepOwners(CI_ROLE),
      moves: true,
      tell: ({ itemId, message }, names) => `test failed: ${named(names, itemId)}${aside(message)}`,
    },
  ),
  /** `name` and `severity` are the monitoring system's (Alertmanager's `alertname` and `severity` labels); `message` its summary. */
  'alert.fired': event(
    { alertId: t.string },
    {
      ruleId: t.string,
      metric: t.string,
      value: FiniteNumber,
      message: t.string,
      name: t.string,
      severity: t.string,
    },
    {
      sentBy: monitoring,
      moves: true,
      tell: ({ alertId, name, message, severity }) =>
        `${name ?? alertId} fired${aside(message, ': ', '')}${aside(severity)}`,
    },
  ),
  'alert.resolved': event(
    { alertId: t.string },
    { message: t.string },
    {
      sentBy: monitoring,
      moves: true,
      tell: ({ alertId, message }) => `alert resolved: ${alertId}${aside(message)}`,
    },
  ),
  'gate.decided': event(
    { gateId: t.string, decision: GateDecision },
    { reason: t.string, reopen: t.array(t.string), approvers: t.array(t.string) },
    {
      sentBy: lead,
      moves: true,
      tell: ({ gateId, decision, reason }, names) => `${decision}: ${named(names, gateId)}${aside(reason)}`,
    },
  ),
  'rollback.requested': event(
    {},
    { reason: t.string, alertId: t.string },
    { sentBy: lead, moves: true, tell: ({ reason }) => `rollback requested${aside(reason)}` },
  ),
  'rollback.completed': event(
    {},
    { message: t.string },
    { sentBy: lead, moves: true, tell: ({ message }) => `rollback completed${aside(message)}` },
  ),
  'launch.resumed': leadDecision('launch resumed'),
  'launch.aborted': leadDecision('launch aborted'),
  /** Appended by the runtime's deadline scheduler (`Launch.tick`), never by a timer in the machine. */
  'deadline.reached': event(
    { deadlineId: t.string },
    { window: t.string },
    {
      sentBy: scheduler,
      moves: false,
      tell: ({ deadlineId, window }, names) =>
        `deadline passed: ${names.get(deadlineId.replace(/^deadline\//, '')) ?? deadlineId}${aside(window)}`,
    },
  ),
  /** Written by `Launch.revise` with the edited plan; replay moves the launch to it, then applies the event. */
  'plan.revised': event(
    { fromHash: t.string, toHash: t.string },
    { reason: t.string },
    { sentBy: lead, moves: true, tell: ({ reason }) => `plan revised${aside(reason)}` },
  ),
  // Operator controls (issue 24): a lead's, each with a required reason. `launch.resumed` ends a pause.
  /** Holds the launch: items may still be ticked, but no phase advances and no deadline fires. */
  'launch.paused': event(
    { reason: t.string },
    {},
    { sentBy: lead, moves: true, tell: ({ reason }) => `launch paused (${reason})` },
  ),
  /** Settles every open or failed item of a step as skipped (not done), so the launch goes on without it. */
  'step.skipped': event(
    { stepId: t.string, reason: t.string },
    {},
    {
      sentBy: lead,
      moves: true,
      tell: ({ stepId, reason }, names) => `step skipped: ${named(names, stepId)} (${reason})`,
    },
  ),
  /** Reopens a step's failed tests and skipped items; the steps before it are left as they are. */
  'step.retried': event(
    { stepId: t.string, reason: t.string },
    {},
    {
      sentBy: lead,
      moves: true,
      tell: ({ stepId, reason }, names) => `step retried: ${named(names, stepId)} (${reason})`,
    },
  ),
  /**
   * One person's approval of a gate's "go" under its approval policy (`plan/approvals.ts`): the
   * runtime checks the policy (roles, distinct approvers, launcher, owners) and, with the last
   * approval the policy needs, appends the `gate.decided` go naming every approver.
   */
  'gate.approved': event(
    { gateId: t.string },
    { reason: t.string },
    {
      sentBy: anyone,
      moves: true,
      tell: ({ gateId, reason }, names) => `approved: ${named(names, gateId)}${aside(reason)}`,
    },
  ),
  /**
   * Appended by the runtime's scheduler (`Launch.tick`) when a gate has waited as long as its
   * policy allows since `since` (the record time of the event that brought the launch to it):
   * `no-go` decides no-go, `skip` passes the gate, `escalate` only tells people.
   */
  'gate.timedOut': event(
    { gateId: t.string, outcome: TimeoutOutcome },
    { since: t.string, after: t.string },
    {
      sentBy: scheduler,
      moves: true,
      tell: ({ gateId, outcome, after }, names) =>
        `timed out: ${named(names, gateId)}${aside(after, ' after ', '')} (${outcome})`,
    },
  ),
};
