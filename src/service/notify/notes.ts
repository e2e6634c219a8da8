/**
 * The notifications of one logged event: what a team's chat or pager should hear (a gate waits
 * for a decision, an alert fired, a step is blocked or overdue, a rollback, the launch's end).
 * A pure function of the event and the checklists before and after it, through the runtime's own
 * change detection (`emitChanges`), so hosts, replays and restarts derive the same notifications
 * with the same ids: `<stream>:<version>:<kind>:<subject>`, the id a receiver deduplicates by.
 */
import type { Checklist } from '../../checklist/derive.ts';
import type { EventEnvelope } from '../../events/envelope.ts';
import { emitChanges, type LaunchNotifications } from '../../launch/notifications.ts';
import type { NotificationKind } from './config.ts';

/** One notification: what happened, to what, in words, and where the launch stands. */
export interface Note {
  id: string;
  kind: NotificationKind;
  stream: string;
  /** The log version of the event that caused it. */
  version: number;
  at: string;
  actor: string;
  subject: { id: string; title: string };
  text: string;
  details: Record<string, unknown>;
  launch: { title: string; state: string; health: string; progress: { done: number; total: number } };
}

type Change = { [K in keyof LaunchNotifications]: [K, ...LaunchNotifications[K]] }[keyof LaunchNotifications];

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The notifications an event gives.
 *
 * @example
 * notesOf(envelope, before, after, 'Go-live') // [{ id: 'go-live:12:gate.waiting:gate/go-no-go', kind: 'gate.waiting', text: 'Go/No-go waits for a decision', … }]
 */
export function notesOf(envelope: EventEnvelope, before: Checklist, after: Checklist, title: string): Note[] {
  const changes: Change[] = [];
  const record = (...change: unknown[]): void => void changes.push(change as Change);
  emitChanges(before, after, record);
  const data = (envelope.data ?? {}) as Record<string, unknown>;
  const gateTitle = (id: string) => after.gates.find((gate) => gate.id === id)?.title ?? id;
  const notes: Note[] = [];
  const note = (
    kind: NotificationKind,
    subject: { id: string; title: string },
    text: string,
    details: Record<string, unknown> = {},
  ): void => {
    notes.push({
      id: `${envelope.stream}:${envelope.version}:${kind}:${subject.id}`,
      kind,
      stream: envelope.stream,
      version: envelope.version,
      at: envelope.at,
      actor: envelope.actor.id,
      subject,
      text,
      details,
      launch: { title, state: after.state, health: after.health, progress: after.progress },
    });
  };
  const launch = { id: envelope.stream, title };
  const reason = str(data['reason']);
  // The notifications of one gate share a thread key, so that a chat can update its message.
  const thread = (gate: string) => `${envelope.stream}:${gate}`;

  if (envelope.type === 'gate.timedOut') {
    const id = str(data['gateId']) ?? '';
    const outcome = str(data['outcome']) ?? 'escalate';
    const after = str(data['after']);
    const then = { 'no-go': 'no-go', skip: 'skipped', escalate: 'it still waits' }[outcome] ?? outcome;
    note(
      'gate.timedOut',
      { id, title: gateTitle(id) },
      `${gateTitle(id)} got no decision within ${after ?? 'its time'}: ${then}`,
      { outcome, after: after ?? null, since: str(data['since']) ?? null, thread: thread(id) },
    );
  }

  if (envelope.type === 'alert.fired') {
    const id = str(data['alertId']) ?? '';
    const name = str(data['name']) ?? id;
    const summary = str(data['message']);
    const severity = str(data['severity']);
    note(
      'alert.fired',
      { id, title: name },
      `alert ${name} fired${summary ? `: ${summary}` : ''}${severity ? ` (${severity})` : ''}`,
      {
        alertId: id,
        name,
        summary: summary ?? null,
        severity: severity ?? null,
        metric: str(data['metric']) ?? null,
        value: data['value'] ?? null,
      },
    );
  }
  if (envelope.type === 'alert.resolved') {
    const id = str(data['alertId']) ?? '';
    note(
      'alert.resolved',
      { id, title: id },
      `alert ${id} resolved${after.health === 'healthy' ? ': the launch is healthy' : ''}`,
      { alertId: id },
    );
  }
  for (const change of changes) {
    switch (change[0]) {
      case 'gate.waiting':
        note('gate.waiting', change[1], `${change[1].title} waits for a go/no-go decision`, {
          thread: thread(change[1].id),
        });
        break;
      case 'gate.decided': {
        const { id, decision, by } = change[1];
        note(
          'gate.decided',
          { id, title: gateTitle(id) },
          `${gateTitle(id)}: ${decision} by ${by ?? '?'}${reason ? ` (${reason})` : ''}`,
          {
            decision,
            by,
            reason: reason ?? null,
            approvers: Array.isArray(data['approvers']) ? data['approvers'] : null,
            thread: thread(id),
          },
        );
        break;
      }
      case 'step.blocked':
        note(
          'step.blocked',
          change[1],
          `step ${change[1].title} is blocked: failed ${change[1].failed.join(', ')}`,
          { failed: change[1].failed },
        );
        break;
      case 'step.overdue':
        note(
          'step.overdue',
          change[1],
          `step ${change[1].title} is overdue${change[1].window ? ` (${change[1].window})` : ''}`,
          { window: change[1].window },
        );
        break;
      case 'step.completed':
        note('step.completed', change[1], `step ${change[1].title} is done`);
        break;
      case 'phase.completed':
        note('phase.completed', change[1], `phase ${change[1].title} is done`);
        break;
      case 'rollback': {
        const kind =
          change[1].status === 'rolling-back'
            ? 'rollback.requested'
            : change[1].status === 'rolled-back'
              ? 'rollback.completed'
              : 'launch.resumed';
        const words = {
          'rollback.requested': 'rollback requested',
          'rollback.completed': 'rolled back',
          'launch.resumed': 'launch resumed',
        }[kind];
        note(kind, launch, `${title}: ${words}${reason ? ` (${reason})` : ''}`, { reason: reason ?? null });
        break;
      }
      case 'completed':
        note('launch.completed', launch, `${title} is ${change[1]}`);
        break;
      case 'state':
        if (change[1] === 'aborted')
          note('launch.aborted', launch, `${title} was aborted${reason ? ` (${reason})` : ''}`, {
            reason: reason ?? null,
          });
        if (change[2] === 'ready' && change[1] === 'running')
          note('launch.started', launch, `${title} started`);
        break;
      default:
        break;
    }
  }
  return notes;
}
