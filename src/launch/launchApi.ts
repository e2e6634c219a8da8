/**
 * What an embedding host sees of a live launch: the options that create or open one, the
 * `Launch` interface itself, and what `send` takes and returns (implemented by `LiveLaunch`).
 */
import type { EventEmitter } from 'eventemitter3';
import type * as E from 'fp-ts/lib/Either.js';
import type { Checklist } from '../checklist/derive.ts';
import type { MarkdownRender } from '../checklist/markdown.ts';
import type { Explanation } from '../compile/explain.ts';
import type { Actor, EventEnvelope } from '../events/envelope.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';
import type { LoadedPlan } from '../plan/load.ts';
import type { Plan } from '../plan/model.ts';
import type { PersistedLaunch } from '../compile/snapshot.ts';
import type { RevisionCheck } from './revise.ts';
import type { EventStore } from '../store/EventStore.ts';
import type { AuthorizationPolicy } from './authorize.ts';
import type { LaunchError, NotAllowed } from './errors.ts';
import type { LaunchNotifications } from './notifications.ts';
import type { LaunchView } from './view.ts';

export interface LaunchOptions {
  store: EventStore;
  stream: string;
  /** Who sends events when `send` is not given an actor. */
  actor: Actor;
  /** Write a snapshot every this many events (default 500). */
  snapshotEvery?: number;
  /** `owners` (default): a step's owners are required for its items; `open`: anyone. */
  authorization?: AuthorizationPolicy;
  /**
   * How many times an append that lost a race to another host is retried after catching up
   * (default: no limit, within `conflictBudgetMs`). Past either, `send` throws a `StoreError`
   * (`StoreUnavailable`, a 503 in the service): the caller sent no expected version, so a lost
   * race is never its `VersionConflict`.
   */
  maxConflictRetries?: number;
  /** How long `send` keeps retrying lost races, in ms (default 10,000). */
  conflictBudgetMs?: number;
  /** The time stamped on events and used by the deadline scheduler (default: the wall clock). */
  clock?: () => Date;
  /**
   * How far ahead of `clock` an event may be stamped, in ms (default 5 minutes): a later time (a
   * `tick` with a simulated `now`) is refused as `ClockAhead`, since record times never go back.
   */
  maxClockSkewMs?: number;
  /** Told when work after an append (a snapshot) fails; the event stays appended (default: ignored). */
  onBackgroundError?: (error: unknown) => void;
  /**
   * The key snapshots are sealed with (HMAC-SHA256): with it a launch opens from its latest
   * snapshot; without it snapshots are never trusted and the whole log is replayed.
   */
  snapshotKey?: string | null;
}

export interface SendOptions {
  actor?: Actor;
  /** Idempotence key: sending the same event id twice writes it once. */
  eventId?: string;
}

/** One event of {@link Launch.sendAll}, with its idempotence key if it has one. */
export interface Sending {
  event: LaunchEvent;
  eventId?: string;
}

/** What `send` returns on success: the event's version in the log. */
export interface Sent {
  version: number;
  /** False when the event id was already in the log (a retry): nothing new was written. */
  appended: boolean;
}

export interface Launch extends EventEmitter<LaunchNotifications> {
  readonly stream: string;
  readonly plan: Plan;
  readonly version: number;
  /**
   * Sends an event (build it with the factories: `itemChecked({ itemId })`). The event is decoded
   * again here, so input from JavaScript or JSON is checked too; unknown fields are dropped.
   */
  send(event: LaunchEvent, options?: SendOptions): Promise<E.Either<LaunchError, Sent>>;
  /**
   * Sends events in order, by one actor, each answered as `send` would answer it: they are decided
   * together and appended in as few writes as the state allows (an Alertmanager post's alerts),
   * and a host that forwards writes to a launch's owner forwards them in one hop. A write that
   * fails rejects the whole call; sending the same ids again writes each event once.
   */
  sendAll(
    sends: readonly Sending[],
    options?: Pick<SendOptions, 'actor'>,
  ): Promise<E.Either<LaunchError, Sent>[]>;
  /** Would the current state accept this event, and if not, who refuses it? */
  explain(event: unknown): Explanation;
  /** Whether an actor may send an event (its roles, the step's owners), as `send` checks it; the state is not asked. */
  allows(
    event: Pick<LaunchEvent, 'type'> & { itemId?: string; alertId?: string },
    actor: Actor,
  ): E.Either<NotAllowed, void>;
  checklist(): Checklist;
  /** The original plan with its boxes set from the launch (Markdown plans only). */
  markdown(): MarkdownRender | null;
  /** The persisted machine snapshot now (frozen). */
  snapshot(): PersistedLaunch;
  /** The launch now as plain, frozen data: what `replayLaunch` returns at this version. */
  view(): LaunchView;
  /** Stores a snapshot at the current version now (they are also taken every `snapshotEvery` events). */
  saveSnapshot(): Promise<void>;
  /** Applies events other hosts appended since this launch last looked. */
  refresh(): Promise<E.Either<LaunchError, number>>;
  /**
   * Appends `deadline.reached` for every window that has passed at `now` (default: the clock) with
   * its step not done; a `now` further ahead of the clock than `maxClockSkewMs` is refused
   * (`ClockAhead`), whether or not a deadline has passed by then.
   */
  tick(now?: Date): Promise<E.Either<LaunchError, number>>;
  /** What moving to an edited plan would keep and lose. */
  checkRevision(plan: Plan): RevisionCheck;
  /** Moves the launch to an edited plan (`plan.revised`), carrying item statuses by id. */
  revise(plan: PlanInput, reason?: string): Promise<E.Either<LaunchError, Sent>>;
}

/** A plan as `loadPlanFile` gives it (its source bytes go into the log too), or a `Plan` alone. */
export type PlanInput = Plan | Pick<LoadedPlan, 'plan' | 'format' | 'source'>;

/**
 * What a launch of this library shares with the hosts of a cluster (not part of `Launch`): the
 * owner hands a forwarding host the events it applied since that host's version, and the host
 * applies them rather than read the log again.
 */
export interface SharedTail {
  /** The events after `version` this launch applied, or null when it no longer holds them all. */
  eventsSince(version: number): readonly EventEnvelope[] | null;
  /** Applies events that follow this launch's version; reads the log instead when they do not. */
  absorb(events: readonly EventEnvelope[]): Promise<E.Either<LaunchError, number>>;
}
