/**
 * The launch's history for the console: every event of the log, newest first, each said in
 * words (which item, which alert, which gate, why). Read from the store at render time, so what
 * another host appended shows too; the page shows the newest events and links to the whole log.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Checklist } from '../../checklist/derive.ts';
import { decodeLaunchEvent, tellEvent } from '../../events/vocabulary.ts';
import { LAUNCH_CREATED } from '../../launch/planRecord.ts';
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

/** The plan a `launch.created` summary names: its title, else its id. */
const planNamed = (data: object): string =>
  'title' in data && typeof data.title === 'string'
    ? data.title
    : 'planId' in data && typeof data.planId === 'string'
      ? data.planId
      : '';

/**
 * One event in words: the registry's `tell` for a launch event, the plan's title for the record of
 * the plan that starts the log; the type alone for an event this version does not know.
 *
 * @example
 * describeEvent({ type: 'alert.fired', data: { alertId: 'am-1', name: 'HighErrorRate', message: 'Error rate above 0.1%', severity: 'critical' } }, names)
 * // 'HighErrorRate fired: Error rate above 0.1% (critical)'
 */
export function describeEvent(
  event: Pick<EventSummary, 'type' | 'data'>,
  names: ReadonlyMap<string, string>,
): string {
  const data = typeof event.data === 'object' && event.data !== null ? event.data : {};
  // The summary of `launch.created` holds the plan's title and id (see `summarize`), not the plan.
  if (event.type === LAUNCH_CREATED) return `plan recorded: ${planNamed(data)}`;
  const decoded = decodeLaunchEvent({ ...data, type: event.type });
  return E.isRight(decoded) ? tellEvent(decoded.right, names) : event.type;
}
