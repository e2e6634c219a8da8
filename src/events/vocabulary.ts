/**
 * The launch event vocabulary: every event a launch log can hold, as io-ts codecs. Types are
 * namespaced (`item.checked`, `alert.fired`). Every event may carry `at` (ISO 8601, put there by
 * the runtime from the log envelope) and `by` (the actor's id): the machine never reads a clock.
 * Build events with the factories in `./factories.ts`; decode untrusted input with
 * `decodeLaunchEvent`.
 */
import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { formatPathErrors, toPathErrors, type PathError } from '../codecErrors.ts';

/** Fields every event may carry: when (from the envelope) and who. */
const Common = t.partial({ at: t.string, by: t.string });

/** An event codec. Exact: fields it does not name are dropped, never stored in the log. */
function event<T extends string, R extends t.Props, O extends t.Props>(type: T, required: R, optional: O) {
  return t.exact(
    t.intersection([t.type({ type: t.literal(type), ...required }), t.partial(optional), Common]),
    type,
  );
}

/** A finite number: JSON's `1e400` reads as Infinity, which no log can hold (canonical JSON refuses it). */
const FiniteNumber = t.refinement(t.number, Number.isFinite, 'FiniteNumber');

/** Free reference backing an item event: a test run id, an alert id, a URL, a ticket. */
const evidence = { evidence: t.string };

export const LaunchStarted = event('launch.started', {}, { goLiveAt: t.string });
export const ItemChecked = event('item.checked', { itemId: t.string }, evidence);
export const ItemUnchecked = event('item.unchecked', { itemId: t.string }, { ...evidence, reason: t.string });
export const ItemWaived = event('item.waived', { itemId: t.string }, { ...evidence, reason: t.string });
export const TestPassed = event('test.passed', { itemId: t.string }, { ...evidence, runId: t.string });
export const TestFailed = event(
  'test.failed',
  { itemId: t.string },
  { ...evidence, runId: t.string, message: t.string },
);
/** `name` and `severity` are the monitoring system's (Alertmanager's `alertname` and `severity` labels); `message` its summary. */
export const AlertFired = event(
  'alert.fired',
  { alertId: t.string },
  {
    ruleId: t.string,
    metric: t.string,
    value: FiniteNumber,
    message: t.string,
    name: t.string,
    severity: t.string,
  },
);
export const AlertResolved = event('alert.resolved', { alertId: t.string }, { message: t.string });
export const GateDecision = t.keyof({ go: null, 'no-go': null });
export type GateDecision = t.TypeOf<typeof GateDecision>;
export const GateDecided = event(
  'gate.decided',
  { gateId: t.string, decision: GateDecision },
  { reason: t.string, reopen: t.array(t.string) },
);
export const RollbackRequested = event('rollback.requested', {}, { reason: t.string, alertId: t.string });
export const RollbackCompleted = event('rollback.completed', {}, { message: t.string });
export const LaunchResumed = event('launch.resumed', {}, { reason: t.string });
export const LaunchAborted = event('launch.aborted', {}, { reason: t.string });
export const DeadlineReached = event('deadline.reached', { deadlineId: t.string }, { window: t.string });
export const PlanRevised = event(
  'plan.revised',
  { fromHash: t.string, toHash: t.string },
  { reason: t.string },
);

export type LaunchStarted = t.TypeOf<typeof LaunchStarted>;
export type ItemChecked = t.TypeOf<typeof ItemChecked>;
export type ItemUnchecked = t.TypeOf<typeof ItemUnchecked>;
export type ItemWaived = t.TypeOf<typeof ItemWaived>;
export type TestPassed = t.TypeOf<typeof TestPassed>;
export type TestFailed = t.TypeOf<typeof TestFailed>;
export type AlertFired = t.TypeOf<typeof AlertFired>;
export type AlertResolved = t.TypeOf<typeof AlertResolved>;
export type GateDecided = t.TypeOf<typeof GateDecided>;
export type RollbackRequested = t.TypeOf<typeof RollbackRequested>;
export type RollbackCompleted = t.TypeOf<typeof RollbackCompleted>;
export type LaunchResumed = t.TypeOf<typeof LaunchResumed>;
export type LaunchAborted = t.TypeOf<typeof LaunchAborted>;
export type DeadlineReached = t.TypeOf<typeof DeadlineReached>;
export type PlanRevised = t.TypeOf<typeof PlanRevised>;

/** Every launch event, by type. */
export const EVENT_CODECS = {
  'launch.started': LaunchStarted,
  'item.checked': ItemChecked,
  'item.unchecked': ItemUnchecked,
  'item.waived': ItemWaived,
  'test.passed': TestPassed,
  'test.failed': TestFailed,
  'alert.fired': AlertFired,
  'alert.resolved': AlertResolved,
  'gate.decided': GateDecided,
  'rollback.requested': RollbackRequested,
  'rollback.completed': RollbackCompleted,
  'launch.resumed': LaunchResumed,
  'launch.aborted': LaunchAborted,
  'deadline.reached': DeadlineReached,
  'plan.revised': PlanRevised,
} as const;

export type LaunchEventType = keyof typeof EVENT_CODECS;
export const LAUNCH_EVENT_TYPES = Object.keys(EVENT_CODECS) as LaunchEventType[];

export type LaunchEvent =
  | LaunchStarted
  | ItemChecked
  | ItemUnchecked
  | ItemWaived
  | TestPassed
  | TestFailed
  | AlertFired
  | AlertResolved
  | GateDecided
  | RollbackRequested
  | RollbackCompleted
  | LaunchResumed
  | LaunchAborted
  | DeadlineReached
  | PlanRevised;

/** Why an input is not a launch event: an unknown type, or fields that do not fit its codec. */
export type EventDecodeError =
  | { _tag: 'UnknownEventType'; type: unknown; known: readonly string[] }
  | { _tag: 'InvalidEventData'; type: LaunchEventType; errors: PathError[] };

/**
 * Decodes untrusted input (JSON from a log, an HTTP body) into a launch event.
 *
 * @example
 * decodeLaunchEvent({ type: 'item.checked', itemId: 'setup/db' }) // Right({ type: 'item.checked', itemId: 'setup/db' })
 */
export function decodeLaunchEvent(input: unknown): E.Either<EventDecodeError, LaunchEvent> {
  const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  // Own keys only: `constructor`, `toString` or `__proto__` are no event type.
  if (typeof type !== 'string' || !Object.hasOwn(EVENT_CODECS, type))
    return E.left({ _tag: 'UnknownEventType', type, known: LAUNCH_EVENT_TYPES });
  const codec = EVENT_CODECS[type as LaunchEventType] as unknown as t.Type<LaunchEvent, unknown, unknown>;
  const decoded = codec.decode(input);
  return E.isRight(decoded)
    ? E.right(decoded.right)
    : E.left({ _tag: 'InvalidEventData', type: type as LaunchEventType, errors: toPathErrors(decoded.left) });
}

/** One readable message for an event decode error. */
export function formatEventDecodeError(error: EventDecodeError): string {
  if (error._tag === 'UnknownEventType')
    return `unknown event type ${JSON.stringify(error.type)} (known: ${error.known.join(', ')})`;
  return `invalid ${error.type} event:\n${formatPathErrors(error.errors, '\n', '  ')}`;
}
