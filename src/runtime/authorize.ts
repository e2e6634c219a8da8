/**
 * Who may do what, from the plan: a step's owners (a calendar's owner column) may be required
 * for its items, the `ci` role may report test results anywhere, alerts come from monitoring
 * (`monitoring`, `alertmanager`) or a lead, launch decisions (go/no-go, rollback, resume, abort,
 * moving to an edited plan) need the `lead` role, and the `admin` role may do anything. Every
 * event records who sent it (the envelope's actor).
 */
import type { LaunchContext } from '../compile/context.ts';
import type { Actor } from '../events/envelope.ts';
import type { Plan } from '../plan/model.ts';
import * as E from 'fp-ts/lib/Either.js';
import type { NotAllowed } from './errors.ts';

export type AuthorizationPolicy = 'owners' | 'open';

/** The role that passes every check. */
export const ADMIN_ROLE = 'admin';

/** Who appends `deadline.reached`: the runtime's deadline scheduler (`Launch.tick`, `launchplan tick`). */
export const SCHEDULER: Actor = { id: 'launchplan-scheduler', roles: ['scheduler'] };

/** The role of CI systems: they may report test results on any step. */
export const CI_ROLE = 'ci';

/** The role of whoever runs the launch: it may take the launch decisions. */
export const LEAD_ROLE = 'lead';

const TEST_EVENTS = new Set(['test.passed', 'test.failed']);

/**
 * Roles of monitoring systems, which may fire and resolve alerts (with `lead` and `admin`): an
 * open alert blocks every "go", so not every actor may close one. `alertmanager` is the role the
 * service gives its Alertmanager webhook tokens.
 */
export const MONITORING_ROLES: readonly string[] = ['monitoring', 'alertmanager'];

const ALERT_EVENTS = new Set(['alert.fired', 'alert.resolved']);

/** Events that decide the course of the whole launch rather than report on one item. */
export const LAUNCH_DECISIONS: ReadonlySet<string> = new Set([
  'gate.decided',
  'rollback.requested',
  'rollback.completed',
  'launch.resumed',
  'launch.aborted',
  'plan.revised',
]);

/** Owners of each item's step, for the items of steps that name owners. */
export function ownersByItem(plan: Plan, context: LaunchContext): Map<string, string[]> {
  const ownersByStep = new Map(
    plan.phases.flatMap((phase) =>
      phase.steps.filter((step) => step.owners.length > 0).map((step) => [step.id, step.owners] as const),
    ),
  );
  const out = new Map<string, string[]>();
  for (const [id, facts] of Object.entries(context.plan.items)) {
    const owners = ownersByStep.get(facts.group);
    if (owners) out.set(id, owners);
  }
  return out;
}

const normalize = (role: string) => role.normalize('NFC').trim().toLowerCase();

/** Whether the actor may send the event: Right, or the refusal. */
export function authorize(
  policy: AuthorizationPolicy,
  owners: ReadonlyMap<string, string[]>,
  actor: Actor,
  event: { type: string; itemId?: string; alertId?: string },
): E.Either<NotAllowed, void> {
  if (policy === 'open' || actor.roles.some((role) => normalize(role) === ADMIN_ROLE))
    return E.right(undefined);
  if (LAUNCH_DECISIONS.has(event.type)) return requireOneOf(actor, [LEAD_ROLE], `the launch (${event.type})`);
  if (ALERT_EVENTS.has(event.type))
    return requireOneOf(actor, [...MONITORING_ROLES, LEAD_ROLE], `alert ${event.alertId ?? ''}`);
  const required = event.itemId === undefined ? undefined : owners.get(event.itemId);
  if (!required) return E.right(undefined);
  return requireOneOf(
    actor,
    [...required, ...(TEST_EVENTS.has(event.type) ? [CI_ROLE] : [])],
    `item ${event.itemId}`,
  );
}

/**
 * Right when the actor holds one of `roles` (compared without case), else the refusal, naming
 * the roles as written and `admin`.
 */
function requireOneOf(actor: Actor, roles: readonly string[], subject: string): E.Either<NotAllowed, void> {
  const held = new Set(actor.roles.map(normalize));
  return roles.some((role) => held.has(normalize(role)))
    ? E.right(undefined)
    : E.left({
        _tag: 'NotAllowed',
        actor: actor.id,
        roles: actor.roles,
        required: [...roles, ADMIN_ROLE],
        subject,
      });
}
