/** The launch runtime: create, open, send, replay, checklist. */
export { createLaunch, openLaunch } from './launch.ts';
export type { Launch, LaunchOptions, SendOptions, Sent } from './launch.ts';
export { replayLaunch, applyEnvelope, compiledPlan } from './replayLaunch.ts';
export type { LaunchState, ReplayOptions } from './replayLaunch.ts';
export type { StoredSnapshot } from './snapshotRecord.ts';
export { formatLaunchError } from './errors.ts';
export type { LaunchError } from './errors.ts';
export type { LaunchNotifications } from './notifications.ts';
export { planDeadlines, dueDeadlines } from './deadlines.ts';
export type { Deadline } from './deadlines.ts';
export { ADMIN_ROLE } from './authorize.ts';
export type { AuthorizationPolicy } from './authorize.ts';
export { LAUNCH_CREATED, PLAN_REVISED, PlanSource, PlanRecord } from './planRecord.ts';
