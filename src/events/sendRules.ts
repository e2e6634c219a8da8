/**
 * Who may send an event, as the event registry declares it per event type: anyone, one of some
 * roles, or the owners of the item's step (a lead for steps that name none). The launch applies
 * the rule (`launch/authorize.ts`) under its `owners` policy; `admin` may always send anything,
 * and the `open` policy lets anyone.
 */

/** The role that passes every check. */
export const ADMIN_ROLE = 'admin';

/** The role of whoever runs the launch: it may take the launch decisions. */
const LEAD_ROLE = 'lead';

/** The role of whoever may start a launch (and so set its go-live time), besides a lead. */
const LAUNCHER_ROLE = 'launcher';

/** The role of the runtime's deadline scheduler: the only sender of `deadline.reached`. */
export const SCHEDULER_ROLE = 'scheduler';

/** The role of CI systems: they may report test results on any step. */
export const CI_ROLE = 'ci';

/**
 * Roles of monitoring systems, which may fire and resolve alerts (with `lead` and `admin`): an
 * open alert blocks every "go", so not every actor may close one. `alertmanager` is the role the
 * service gives its Alertmanager webhook tokens.
 */
const MONITORING_ROLES: readonly string[] = ['monitoring', 'alertmanager'];

export type SendRule =
  /** Anyone who may act on the launch at all. */
  | { readonly _tag: 'Anyone' }
  /** One of `roles`; a refusal names the launch decision, or the alert. */
  | { readonly _tag: 'Roles'; readonly roles: readonly string[]; readonly about: 'launch' | 'alert' }
  /** The owners of the item's step (a lead when it names none), or one of `also`. */
  | { readonly _tag: 'StepOwners'; readonly unowned: readonly string[]; readonly also: readonly string[] };

export const anyone: SendRule = { _tag: 'Anyone' };

/** A launch decision: the lead's (go/no-go, rollback, resume, abort, moving to an edited plan). */
export const lead: SendRule = { _tag: 'Roles', roles: [LEAD_ROLE], about: 'launch' };

/** Starting the launch, which anchors its go-live windows: a launcher's or a lead's. */
export const launchers: SendRule = { _tag: 'Roles', roles: [LAUNCHER_ROLE, LEAD_ROLE], about: 'launch' };

/** A deadline that passed: the scheduler's, so nobody marks a step overdue before its time. */
export const scheduler: SendRule = { _tag: 'Roles', roles: [SCHEDULER_ROLE], about: 'launch' };

/** An alert: monitoring's, or the lead's. */
export const monitoring: SendRule = {
  _tag: 'Roles',
  roles: [...MONITORING_ROLES, LEAD_ROLE],
  about: 'alert',
};

/** Work on an item: its step's owners (a lead's for steps without owners), or one of `also`. */
export const stepOwners = (...also: string[]): SendRule => ({
  _tag: 'StepOwners',
  unowned: [LEAD_ROLE],
  also,
});
