/**
 * A go/no-go may have to say why: the plan asks for it in its front matter
 * (`launchplan: { decisionReason: required }`) or the service does for every launch
 * (`requireDecisionReason`). A decision without a reason is then refused before it reaches the
 * launch, with the rule that asked for it, and the log is unchanged.
 */
import type { LaunchEvent } from '../events/vocabulary.ts';
import type { Plan } from '../plan/model.ts';
import type { HttpError } from './reply.ts';

/** Where the rule comes from, or null when a decision may go without a reason. */
export function reasonRule(plan: Pick<Plan, 'decisionReason'>, serviceRequires: boolean): string | null {
  if (plan.decisionReason === 'required') return "the plan's front matter (decisionReason: required)";
  return serviceRequires ? 'the service (requireDecisionReason)' : null;
}

/**
 * The refusal of a gate decision without a reason when one is required, else null.
 *
 * @example
 * missingReason(plan, true, { type: 'gate.decided', gateId: 'gate/go-no-go', decision: 'go' })
 * // { status: 422, kind: 'ReasonRequired', message: 'a go on gate/go-no-go needs a reason: …' }
 */
export function missingReason(
  plan: Pick<Plan, 'decisionReason'>,
  serviceRequires: boolean,
  event: LaunchEvent,
): HttpError | null {
  if (event.type !== 'gate.decided' || (event.reason ?? '').trim() !== '') return null;
  const rule = reasonRule(plan, serviceRequires);
  return rule === null
    ? null
    : {
        status: 422,
        kind: 'ReasonRequired',
        message: `a ${event.decision} on ${event.gateId} needs a reason: ${rule} asks for one; send "reason"`,
      };
}
