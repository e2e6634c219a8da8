/**
 * Small factories for launch events: the only way the code base builds them, so every event
 * has the namespaced type and the fields its codec expects. Optional fields left `undefined`
 * are dropped, so events stay canonical JSON.
 */
import type {
  AlertFired,
  AlertResolved,
  DeadlineReached,
  GateDecided,
  ItemChecked,
  ItemUnchecked,
  ItemWaived,
  LaunchAborted,
  LaunchResumed,
  LaunchStarted,
  PlanRevised,
  RollbackCompleted,
  RollbackRequested,
  TestFailed,
  TestPassed,
} from './vocabulary.ts';

type Data<E> = Omit<E, 'type'>;

function build<T extends string, D extends object>(type: T, data: D): { type: T } & D {
  const out: Record<string, unknown> = { type };
  for (const [key, value] of Object.entries(data)) if (value !== undefined) out[key] = value;
  return out as { type: T } & D;
}

/** @example launchStarted({ at: '2025-01-01T08:00:00Z', by: 'ops' }) */
export const launchStarted = (data: Data<LaunchStarted> = {}): LaunchStarted => build('launch.started', data);
/** @example itemChecked({ itemId: 'setup/db', by: 'ana' }) */
export const itemChecked = (data: Data<ItemChecked>): ItemChecked => build('item.checked', data);
export const itemUnchecked = (data: Data<ItemUnchecked>): ItemUnchecked => build('item.unchecked', data);
export const itemWaived = (data: Data<ItemWaived>): ItemWaived => build('item.waived', data);
/** @example testPassed({ itemId: 'qa/smoke', runId: 'ci-412' }) */
export const testPassed = (data: Data<TestPassed>): TestPassed => build('test.passed', data);
export const testFailed = (data: Data<TestFailed>): TestFailed => build('test.failed', data);
/** @example alertFired({ alertId: 'p99-latency', metric: 'latency', value: 900 }) */
export const alertFired = (data: Data<AlertFired>): AlertFired => build('alert.fired', data);
export const alertResolved = (data: Data<AlertResolved>): AlertResolved => build('alert.resolved', data);
/** @example gateDecided({ gateId: 'gate/go-no-go', decision: 'go', by: 'cto' }) */
export const gateDecided = (data: Data<GateDecided>): GateDecided => build('gate.decided', data);
export const rollbackRequested = (data: Data<RollbackRequested> = {}): RollbackRequested =>
  build('rollback.requested', data);
export const rollbackCompleted = (data: Data<RollbackCompleted> = {}): RollbackCompleted =>
  build('rollback.completed', data);
export const launchResumed = (data: Data<LaunchResumed> = {}): LaunchResumed => build('launch.resumed', data);
export const launchAborted = (data: Data<LaunchAborted> = {}): LaunchAborted => build('launch.aborted', data);
/** @example deadlineReached({ deadlineId: 'launch/t-0', at: '2025-02-01T10:00:00Z' }) */
export const deadlineReached = (data: Data<DeadlineReached>): DeadlineReached =>
  build('deadline.reached', data);
export const planRevised = (data: Data<PlanRevised>): PlanRevised => build('plan.revised', data);
