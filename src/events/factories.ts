/**
 * Small factories for launch events: the only way the code base builds them, so every event
 * has the namespaced type and the fields its codec expects. Optional fields left `undefined`
 * are dropped, so events stay canonical JSON.
 */
import type { LaunchEvent, LaunchEventType } from './vocabulary.ts';

/** The launch event of a type, and what its factory takes: the event without its type. */
type EventOf<T extends LaunchEventType> = Extract<LaunchEvent, { type: T }>;
type Data<T extends LaunchEventType> = Omit<EventOf<T>, 'type'>;

function build<T extends string, D extends object>(type: T, data: D): { type: T } & D {
  const out: Record<string, unknown> = { type };
  for (const [key, value] of Object.entries(data)) if (value !== undefined) out[key] = value;
  return out as { type: T } & D;
}

/** The factory of the events of one type. */
const factory =
  <T extends LaunchEventType>(type: T) =>
  (data: Data<T>): EventOf<T> =>
    build(type, data) as EventOf<T>;

/** Event types whose data is all optional: their factories may be called with nothing. */
type OptionalDataType = { [T in LaunchEventType]: object extends Data<T> ? T : never }[LaunchEventType];

/** The factory of the events of such a type. */
const optionalFactory =
  <T extends OptionalDataType>(type: T) =>
  (data: Data<T> = {} as Data<T>): EventOf<T> =>
    build(type, data) as EventOf<T>;

/** @example launchStarted({ at: '2025-01-01T08:00:00Z', by: 'ops' }) */
export const launchStarted = optionalFactory('launch.started');
/** @example itemChecked({ itemId: 'setup/db', by: 'ana' }) */
export const itemChecked = factory('item.checked');
export const itemUnchecked = factory('item.unchecked');
export const itemWaived = factory('item.waived');
/** @example testPassed({ itemId: 'qa/smoke', runId: 'ci-412' }) */
export const testPassed = factory('test.passed');
export const testFailed = factory('test.failed');
/** @example alertFired({ alertId: 'p99-latency', metric: 'latency', value: 900 }) */
export const alertFired = factory('alert.fired');
export const alertResolved = factory('alert.resolved');
/** @example gateDecided({ gateId: 'gate/go-no-go', decision: 'go', by: 'cto' }) */
export const gateDecided = factory('gate.decided');
export const rollbackRequested = optionalFactory('rollback.requested');
export const rollbackCompleted = optionalFactory('rollback.completed');
export const launchResumed = optionalFactory('launch.resumed');
export const launchAborted = optionalFactory('launch.aborted');
/** @example deadlineReached({ deadlineId: 'launch/t-0', at: '2025-02-01T10:00:00Z' }) */
export const deadlineReached = factory('deadline.reached');
export const planRevised = factory('plan.revised');
