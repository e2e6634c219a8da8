/**
 * Approval policies of gates (issue 24): which roles may approve a gate's "go", how many
 * distinct approvers it needs, whether the launcher or the owners of the steps it waits for may
 * approve. Given per gate (by id or title) or for every gate (`*`), in the plan's front matter or
 * the service's configuration; the policy becomes part of the plan (and of its hash), so every
 * host that replays the log applies the same one.
 */
import { hashPlan } from './hash.ts';
import type { ApprovalPolicy, Gate, Plan } from './model.ts';

/** Policies keyed by gate id, gate title, or `*` for every gate. */
export type ApprovalPolicies = Readonly<Record<string, ApprovalPolicy>>;

/** The policy the gate gets from `policies`: by id, then title, then `*`; undefined when none names it. */
function policyFor(gate: Gate, policies: ApprovalPolicies): ApprovalPolicy | undefined {
  const own = (key: string) => (Object.hasOwn(policies, key) ? policies[key] : undefined);
  return own(gate.id) ?? own(gate.title) ?? own('*');
}

/**
 * The plan with each gate's approval policy set from `policies`, where the gate has none of its
 * own (the plan's own policy wins over a service's), and its hash recomputed when one changed.
 *
 * @example
 * withApprovalPolicies(plan, { '*': { approvers: 2, launcherMayApprove: false } })
 */
export function withApprovalPolicies(plan: Plan, policies: ApprovalPolicies): Plan {
  let changed = false;
  const gates = plan.gates.map((gate) => {
    const policy = gate.approval ? undefined : policyFor(gate, policies);
    if (!policy) return gate;
    changed = true;
    return { ...gate, approval: policy };
  });
  if (!changed) return plan;
  const next: Plan = { ...plan, gates, hash: '' };
  return { ...next, hash: hashPlan(next) };
}

/** Who may approve, with the defaults: one lead, and anyone may approve who holds a role. */
export type ApproverRules = Required<Omit<ApprovalPolicy, 'timeout' | 'onTimeout'>>;

/** A gate's policy with its defaults: one lead, and anyone may approve who holds a role (its timeout: `gateTimeoutOf`). */
export function approvalPolicyOf(gate: Gate): ApproverRules {
  return {
    roles: gate.approval?.roles ?? ['lead'],
    approvers: gate.approval?.approvers ?? 1,
    launcherMayApprove: gate.approval?.launcherMayApprove ?? true,
    ownersMayApprove: gate.approval?.ownersMayApprove ?? true,
  };
}
