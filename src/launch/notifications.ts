/**
 * What a launch tells its host, through eventemitter3: every stored event, and the changes it
 * made — state, items, steps completed, blocked or overdue, phases completed, gates waiting and
 * decided, alerts, rollback, completion.
 * Computed by comparing the checklist before and after an event, so hosts and replays agree.
 */
import type { Checklist } from '../checklist/derive.ts';
import type { EventEnvelope } from '../events/envelope.ts';

export interface LaunchNotifications {
  /** An event was appended to the log (by this host) or read from it (catching up). */
  event: [envelope: EventEnvelope];
  /** The launch's state name changed (ready, running, rolling-back, completed …). */
  state: [state: string, previous: string];
  item: [change: { id: string; status: string; previous: string; by: string | null; at: string | null }];
  'step.completed': [step: { id: string; title: string }];
  /** A test of the step failed: it waits for a pass or a waiver. */
  'step.blocked': [step: { id: string; title: string; failed: string[] }];
  /** The step's window passed with the step not done (a `deadline.reached`). */
  'step.overdue': [step: { id: string; title: string; window: string | null }];
  /** The launch reached a gate: it waits for a go/no-go decision. */
  'gate.waiting': [gate: { id: string; title: string }];
  'phase.completed': [phase: { id: string; title: string }];
  'gate.decided': [gate: { id: string; decision: string; by: string | null }];
  alert: [alert: { open: string[]; health: 'healthy' | 'degraded' }];
  rollback: [rollback: { status: string }];
  completed: [state: string];
}

type Emit = <K extends keyof LaunchNotifications>(name: K, ...args: LaunchNotifications[K]) => void;

/** Emits what changed between two checklists of the same launch. */
export function emitChanges(before: Checklist, after: Checklist, emit: Emit): void {
  if (before.state !== after.state) {
    emit('state', after.state, before.state);
    if (after.state === 'rolling-back' || after.state === 'rolled-back' || before.state === 'rolled-back')
      emit('rollback', { status: after.state === 'running' ? 'resumed' : after.state });
    if (after.state === 'completed' || after.state === 'operating') emit('completed', after.state);
  }
  if (
    before.health !== after.health ||
    before.blockers.filter((b) => b.kind === 'alert').length !==
      after.blockers.filter((b) => b.kind === 'alert').length
  ) {
    emit('alert', {
      open: after.blockers.filter((blocker) => blocker.kind === 'alert').map((blocker) => blocker.id),
      health: after.health,
    });
  }
  after.phases.forEach((phase, p) => {
    const old = before.phases[p];
    if (!old || old.id !== phase.id) return;
    phase.steps.forEach((step, s) => {
      const oldStep = old.steps[s];
      if (!oldStep || oldStep.id !== step.id) return;
      if (oldStep.status !== 'done' && step.status === 'done')
        emit('step.completed', { id: step.id, title: step.title });
      if (oldStep.status !== 'blocked' && step.status === 'blocked')
        emit('step.blocked', {
          id: step.id,
          title: step.title,
          failed: step.items.filter((item) => item.status === 'failed').map((item) => item.id),
        });
      if (!oldStep.overdue && step.overdue)
        emit('step.overdue', { id: step.id, title: step.title, window: step.window });
      step.items.forEach((item, i) => {
        const oldItem = oldStep.items[i];
        if (oldItem && oldItem.id === item.id && (oldItem.status !== item.status || oldItem.at !== item.at)) {
          emit('item', {
            id: item.id,
            status: item.status,
            previous: oldItem.status,
            by: item.by,
            at: item.at,
          });
        }
      });
    });
    if (old.status !== 'done' && phase.status === 'done')
      emit('phase.completed', { id: phase.id, title: phase.title });
  });
  after.gates.forEach((gate, g) => {
    const old = before.gates[g];
    if (
      old &&
      (old.at !== gate.at || old.status !== gate.status) &&
      (gate.status === 'go' || gate.status === 'no-go')
    )
      emit('gate.decided', { id: gate.id, decision: gate.status, by: gate.by });
    if (old && old.status !== 'waiting' && gate.status === 'waiting')
      emit('gate.waiting', { id: gate.id, title: gate.title });
  });
}
