/// <reference types="node" preserve="true" />
/**
 * launchplan: Markdown launch plans as executable, event-sourced XState statecharts.
 *
 * The core — reader, compiler, runtime, memory and file stores, checklist — is exported here.
 * Optional parts are subpath exports so embedding the core pulls in nothing it does not use:
 * `launchplan/testing` (path generation, arbitraries), `launchplan/store/postgres`,
 * `launchplan/store/nats`.
 */
export { readPlanBytes, readPlanMarkdown, readPlanDocument } from './plan/markdown/readPlan.ts';
export type { PlanDocument, ReadOptions } from './plan/markdown/readPlan.ts';
export { loadPlanFile, formatLoadError } from './plan/load.ts';
export type { LoadedPlan, LoadError, PlanFormat } from './plan/load.ts';
export { validatePlan } from './plan/validate.ts';
export { Plan, Phase, Step, Item, Gate, Rollback, AlertRule, Diagnostic } from './plan/model.ts';
export { planItems, flattenItems } from './plan/query.ts';
export { formatPathErrors } from './codecErrors.ts';
export type { PathError } from './codecErrors.ts';

export {
  compilePlan,
  createLaunchMachine,
  provideLaunchImplementations,
  explainRejection,
  formatExplanation,
} from './compile/index.ts';
export type {
  ChartLayout,
  CompiledChart,
  LaunchContext,
  LaunchMachine,
  LaunchMachineConfig,
  LaunchStatus,
  Explanation,
  Rejection,
} from './compile/index.ts';
export { lintPlan } from './compile/lint.ts';
export type { LintFinding } from './compile/lint.ts';
export { decodeLaunchEvent, formatEventDecodeError, LAUNCH_EVENT_TYPES } from './events/vocabulary.ts';
export type { EventOf, LaunchEvent, LaunchEventType } from './events/vocabulary.ts';
export type {
  AlertFired,
  AlertResolved,
  DeadlineReached,
  GateDecided,
  ItemChecked,
  ItemCommented,
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
} from './events/factories.ts';
import type { MissingFactories, NoneMissing } from './events/factories.ts';
export { Actor, EventEnvelope } from './events/envelope.ts';
export { PlanSource } from './launch/planRecord.ts';
export {
  alertFired,
  alertResolved,
  deadlineReached,
  gateApproved,
  gateDecided,
  gateTimedOut,
  itemChecked,
  itemCommented,
  itemUnchecked,
  itemWaived,
  launchAborted,
  launchPaused,
  launchResumed,
  launchStarted,
  planRevised,
  rollbackCompleted,
  rollbackRequested,
  stepRetried,
  stepSkipped,
  testFailed,
  testPassed,
} from './events/factories.ts';
// Every event type's factory is exported here: a new event type does not compile until it is.
type _EveryFactoryExported = NoneMissing<MissingFactories<typeof import('./index.ts')>>;

export {
  createLaunch,
  decodeLaunchInput,
  openLaunch,
  replayLaunch,
  formatLaunchError,
} from './launch/index.ts';
export type {
  Launch,
  LaunchOptions,
  LaunchError,
  LaunchNotifications,
  PlanInput,
  SendOptions,
  Sent,
  LaunchView,
  RefusedEvent,
  ReplayError,
  ReplayOptions,
  ClockAhead,
  Deadline,
} from './launch/index.ts';
export { planDeadlines, dueDeadlines } from './launch/index.ts';
export type {
  Checklist,
  ChecklistGate,
  ChecklistItem,
  ChecklistPhase,
  ChecklistStep,
  Blocker,
} from './checklist/derive.ts';
export type { MarkdownRender } from './checklist/markdown.ts';
export { renderChecklistTree } from './checklist/terminal.ts';
export { formatCountdown, secondsToGoLive, withCountdown, withoutCountdown } from './checklist/countdown.ts';
export { calendarEntries, launchCalendarInput, renderCalendar } from './checklist/calendar.ts';
export type { CalendarEntry, CalendarInput } from './checklist/calendar.ts';

export {
  createMemoryEventStore,
  createFileEventStore,
  isVersionConflict,
  retryOnVersionConflict,
} from './store/index.ts';
export type { EventStore, ExpectedVersion, VersionConflict } from './store/index.ts';
