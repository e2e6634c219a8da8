/**
 * The moves offered at a gate (see `moves.ts`): "go" with its criteria settled first when no
 * alert is open, an approval, "no-go", and, for a gate with a timeout, the scheduler's
 * `gate.timedOut` ending the wait the launch is in (once per wait: an escalated one keeps waiting).
 */
import { ownEntry, SETTLED, type LaunchContext } from '../compile/context.ts';
import * as make from '../events/factories.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';
import type { GateTimeout } from '../plan/gateTimeout.ts';
import type { Move } from './moves.ts';

/** What the moves know of a gate: its id, the items its go waits for, its timeout. */
export interface MoveGate {
  id: string;
  criteria: readonly string[];
  timeout: GateTimeout | null;
}

/** The event that settles an item: a pass for a test, a check otherwise. */
export function itemEvent(context: LaunchContext, id: string): LaunchEvent {
  return context.plan.items[id]?.kind === 'test'
    ? make.testPassed({ itemId: id, runId: 'testgen' })
    : make.itemChecked({ itemId: id });
}

/** The moves at `gate`, in the snapshot's `context`. */
export function gateMoves(gate: MoveGate, context: LaunchContext): Move[] {
  const moves: Move[] = [];
  if (Object.keys(context.alerts).length === 0) {
    const unsettled = gate.criteria.filter((id) => {
      const group = context.plan.items[id]?.group ?? '';
      return !SETTLED.has(context.groups[group]?.[id]?.status ?? '');
    });
    moves.push({
      label: `go at ${gate.id}`,
      events: [
        ...unsettled.map((id) => itemEvent(context, id)),
        make.gateDecided({ gateId: gate.id, decision: 'go' }),
      ],
    });
  }
  moves.push({
    label: `approve ${gate.id}`,
    events: [make.gateApproved({ gateId: gate.id, reason: 'testgen' })],
  });
  moves.push({
    label: `no-go at ${gate.id}`,
    events: [make.gateDecided({ gateId: gate.id, decision: 'no-go', reason: 'testgen' })],
  });
  const wait = ownEntry(context.gateWaits ?? {}, gate.id);
  if (gate.timeout && wait && !wait.escalated)
    moves.push({
      label: `time out at ${gate.id}`,
      events: [
        make.gateTimedOut({
          gateId: gate.id,
          outcome: gate.timeout.outcome,
          ...(wait.at === undefined ? {} : { since: wait.at }),
          after: gate.timeout.after,
        }),
      ],
    });
  return moves;
}
