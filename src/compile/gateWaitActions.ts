/**
 * The actions of gate timeouts (issue 24): when the launch reaches a gate that has a timeout,
 * `startGateWait` records since when it waits (the record time of the event that brought it
 * there: the log says it, no clock does); `recordTimeout` records the `gate.timedOut` the
 * scheduler appended and does what it says. A decision, a pause or a rollback ends the wait
 * (`endGateWait`): a gate reached again waits afresh.
 */
import type { LaunchEvent } from '../events/vocabulary.ts';
import type { ActionSpec, ContextDraft } from './actions.ts';
import { ownEntry } from './context.ts';
import { recorded } from './eventFields.ts';

/** A copy of `record` without `key`, or the record itself when it has no such key. */
function without<V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> {
  if (!Object.hasOwn(record, key)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}

/** Ends the wait at `gate` (every gate when null): it was decided, or the launch left it. */
export function endGateWait(draft: ContextDraft, gate: string | null): void {
  const waits = draft.context.gateWaits;
  if (waits === undefined || Object.keys(waits).length === 0) return;
  draft.set('gateWaits', gate === null ? {} : without(waits, gate));
}

/** The no-go a timeout decides: by the scheduler, saying why. */
function timeoutNoGo(draft: ContextDraft, event: LaunchEvent, gate: string): void {
  const { at, by } = recorded(event);
  const after = event.type === 'gate.timedOut' ? event.after : undefined;
  draft.set('decisions', {
    ...draft.context.decisions,
    [gate]: {
      decision: 'no-go',
      ...(at ? { at } : {}),
      ...(by ? { by } : {}),
      reason: after ? `no decision within ${after}` : 'no decision in time',
    },
  });
  draft.set('approvals', without(draft.context.approvals, gate));
}

export const GATE_WAIT_ACTIONS: {
  startGateWait: ActionSpec<{ gate: string }>;
  recordTimeout: ActionSpec<{ gate: string }>;
} = {
  startGateWait: {
    run: (draft, event, { gate }) => {
      // Reached through a phase's end, the event is XState's done event: the step that closed it tells when.
      const at = recorded(event).at ?? draft.context.closedAt;
      draft.set('gateWaits', { ...draft.context.gateWaits, [gate]: at === undefined ? {} : { at } });
    },
    writes: ['gateWaits'],
  },
  recordTimeout: {
    run: (draft, event, { gate }) => {
      if (event.type !== 'gate.timedOut') return;
      const { at, by } = recorded(event);
      const wait = ownEntry(draft.context.gateWaits ?? {}, gate);
      const since = wait?.at;
      draft.set('timeouts', {
        ...draft.context.timeouts,
        [gate]: {
          outcome: event.outcome,
          ...(since ? { since } : {}),
          ...(event.after ? { after: event.after } : {}),
          ...(at ? { at } : {}),
          ...(by ? { by } : {}),
        },
      });
      if (event.outcome === 'escalate') {
        draft.set('gateWaits', { ...draft.context.gateWaits, [gate]: { ...wait, escalated: true } });
        return;
      }
      endGateWait(draft, gate);
      if (event.outcome === 'no-go') timeoutNoGo(draft, event, gate);
    },
    writes: ['timeouts', 'gateWaits', 'decisions', 'approvals'],
  },
};
