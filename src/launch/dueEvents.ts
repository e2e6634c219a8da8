/**
 * What the runtime's scheduler appends when time passes: a `deadline.reached` for each window
 * that ended with its step not done (`deadlines.ts`), and a `gate.timedOut` for each gate that
 * has waited as long as its policy allows (issue 24). Both are worked out from the log alone
 * (the launch's start, the record time of the event that brought it to the gate) and a `now`;
 * each has an id that is the same on every host, so that hosts racing to append it write it once.
 */
import type { LaunchContext } from '../compile/context.ts';
import { ownEntry } from '../compile/context.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';
import { gateTimeoutOf } from '../plan/gateTimeout.ts';
import type { Plan } from '../plan/model.ts';
import { dueDeadlines } from './deadlines.ts';

/** An event the scheduler appends, its id within the stream, and when it fell due. */
export interface DueEvent {
  /** `deadline/<subject>`, or `gate-timeout/<gate id>/<since>`: a gate reached again can time out again. */
  id: string;
  due: string;
  event: LaunchEvent;
}

/**
 * Gates whose wait has run out at `now` and has not timed out yet: none before the start, after
 * an abort, or while the launch is paused (a pause ends the wait; the gate waits afresh once the
 * launch resumes).
 *
 * @example
 * dueGateTimeouts(plan, context, new Date('2025-03-01T12:00:00Z'))
 * // [{ id: 'gate-timeout/gate/go-no-go/2025-03-01T08:00:00.000Z', due: '2025-03-01T12:00:00.000Z', event: { type: 'gate.timedOut', … } }]
 */
export function dueGateTimeouts(plan: Plan, context: LaunchContext, now: Date): DueEvent[] {
  if (!context.started || context.aborted || context.pause?.since) return [];
  return plan.gates.flatMap((gate): DueEvent[] => {
    const timeout = gateTimeoutOf(gate);
    const wait = ownEntry(context.gateWaits ?? {}, gate.id);
    if (!timeout || !wait?.at || wait.escalated) return [];
    const due = Date.parse(wait.at) + timeout.afterMs;
    if (!Number.isFinite(due) || due > now.getTime()) return [];
    const event: LaunchEvent = {
      type: 'gate.timedOut',
      gateId: gate.id,
      outcome: timeout.outcome,
      since: wait.at,
      after: timeout.after,
    };
    return [{ id: `gate-timeout/${gate.id}/${wait.at}`, due: new Date(due).toISOString(), event }];
  });
}

/**
 * Every event the scheduler appends at `now`, by when it fell due.
 *
 * @example
 * for (const due of dueEvents(plan, context, now)) await launch.send(due.event, { eventId: `${stream}:${due.id}` });
 */
export function dueEvents(plan: Plan, context: LaunchContext, now: Date): DueEvent[] {
  const deadlines = dueDeadlines(plan, context, now).map((deadline): DueEvent => ({
    id: deadline.id,
    due: deadline.due,
    event: { type: 'deadline.reached', deadlineId: deadline.id, window: deadline.window },
  }));
  return [...deadlines, ...dueGateTimeouts(plan, context, now)].sort(
    (a, b) => a.due.localeCompare(b.due) || a.id.localeCompare(b.id),
  );
}
