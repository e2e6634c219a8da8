/**
 * The launch's history for the console: every event of the log, newest first, each said in
 * words (which item, which alert, which gate, why). Read from the store at render time, so what
 * another host appended shows too; the page shows the newest events and links to the whole log.
 */
import type { Checklist } from '../../checklist/derive.ts';
import type { EventStore } from '../../store/EventStore.ts';
import { summarize, type EventSummary } from '../sse.ts';

/** One line of the history. */
export interface HistoryRow {
  version: number;
  at: string;
  actor: string;
  type: string;
  text: string;
}

/** Events shown unless the whole history is asked for (`?history=all`). */
export const HISTORY_SHOWN = 200;

/**
 * The newest events of a stream up to `version` (all of them when `limit` is null), newest first.
 *
 * @example
 * await readHistory(store, 'go-live', 42, 200, checklist) // [{ version: 42, type: 'gate.decided', text: 'go: Go/No-go (all green)', … }, …]
 */
export async function readHistory(
  store: EventStore,
  stream: string,
  version: number,
  limit: number | null,
  checklist: Checklist,
): Promise<HistoryRow[]> {
  const from = limit === null ? 1 : Math.max(1, version - limit + 1);
  const rows: HistoryRow[] = [];
  const names = itemNames(checklist);
  for await (const envelope of store.read(stream, { from, to: version })) {
    const summary = summarize(envelope);
    rows.push({
      version: summary.version,
      at: summary.at,
      actor: summary.actor,
      type: summary.type,
      text: describeEvent(summary, names),
    });
  }
  return rows.reverse();
}

/** Item, step and gate ids → their text, for the history's sentences. */
export function itemNames(checklist: Checklist): Map<string, string> {
  const names = new Map<string, string>();
  for (const phase of checklist.phases) {
    names.set(phase.id, phase.title);
    for (const step of phase.steps) {
      names.set(step.id, step.title);
      for (const item of step.items) names.set(item.id, item.text);
    }
    for (const item of phase.deliverables) names.set(item.id, item.text);
  }
  for (const step of checklist.rollback.steps) names.set(step.id, step.text);
  for (const gate of checklist.gates) names.set(gate.id, gate.title);
  return names;
}

const field = (data: Record<string, unknown>, key: string): string | undefined =>
  typeof data[key] === 'string' || typeof data[key] === 'number' ? String(data[key]) : undefined;
const suffix = (text: string | undefined, open = ' (', close = ')'): string =>
  text ? `${open}${text}${close}` : '';

/**
 * One event in words.
 *
 * @example
 * describeEvent({ type: 'alert.fired', data: { alertId: 'am-1', name: 'HighErrorRate', message: 'Error rate above 0.1%', severity: 'critical' }, … }, names)
 * // 'HighErrorRate fired: Error rate above 0.1% (critical)'
 */
export function describeEvent(
  event: Pick<EventSummary, 'type' | 'data'>,
  names: ReadonlyMap<string, string>,
): string {
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<
    string,
    unknown
  >;
  const item = names.get(field(data, 'itemId') ?? '') ?? field(data, 'itemId') ?? '';
  const reason = suffix(field(data, 'reason'));
  switch (event.type) {
    case 'launch.created':
      return `plan recorded: ${field(data, 'title') ?? field(data, 'planId') ?? ''}`;
    case 'plan.revised':
      return `plan revised${reason}`;
    case 'launch.started':
      return `launch started${suffix(field(data, 'goLiveAt'), ', go-live at ', '')}`;
    case 'item.checked':
      return `checked: ${item}`;
    case 'item.unchecked':
      return `unchecked: ${item}${reason}`;
    case 'item.waived':
      return `waived: ${item}${reason}`;
    case 'test.passed':
      return `test passed: ${item}${suffix(field(data, 'runId') ?? field(data, 'evidence'))}`;
    case 'test.failed':
      return `test failed: ${item}${suffix(field(data, 'message'))}`;
    case 'alert.fired':
      return `${field(data, 'name') ?? field(data, 'alertId')} fired${suffix(field(data, 'message'), ': ', '')}${suffix(field(data, 'severity'))}`;
    case 'alert.resolved':
      return `alert resolved: ${field(data, 'alertId')}${suffix(field(data, 'message'))}`;
    case 'gate.decided':
      return `${field(data, 'decision')}: ${names.get(field(data, 'gateId') ?? '') ?? field(data, 'gateId')}${reason}`;
    case 'rollback.requested':
      return `rollback requested${reason}`;
    case 'rollback.completed':
      return `rollback completed${suffix(field(data, 'message'))}`;
    case 'launch.resumed':
      return `launch resumed${reason}`;
    case 'launch.aborted':
      return `launch aborted${reason}`;
    case 'deadline.reached':
      return `deadline passed: ${names.get((field(data, 'deadlineId') ?? '').replace(/^deadline\//, '')) ?? field(data, 'deadlineId')}${suffix(field(data, 'window'))}`;
    default:
      return event.type;
  }
}
