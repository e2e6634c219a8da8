/** A launch standing at a gate with a timeout, for the gate timeout tests (issue 24). */
import { launchStarted } from '../../src/events/factories.ts';
import { createLaunch, type Launch } from '../../src/launch/index.ts';
import { withApprovalPolicies } from '../../src/plan/approvals.ts';
import type { TimeoutOutcome } from '../../src/plan/gateTimeout.ts';
import type { Plan } from '../../src/plan/model.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { finishPhase } from '../compile/drive.ts';
import { right } from './either.ts';
import { readExample } from './examples.ts';

export interface TimedGate {
  launch: Launch;
  plan: Plan;
  gate: string;
  /** When the wait at the gate began: the record time of the check that reached it. */
  since: string;
}

/**
 * The mbayar plan, its gates timing out after `timeout` with `outcome`, started and driven to its
 * first gate; `afterStart` runs between the start and the phase's checks (to move a test clock).
 */
export async function launchAtTimedGate(options: {
  store: EventStore;
  stream: string;
  timeout: string;
  outcome: TimeoutOutcome;
  clock?: () => Date;
  afterStart?: () => void;
}): Promise<TimedGate> {
  const plan = withApprovalPolicies(readExample('mbayar-go-live').plan, {
    '*': { timeout: options.timeout, onTimeout: options.outcome },
  });
  const launch = right(
    await createLaunch({
      store: options.store,
      stream: options.stream,
      plan,
      actor: { id: 'root', roles: ['admin'] },
      ...(options.clock ? { clock: options.clock } : {}),
    }),
  );
  right(await launch.send(launchStarted()));
  options.afterStart?.();
  const gate = plan.gates[0]!;
  const before = plan.phases.slice(
    0,
    plan.phases.findIndex((phase) => phase.id === gate.beforePhase),
  );
  for (const phase of before) for (const event of finishPhase(phase)) right(await launch.send(event));
  const since = launch.snapshot().context.gateWaits?.[gate.id]?.at;
  if (since === undefined) throw new Error(`the launch does not wait at ${gate.id}`);
  return { launch, plan, gate: gate.id, since };
}
