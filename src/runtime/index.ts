/** The launch runtime: create, open, send, replay, checklist. */
export { decodeLaunchInput } from './decodeInput.ts';
export { createLaunch, openLaunch } from './launch.ts';
export type { Launch, LaunchOptions, PlanInput, SendOptions, Sent } from './launchApi.ts';
export { replayLaunch } from '../replay/replayLaunch.ts';
export type { ReplayOptions } from '../replay/replayLaunch.ts';
export { LaunchState } from '../replay/launchState.ts';
export { compiledPlan } from '../compile/compiled.ts';
export type { StoredSnapshot } from '../replay/snapshotRecord.ts';
export { formatLaunchError } from './errors.ts';
export type { LaunchError, NotAllowed } from './errors.ts';
export type { LaunchNotifications } from './notifications.ts';
export { planDeadlines, dueDeadlines } from './deadlines.ts';
export type { Deadline } from './deadlines.ts';
export { ADMIN_ROLE, SCHEDULER } from './authorize.ts';
export type { AuthorizationPolicy } from './authorize.ts';
export { LAUNCH_CREATED, PLAN_REVISED, PlanSource, PlanRecord } from '../replay/planRecord.ts';
