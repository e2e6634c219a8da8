/**
 * A launch embedded in a host: `createLaunch` starts one in a stream (recording the plan),
 * `openLaunch` rebuilds one from its log. `send` runs decode → authorise → accepted in this
 * state? → append with the expected version → apply → notify, and returns an fp-ts `Either`
 * whose left side says why nothing was written.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'eventemitter3';
import * as E from 'fp-ts/lib/Either.js';
import { deriveChecklist, doneById, type Checklist } from '../checklist/derive.ts';
import { renderChecklistMarkdown, type MarkdownRender } from '../checklist/markdown.ts';
import { explainRejection, type Explanation } from '../compile/explain.ts';
import { launchPosition } from '../compile/statePaths.ts';
import type { Actor, EventEnvelope, NewEvent } from '../events/envelope.ts';
import { decodeLaunchEvent, formatEventDecodeError } from '../events/vocabulary.ts';
import type { Plan } from '../plan/model.ts';
import type { PersistedLaunch } from '../replay/fold.ts';
import { checkRevision, type RevisionCheck } from '../replay/revise.ts';
import type { EventStore } from '../store/EventStore.ts';
import { contentionDelayMs, isVersionConflict } from '../store/expectedVersion.ts';
import { authorize, ownersByItem, type AuthorizationPolicy } from './authorize.ts';
import { dueDeadlines } from './deadlines.ts';
import type { LaunchError } from './errors.ts';
import { emitChanges, type LaunchNotifications } from './notifications.ts';
import { LAUNCH_CREATED, PLAN_REVISED, planRecord, sourceBytes, type PlanSource } from './planRecord.ts';
import { applyEnvelope, compiledPlan, replayLaunch, type LaunchState } from './replayLaunch.ts';
import { sealSnapshot } from './snapshotRecord.ts';

export interface LaunchOptions {
  store: EventStore;
  stream: string;
  /** Who sends events when `send` is not given an actor. */
  actor: Actor;
  /** Write a snapshot every this many events (default 500). */
  snapshotEvery?: number;
  /** `owners` (default): a step's owners are required for its items; `open`: anyone. */
  authorization?: AuthorizationPolicy;
  /** How many times a conflicting append is retried after catching up (default 5). */
  maxConflictRetries?: number;
  /** The time stamped on events and used by the deadline scheduler (default: the wall clock). */
  clock?: () => Date;
}

export interface SendOptions {
  actor?: Actor;
  /** Idempotence key: sending the same event id twice writes it once. */
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
  send(event: unknown, options?: SendOptions): Promise<E.Either<LaunchError, Sent>>;
  /** Would the current state accept this event, and if not, who refuses it? */
  explain(event: unknown): Explanation;
  checklist(): Checklist;
  /** The original plan with its boxes set from the launch (Markdown plans only). */
  markdown(): MarkdownRender | null;
  snapshot(): PersistedLaunch;
  /** Stores a snapshot at the current version now (they are also taken every `snapshotEvery` events). */
  saveSnapshot(): Promise<void>;
  /** Applies events other hosts appended since this launch last looked. */
  refresh(): Promise<E.Either<LaunchError, number>>;
  /** Appends `deadline.reached` for every window that has passed with its step not done. */
  tick(now?: Date): Promise<E.Either<LaunchError, number>>;
  /** What moving to an edited plan would keep and lose. */
  checkRevision(plan: Plan): RevisionCheck;
  /** Moves the launch to an edited plan (`plan.revised`), carrying item statuses by id. */
  revise(plan: Plan, source: PlanSource | null, reason?: string): Promise<E.Either<LaunchError, Sent>>;
}

const SCHEDULER: Actor = { id: 'launchplan-scheduler', roles: ['scheduler'] };

/** Starts a launch of `plan` in an empty stream: its first event records the plan. */
export async function createLaunch(options: LaunchOptions & { plan: Plan; source: PlanSource | null }): Promise<E.Either<LaunchError, Launch>> {
  const created: NewEvent = {
    eventId: randomUUID(),
    type: LAUNCH_CREATED,
    data: planRecord(options.plan, options.source),
    at: (options.clock ?? (() => new Date()))().toISOString(),
    actor: options.actor,
    planHash: options.plan.hash,
  };
  const appended = await options.store.append(options.stream, [created], { expectedVersion: 'no_stream' });
  if (E.isLeft(appended)) {
    const error = appended.left;
    if (isVersionConflict(error)) return E.left({ _tag: 'LaunchExists', stream: options.stream, version: error.actual });
    return E.left({ _tag: 'InvalidStream', stream: options.stream, message: 'message' in error ? error.message : error._tag });
  }
  return openLaunch(options);
}

/** Opens the launch of a stream by replaying its log (from its latest snapshot). */
export async function openLaunch(options: LaunchOptions): Promise<E.Either<LaunchError, Launch>> {
  const replayed = await replayLaunch(options.store, options.stream);
  return E.isLeft(replayed) ? replayed : E.right<LaunchError, Launch>(new LiveLaunch(options, replayed.right));
}

class LiveLaunch extends EventEmitter<LaunchNotifications> implements Launch {
  private state: LaunchState;
  private queue: Promise<unknown> = Promise.resolve();
  private lastSnapshot: number;
  /** After a failed snapshot: the version from which to try again. */
  private snapshotRetryAt = 0;
  private owners: Map<string, string[]>;

  constructor(
    private readonly options: LaunchOptions,
    state: LaunchState,
  ) {
    super();
    this.state = state;
    this.lastSnapshot = state.version;
    this.owners = ownersByItem(state.plan, state.fold.snapshot().context);
  }

  get stream() {
    return this.state.stream;
  }
  get plan() {
    return this.state.plan;
  }
  get version() {
    return this.state.version;
  }

  snapshot(): PersistedLaunch {
    return this.state.fold.snapshot();
  }

  checklist(): Checklist {
    return deriveChecklist(this.state.plan, this.state.config, this.state.fold.snapshot(), { stream: this.state.stream, version: this.state.version });
  }

  markdown(): MarkdownRender | null {
    const bytes = this.state.source?.format === 'markdown' ? sourceBytes(this.state.source) : null;
    return bytes ? renderChecklistMarkdown(bytes, this.state.plan, doneById(this.checklist())) : null;
  }

  explain(event: unknown): Explanation {
    const persisted = this.state.fold.snapshot();
    const snapshot = this.state.machine.resolveState({ value: persisted.value as never, context: persisted.context });
    return explainRejection(this.state.machine, snapshot, event);
  }

  checkRevision(plan: Plan): RevisionCheck {
    return checkRevision(this.state.fold.snapshot(), compiledPlan(plan).config);
  }

  send(input: unknown, options: SendOptions = {}): Promise<E.Either<LaunchError, Sent>> {
    return this.serialize(() => this.sendNow(input, options));
  }

  refresh(): Promise<E.Either<LaunchError, number>> {
    return this.serialize(() => this.catchUp());
  }

  saveSnapshot(): Promise<void> {
    return this.serialize(() => this.writeSnapshot());
  }

  async tick(now: Date = this.now()): Promise<E.Either<LaunchError, number>> {
    let appended = 0;
    for (const deadline of dueDeadlines(this.state.plan, this.state.fold.snapshot().context, now)) {
      const event = { type: 'deadline.reached', deadlineId: deadline.id, window: deadline.window };
      // The scheduler is part of the runtime: its `now` is the record time, not a reported one.
      const sent = await this.serialize(() => this.sendNow(event, { actor: SCHEDULER, eventId: `${this.state.stream}:${deadline.id}` }, now));
      if (E.isLeft(sent)) return sent;
      if (sent.right.appended) appended += 1;
    }
    return E.right(appended);
  }

  revise(plan: Plan, source: PlanSource | null, reason?: string): Promise<E.Either<LaunchError, Sent>> {
    return this.serialize(async () => {
      const refused = authorize(this.options.authorization ?? 'owners', this.owners, this.options.actor, { type: PLAN_REVISED });
      if (refused) return E.left(refused);
      const check = this.checkRevision(plan);
      if (!check.compatible) {
        return E.left({ _tag: 'PlanMismatch', logPlanHash: this.state.plan.hash, planHash: plan.hash, message: `the edited plan has no state ${check.statesMissing.join(', ')}` } as const);
      }
      const data = { fromHash: this.state.plan.hash, toHash: plan.hash, ...(reason ? { reason } : {}), ...planRecord(plan, source) };
      return this.appendAndApply({ eventId: randomUUID(), type: PLAN_REVISED, data, at: this.now().toISOString(), actor: this.options.actor, planHash: plan.hash });
    });
  }

  /** Where the launch stands, short: `progress.running.<phase or gate>` and `health.<state>`. */
  private whereNow(): string[] {
    return launchPosition(this.state.fold.snapshot().value as never);
  }

  private now(): Date {
    return (this.options.clock ?? (() => new Date()))();
  }

  private serialize<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * The log records when an event was recorded (this runtime's clock, or the scheduler's `now`);
   * a time the sender gives as `at` (an alert's start, a backfilled check) is kept in the data as
   * `reportedAt`, so nobody can backdate the log.
   */
  private async sendNow(input: unknown, options: SendOptions, recordedAt: Date = this.now()): Promise<E.Either<LaunchError, Sent>> {
    const decoded = decodeLaunchEvent(input);
    if (E.isLeft(decoded)) return E.left({ _tag: 'InvalidEvent', message: formatEventDecodeError(decoded.left), errors: decoded.left._tag === 'InvalidEventData' ? decoded.left.errors : [] });
    const { type, at: reported, by: _by, ...fields } = decoded.right as { type: string; at?: string; by?: string; [key: string]: unknown };
    if (type === PLAN_REVISED) return E.left({ _tag: 'InvalidEvent', message: 'plan.revised is sent by revise(plan), which records the edited plan', errors: [] });
    if (reported !== undefined && Number.isNaN(Date.parse(reported))) {
      return E.left({ _tag: 'InvalidEvent', message: `${type}: at is not a date`, errors: [{ path: 'at', message: `expected an ISO-8601 date-time, got ${JSON.stringify(reported)}` }] });
    }
    const data = reported === undefined ? fields : { ...fields, reportedAt: new Date(reported).toISOString() };
    const actor = options.actor ?? this.options.actor;
    const when = recordedAt.toISOString();
    const machineEvent = { ...data, type, at: when, by: actor.id };
    const refused = authorize(this.options.authorization ?? 'owners', this.owners, actor, machineEvent);
    if (refused) return E.left(refused);
    // A retry of a recent event is answered with its version, whatever the state says now.
    const retried = options.eventId === undefined ? undefined : this.state.recentIds.versions.get(options.eventId);
    if (retried !== undefined) return E.right({ version: retried, appended: false });
    const event: NewEvent = { eventId: options.eventId ?? randomUUID(), type, data, at: when, actor, planHash: this.state.plan.hash };
    return this.appendAndApply(event);
  }

  /** Checks the event against the current state, appends it, applies it; catches up and retries on conflict. */
  private async appendAndApply(newEvent: NewEvent): Promise<E.Either<LaunchError, Sent>> {
    let event = newEvent;
    const retries = this.options.maxConflictRetries ?? 5;
    for (let attempt = 0; ; attempt += 1) {
      event = this.notBeforeLastEvent(event);
      if (event.type !== PLAN_REVISED) {
        const explanation = this.explain({ ...(event.data as object), type: event.type, at: event.at, by: event.actor.id });
        if (explanation._tag !== 'Accepted') {
          // This host may be behind the log: another host's events can make it acceptable.
          const caught = attempt === 0 ? await this.catchUp() : E.right(0);
          if (E.isLeft(caught)) return caught;
          if (caught.right > 0) continue;
          return E.left({ _tag: 'NotAcceptedInState', state: this.whereNow(), explanation });
        }
      }
      const expected = this.state.version;
      const appended = await this.options.store.append(this.state.stream, [event], { expectedVersion: expected });
      if (E.isRight(appended)) {
        if (appended.right.appended === 0) {
          const caught = await this.catchUp();
          return E.isLeft(caught) ? caught : E.right({ version: appended.right.version, appended: false });
        }
        const applied = this.afterAppend(() => this.apply({ ...event, stream: this.state.stream, version: appended.right.version, prevHash: '', hash: '' }));
        if (E.isLeft(applied)) return applied;
        await this.maybeSnapshot();
        return E.right({ version: appended.right.version, appended: true });
      }
      const error = appended.left;
      if (!isVersionConflict(error)) return E.left({ _tag: 'InvalidStream', stream: this.state.stream, message: 'message' in error ? error.message : `${error._tag}: ${'eventIds' in error ? error.eventIds.join(', ') : ''}` });
      if (attempt >= retries) return E.left({ _tag: 'VersionConflict', expected: error.expected, actual: error.actual });
      // Another host appended first: wait a jittered moment, so hosts racing for one launch spread out.
      await new Promise((resolve) => setTimeout(resolve, contentionDelayMs(attempt + 2)));
      const caught = await this.catchUp();
      if (E.isLeft(caught)) return caught;
    }
  }

  /**
   * Record times never go backwards in a log, so the launch "at time T" is a prefix of it: an
   * event is stamped no earlier than the last one (a host whose clock is behind, a simulated
   * `tick --now` in the future).
   */
  private notBeforeLastEvent(event: NewEvent): NewEvent {
    const last = this.state.lastAt;
    return last !== null && Date.parse(event.at) < Date.parse(last) ? { ...event, at: last } : event;
  }

  private apply(envelope: EventEnvelope): E.Either<LaunchError, void> {
    const before = this.hasChangeListeners() ? this.checklist() : null;
    const next = applyEnvelope(this.state, envelope);
    if (E.isLeft(next)) return next;
    const planChanged = next.right.plan.hash !== this.state.plan.hash;
    this.state = next.right;
    if (planChanged) this.owners = ownersByItem(this.state.plan, this.state.fold.snapshot().context);
    this.emit('event', envelope);
    if (before && !planChanged) emitChanges(before, this.checklist(), (name, ...args) => (this.emit as (name: string, ...args: unknown[]) => boolean)(name, ...args));
    return E.right(undefined);
  }

  /** Diffing checklists costs a derivation per event: only done when someone listens. */
  private hasChangeListeners(): boolean {
    return this.eventNames().some((name) => name !== 'event');
  }

  private async catchUp(): Promise<E.Either<LaunchError, number>> {
    let applied = 0;
    for await (const envelope of this.options.store.read(this.state.stream, { from: this.state.version + 1 })) {
      const result = this.apply(envelope);
      if (E.isLeft(result)) return result;
      applied += 1;
    }
    return E.right(applied);
  }

  /**
   * Runs work that follows a written event (applying it, which notifies listeners): a listener
   * that throws is reported, never turned into a failed send, since the event is in the log.
   */
  private afterAppend<A>(work: () => E.Either<LaunchError, A>): E.Either<LaunchError, A | undefined> {
    try {
      return work();
    } catch (error) {
      process.emitWarning(`launch ${this.state.stream}: after version ${this.state.version}: ${(error as Error)?.message ?? String(error)}`, { type: 'LaunchplanWarning', code: 'AfterAppend' });
      return E.right(undefined);
    }
  }

  /**
   * Snapshots are a shortcut for replay, taken after an append: one that cannot be written now
   * (the store is failing over) is reported and tried again a tenth of a period later, and never
   * turns the written event into an error.
   */
  private async maybeSnapshot(): Promise<void> {
    const every = this.options.snapshotEvery ?? 500;
    if (this.state.version - this.lastSnapshot < every || this.state.version < this.snapshotRetryAt) return;
    try {
      await this.writeSnapshot();
    } catch (error) {
      const later = Math.max(1, Math.ceil(every / 10));
      this.snapshotRetryAt = this.state.version + later;
      process.emitWarning(`launch ${this.state.stream}: the snapshot at version ${this.state.version} was not written (${(error as Error)?.message ?? String(error)}); trying again in ${later} event(s)`, { type: 'LaunchplanWarning', code: 'SnapshotFailed' });
    }
  }

  private async writeSnapshot(): Promise<void> {
    const { stream, version, planVersion, lastAt } = this.state;
    // The hash of our own last event: appends answer with versions, the log holds the hashes.
    let hash: string | undefined;
    for await (const envelope of this.options.store.read(stream, { from: version, to: version })) hash = envelope.hash;
    if (hash === undefined) return;
    const state = sealSnapshot(version, { planVersion, persisted: this.state.fold.snapshot(), hash, lastAt });
    await this.options.store.saveSnapshot(stream, { version, state });
    this.lastSnapshot = version;
  }
}
