/**
 * A gate's approval policy applied to one approval (`gate.approved`, or a `gate.decided` go):
 * whether it counts (the approver's roles, not the launcher or an owner when the policy says so,
 * not twice), and whether it is the last one the policy needs, in which case the runtime appends
 * the go naming every approver. A gate without a policy of its own is decided by a lead's
 * `gate.decided`: approvals of it are recorded, and never make the go by themselves. A refusal is `NotAllowed` with the rule it breaks; nothing is
 * written. Pure: the plan, the context, the owners and the actor in, a verdict out.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { LaunchContext } from '../compile/context.ts';
import { ownEntry } from '../compile/context.ts';
import type { Actor, NewEvent } from '../events/envelope.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';
import { ADMIN_ROLE } from '../events/sendRules.ts';
import { approvalPolicyOf } from '../plan/approvals.ts';
import type { Plan } from '../plan/model.ts';
import type { NotAllowed } from './errors.ts';

/** What an approval that counts does: the approvers so far with this one, and whether that is enough for a go. */
export interface ApprovalVerdict {
  approvers: string[];
  complete: boolean;
}

const normalize = (role: string) => role.normalize('NFC').trim().toLowerCase();

/**
 * Whether `actor`'s approval of `gateId` counts under the gate's policy: Right with the verdict,
 * Left with the rule it breaks. `direct` is a `gate.decided` go sent without approvals, which only
 * a gate needing one approver takes. An unknown gate is left to the chart to refuse.
 */
export function checkApproval(
  plan: Plan,
  context: LaunchContext,
  owners: ReadonlyMap<string, string[]>,
  actor: Actor,
  gateId: string,
  direct: boolean,
): E.Either<NotAllowed, ApprovalVerdict> {
  const gate = plan.gates.find((candidate) => candidate.id === gateId);
  const before = (ownEntry(context.approvals, gateId) ?? []).flatMap((approval) =>
    approval.by === undefined ? [] : [approval.by],
  );
  if (!gate) return E.right({ approvers: [...before, actor.id], complete: true });
  const policy = approvalPolicyOf(gate);
  const held = new Set(actor.roles.map(normalize));
  const refuse = (rule: string): E.Either<NotAllowed, ApprovalVerdict> =>
    E.left({
      _tag: 'NotAllowed',
      actor: actor.id,
      roles: actor.roles,
      required: [...policy.roles, ADMIN_ROLE],
      subject: `gate ${gateId}`,
      rule,
    });
  if (!held.has(ADMIN_ROLE) && !policy.roles.some((role) => held.has(normalize(role))))
    return refuse(`only ${[...policy.roles, ADMIN_ROLE].join(', ')} may approve it`);
  if (direct && policy.approvers > 1)
    return refuse(
      `a go needs ${policy.approvers} distinct approvals (gate.approved), ${before.length} given so far`,
    );
  if (before.includes(actor.id)) return refuse(`${actor.id} already approved it: approvers must be distinct`);
  if (!policy.launcherMayApprove && context.started?.by === actor.id)
    return refuse('whoever started the launch may not approve it');
  if (!policy.ownersMayApprove) {
    const owning = gate.criteria
      .flatMap((item) => owners.get(item) ?? [])
      .filter((owner) => held.has(normalize(owner)));
    if (owning.length > 0)
      return refuse(
        `the owners of the steps it waits for (${[...new Set(owning)].join(', ')}) may not approve it`,
      );
  }
  const approvers = [...before, actor.id];
  return E.right({
    approvers,
    complete: gate.approval !== undefined && approvers.length >= policy.approvers,
  });
}

/**
 * What an event's approval policy makes of it, written as `written`: refused, the event alone, or
 * (the approval the policy was waiting for) the event with the go that names every approver.
 */
export function approvalWrites(
  plan: Plan,
  context: LaunchContext,
  owners: ReadonlyMap<string, string[]>,
  actor: Actor,
  event: LaunchEvent,
  written: NewEvent,
): E.Either<NotAllowed, NewEvent[]> {
  const approving =
    event.type === 'gate.approved' || (event.type === 'gate.decided' && event.decision === 'go');
  if (!approving) return E.right([written]);
  const approval = checkApproval(plan, context, owners, actor, event.gateId, event.type === 'gate.decided');
  if (E.isLeft(approval)) return approval;
  if (event.type !== 'gate.approved' || !approval.right.complete) return E.right([written]);
  const go = {
    gateId: event.gateId,
    decision: 'go' as const,
    approvers: approval.right.approvers,
    ...(event.reason === undefined ? {} : { reason: event.reason }),
  };
  return E.right([written, { ...written, eventId: `${written.eventId}:go`, type: 'gate.decided', data: go }]);
}
