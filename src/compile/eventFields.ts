/**
 * The fields of an event that actions keep: its strings by name, and `{ at, by, reason }` (when,
 * who, why) as a record of it, leaving out what the event does not carry.
 */
import type { LaunchEvent } from '../events/vocabulary.ts';
import type { RecordedAt } from './context.ts';

/** A string field of an event, or undefined when it has none. */
export function text(
  event: LaunchEvent,
  key: 'at' | 'by' | 'reason' | 'runId' | 'evidence' | 'goLiveAt',
): string | undefined {
  const value = (event as Partial<Record<typeof key, unknown>>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** `{ at, by, reason }` of an event, leaving out what it does not carry. */
export function recorded(event: LaunchEvent): RecordedAt {
  const out: RecordedAt = {};
  const at = text(event, 'at');
  const by = text(event, 'by');
  const reason = text(event, 'reason');
  if (at !== undefined) out.at = at;
  if (by !== undefined) out.by = by;
  if (reason !== undefined) out.reason = reason;
  return out;
}
