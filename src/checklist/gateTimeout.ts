/**
 * A gate's timeout as the checklist shows it (issue 24): how long the gate may wait and what then,
 * since when the launch waits there and when the wait ends, and the last timeout it had. A pure
 * function of the plan's gate and the replayed context, like the rest of the checklist.
 */
import { ownEntry, type LaunchContext } from '../compile/context.ts';
import { gateTimeoutOf, type TimeoutOutcome } from '../plan/gateTimeout.ts';
import type { Gate } from '../plan/model.ts';

export interface ChecklistGateTimeout {
  /** The wait as the plan writes it (`4h`), and what happens once it has passed. */
  after: string;
  outcome: TimeoutOutcome;
  /** While the launch waits at the gate undecided: since when, and when the wait ends (null otherwise). */
  waitingSince: string | null;
  due: string | null;
  /** The last `gate.timedOut` of the gate: when it was recorded, the wait it ended, what it did. */
  last: { at: string | null; since: string | null; outcome: TimeoutOutcome } | null;
}

/**
 * The checklist's view of a gate's timeout, or null when the gate has none.
 *
 * @example
 * checklistGateTimeout(gate, context) // { after: '4h', outcome: 'no-go', waitingSince: '…T08:00:00.000Z', due: '…T12:00:00.000Z', last: null }
 */
export function checklistGateTimeout(gate: Gate, context: LaunchContext): ChecklistGateTimeout | null {
  const timeout = gateTimeoutOf(gate);
  if (!timeout) return null;
  const since = ownEntry(context.gateWaits ?? {}, gate.id)?.at ?? null;
  const due = since === null ? null : new Date(Date.parse(since) + timeout.afterMs).toISOString();
  const last = ownEntry(context.timeouts ?? {}, gate.id);
  return {
    after: timeout.after,
    outcome: timeout.outcome,
    waitingSince: since,
    due,
    last: last ? { at: last.at ?? null, since: last.since ?? null, outcome: last.outcome } : null,
  };
}
