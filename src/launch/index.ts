/**
 * One launch, live or replayed: the embedding API (`createLaunch`, `openLaunch`, `Launch`), the
 * replay (`replayLaunch`, which returns a frozen `LaunchView`), the input boundary, the errors,
 * deadlines and authorisation, and the records the log holds (plan, snapshots).
 */
export { decodeLaunchInput } from './decodeInput.ts';
export { createLaunch, openLaunch } from './create.ts';
export type { Launch, LaunchOptions, PlanInput, SendOptions, Sent } from './launchApi.ts';
export { replayLaunch } from './replay.ts';
export type { ReplayOptions } from './replay.ts';
export type { LaunchView, RefusedEvent } from './view.ts';
export type { StoredSnapshot } from './snapshotRecord.ts';
export { formatLaunchError, formatReplayError } from './errors.ts';
export type { ClockAhead, LaunchError, NotAllowed, ReplayError } from './errors.ts';
export type { LaunchNotifications } from './notifications.ts';
export { planDeadlines, dueDeadlines } from './deadlines.ts';
export { dueGateTimeouts, dueEvents, type DueEvent } from './dueEvents.ts';
export type { Deadline } from './deadlines.ts';
export { ADMIN_ROLE, SCHEDULER } from './authorize.ts';
export type { AuthorizationPolicy } from './authorize.ts';
export { LAUNCH_CREATED, PLAN_REVISED, PlanSource, PlanRecord } from './planRecord.ts';
