/**
 * A launch at one version as plain data: what `replayLaunch` returns and `Launch.view()` gives.
 * The plan it runs, where it stands in the log, the persisted machine snapshot (typed from the
 * machine), the events the chart refused, and the checklist and Markdown derived from them. It is
 * frozen, deeply: nothing a caller does to it reaches the launch it was read from; `apply` gives
 * the view after one more logged event, and leaves this one as it is.
 */
import type * as E from 'fp-ts/lib/Either.js';
import type { Checklist } from '../checklist/derive.ts';
import type { MarkdownRender } from '../checklist/markdown.ts';
import type { PersistedLaunch } from '../compile/snapshot.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { Plan } from '../plan/model.ts';
import type { ReplayError } from './errors.ts';
import type { PlanSource } from './planRecord.ts';

/** A logged event the chart refused (it changed nothing), and why. */
export interface RefusedEvent {
  readonly version: number;
  readonly type: string;
  readonly reason: string;
}

export interface LaunchView {
  readonly stream: string;
  readonly plan: Plan;
  /** The plan file's bytes as the log recorded them (null for a plan given as data). */
  readonly source: PlanSource | null;
  /** The version of the last event applied. */
  readonly version: number;
  /** Version of the event that recorded the plan (1, or the last `plan.revised`). */
  readonly planVersion: number;
  /** Record time of the last event applied. */
  readonly lastAt: string | null;
  readonly snapshot: PersistedLaunch;
  /**
   * Logged events the chart refused: a log written by launchplan's runtime holds none, so each
   * is a log written or edited by something else, or a changed machine.
   */
  readonly refused: readonly RefusedEvent[];
  /** Why the stream's stored snapshot was not used (damaged, or not of this log), if it was not. */
  readonly ignoredSnapshot?: string;
  /** What is done, by whom and when, what blocks the launch. */
  checklist(): Checklist;
  /** The plan's Markdown with its boxes set from the launch; null for a plan not read from Markdown. */
  markdown(): MarkdownRender | null;
  /**
   * The launch after the next logged event (a new view; this one does not change), or why the
   * event cannot follow: another host following a log one event at a time.
   *
   * @example
   * for await (const envelope of store.read(stream, { from: view.version + 1 })) {
   *   const next = view.apply(envelope);
   *   if (E.isLeft(next)) throw new Error(formatReplayError(next.left));
   *   view = next.right;
   * }
   */
  apply(envelope: EventEnvelope): E.Either<ReplayError, LaunchView>;
}

/**
 * Freezes a value and everything it holds; a part already frozen is not walked again, so freezing
 * the next snapshot of a launch walks only what the events since changed (copy on write).
 */
export function frozen<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) frozen(child);
  return value;
}
