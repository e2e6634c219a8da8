/**
 * The rules a live launch applies to what it is about to write, as pure functions: record times
 * never go back nor run ahead of the clock, the state must take every event, and an append that
 * failed is either somebody else's write (retried) or a broken log (refused).
 */
import type { Explanation } from '../compile/explain.ts';
import type { NewEvent } from '../events/envelope.ts';
import type { AppendError } from '../store/EventStore.ts';
import { StoreError, storeUnavailable } from '../store/storeError.ts';
import type { ClockAhead, LaunchError } from './errors.ts';
import { PLAN_REVISED } from './planRecord.ts';

/** How far ahead of the host's clock an event may be stamped by default (`LaunchOptions.maxClockSkewMs`). */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** The refusal of a record time further ahead of the clock (`now`) than the allowed skew. */
export function clockAhead(at: string, now: Date, maxSkewMs = DEFAULT_MAX_CLOCK_SKEW_MS): ClockAhead | null {
  return Date.parse(at) - now.getTime() > maxSkewMs
    ? { _tag: 'ClockAhead', at, now: now.toISOString(), maxSkewMs }
    : null;
}

/**
 * Record times never go backwards in a log, so the launch "at time T" is a prefix of it: an
 * event is stamped no earlier than the last one (`lastAt`; a host whose clock is behind by less
 * than the skew `clockAhead` allows another host).
 */
export function notBefore(lastAt: string | null, event: NewEvent): NewEvent {
  return lastAt !== null && Date.parse(event.at) < Date.parse(lastAt) ? { ...event, at: lastAt } : event;
}

/** Why the state (`explain`) refuses the first of `events` it refuses, or null when it takes them all. */
export function firstRefusal(
  events: readonly NewEvent[],
  explain: (event: unknown) => Explanation,
): Exclude<Explanation, { _tag: 'Accepted' }> | null {
  for (const event of events) {
    if (event.type === PLAN_REVISED) continue;
    const explanation = explain({
      ...(event.data as object),
      type: event.type,
      at: event.at,
      by: event.actor.id,
    });
    if (explanation._tag !== 'Accepted') return explanation;
  }
  return null;
}

/** An append refused for another reason than a lost race: the log cannot take it. */
export function invalidStream(
  stream: string,
  error: Exclude<AppendError, { _tag: 'VersionConflict' }>,
): LaunchError {
  return {
    _tag: 'InvalidStream',
    stream,
    message:
      'message' in error
        ? error.message
        : `${error._tag}: ${'eventIds' in error ? error.eventIds.join(', ') : ''}`,
  };
}

/** Past its budget, a launch whose appends keep losing their race is an outage (503), not the caller's 409. */
export function contended(stream: string, attempts: number, logAt: number): StoreError {
  return new StoreError(
    storeUnavailable(
      'launch',
      'append',
      `launch ${stream} is contended: ${attempts} appends lost their race (the log is at ${logAt}); send the same event id again`,
    ),
  );
}
