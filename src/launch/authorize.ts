/**
 * Who may do what, from the plan and the event registry: each event type's rule (`sentBy`, see
 * `events/sendRules.ts`) says whether anyone may send it, one of some roles (launch decisions
 * need `lead`, starting a launch `launcher` or `lead`, alerts come from monitoring or a lead,
 * deadlines from the `scheduler`), or the owners of the item's step (a lead when the step names
 * none; with `ci` for test results). The `admin` role may do anything, and the `open` policy
 * lets anyone. Every event records who sent it (the envelope's actor).
 */
import type { LaunchContext } from '../compile/context.ts';
import type { Actor } from '../events/envelope.ts';
import { ADMIN_ROLE, SCHEDULER_ROLE } from '../events/sendRules.ts';
import { REGISTRY, type LaunchEventType } from '../events/vocabulary.ts';
import type { Plan } from '../plan/model.ts';
import * as E from 'fp-ts/lib/Either.js';
import type { NotAllowed } from './errors.ts';

export type AuthorizationPolicy = 'owners' | 'open';

export { ADMIN_ROLE } from '../events/sendRules.ts';

/** Who appends `deadline.reached`: the runtime's deadline scheduler (`Launch.tick`, `launchplan tick`). */
export const SCHEDULER: Actor = { id: 'launchplan-scheduler', roles: [SCHEDULER_ROLE] };

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

/** Whether the actor may send the event, by its type's rule: Right, or the refusal. */
export function authorize(
  policy: AuthorizationPolicy,
  owners: ReadonlyMap<string, string[]>,
  actor: Actor,
  event: { type: LaunchEventType; itemId?: string; alertId?: string },
): E.Either<NotAllowed, void> {
  if (policy === 'open' || actor.roles.some((role) => normalize(role) === ADMIN_ROLE))
    return E.right(undefined);
  const rule = REGISTRY[event.type].sentBy;
  switch (rule._tag) {
    case 'Anyone':
      return E.right(undefined);
    case 'Roles':
      return requireOneOf(
        actor,
        rule.roles,
        rule.about === 'alert' ? `alert ${event.alertId ?? ''}` : `the launch (${event.type})`,
      );
    case 'StepOwners': {
      // Items of steps without owners (deliverables, rollback steps, unknown ids) are a lead's.
      const required = (event.itemId === undefined ? undefined : owners.get(event.itemId)) ?? rule.unowned;
      return requireOneOf(actor, [...required, ...rule.also], `item ${event.itemId ?? ''}`);
    }
  }
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
