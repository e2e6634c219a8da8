/**
 * The live launch an embedding host holds: `send` runs decode → authorise → accepted in this
 * state? → append with the expected version → apply → notify, and returns an fp-ts `Either`
 * whose left side says why nothing was written. It wraps the launch's private state
 * (`LaunchState`): everything it shows of it is a copy or a frozen view.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'eventemitter3';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Checklist } from '../checklist/derive.ts';
import type { MarkdownRender } from '../checklist/markdown.ts';
import { compiledPlan } from '../compile/compiled.ts';
import type { Explanation } from '../compile/explain.ts';
import type { PersistedLaunch } from '../compile/snapshot.ts';
import { launchPosition } from '../compile/statePaths.ts';
import type { Actor, EventEnvelope, NewEvent } from '../events/envelope.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';
import type { Plan } from '../plan/model.ts';
import { contentionDelayMs, isVersionConflict } from '../store/expectedVersion.ts';
import { authorize, ownersByItem, SCHEDULER } from './authorize.ts';
import { dueDeadlines } from './deadlines.ts';
import { decodeSent } from './decodeInput.ts';
import type { ClockAhead, LaunchError, NotAllowed } from './errors.ts';
import type { Launch, LaunchOptions, PlanInput, SendOptions, Sent } from './launchApi.ts';
import type { LaunchState } from './LaunchState.ts';
import { emitChanges, type LaunchNotifications } from './notifications.ts';
import { PLAN_REVISED, planAndSource, planRecord } from './planRecord.ts';
import { checkRevision, type RevisionCheck } from './revise.ts';
import { createSnapshotKeeper, type SnapshotKeeper } from './snapshots.ts';
import { frozen, type LaunchView } from './view.ts';

/** How far ahead of the host's clock an event may be stamped by default (`LaunchOptions.maxClockSkewMs`). */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60_000;

export class LiveLaunch extends EventEmitter<LaunchNotifications> implements Launch {
  private state: LaunchState;
  private queue: Promise<unknown> = Promise.resolve();
  private owners: Map<string, string[]>;
  private readonly snapshots: SnapshotKeeper;

  constructor(
    private readonly options: LaunchOptions,
    state: LaunchState,
  ) {
    super();
    this.state = state;
    this.owners = ownersByItem(state.plan, state.snapshot().context);
    this.snapshots = createSnapshotKeeper(
      options.store,
      options.snapshotEvery ?? 500,
      state.version,
      options.snapshotKey ?? null,
      options.onBackgroundError,
    );
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
    return frozen(this.state.snapshot());
  }

  view(): LaunchView {
    return this.state.view();
  }

  checklist(): Checklist {
    return this.state.checklist();
  }

  markdown(): MarkdownRender | null {
    return this.state.markdown();
  }

  explain(event: unknown): Explanation {
    return this.state.explain(event);
  }

  allows(
    event: Pick<LaunchEvent, 'type'> & { itemId?: string; alertId?: string },
    actor: Actor,
  ): E.Either<NotAllowed, void> {
    return authorize(this.options.authorization ?? 'owners', this.owners, actor, event);
  }

  checkRevision(plan: Plan): RevisionCheck {
    return checkRevision(this.state.snapshot(), compiledPlan(plan).config);
  }

  send(event: LaunchEvent, options: SendOptions = {}): Promise<E.Either<LaunchError, Sent>> {
    return this.serialize(() => this.sendNow(event, options));
  }

  refresh(): Promise<E.Either<LaunchError, number>> {
    return this.serialize(() => this.catchUp());
  }

  saveSnapshot(): Promise<void> {
    return this.serialize(() => this.snapshots.save(this.state));
  }

  async tick(now?: Date): Promise<E.Either<LaunchError, number>> {
    // A given `now` becomes the record time: one far ahead would stamp every later event there.
    const ahead = now ? this.aheadOfClock(now.toISOString()) : null;
    if (ahead) return E.left(ahead);
    return this.appendDue(now ?? this.now());
  }

  private async appendDue(now: Date): Promise<E.Either<LaunchError, number>> {
    let appended = 0;
    for (const deadline of dueDeadlines(this.state.plan, this.state.snapshot().context, now)) {
      const event: LaunchEvent = {
        type: 'deadline.reached',
        deadlineId: deadline.id,
        window: deadline.window,
      };
      // The scheduler is part of the runtime: its `now` is the record time, not a reported one.
      const sent = await this.serialize(() =>
        this.sendNow(event, { actor: SCHEDULER, eventId: `${this.state.stream}:${deadline.id}` }, now),
      );
      if (E.isLeft(sent)) return sent;
      if (sent.right.appended) appended += 1;
    }
    return E.right(appended);
  }

  revise(input: PlanInput, reason?: string): Promise<E.Either<LaunchError, Sent>> {
    const { plan, source } = planAndSource(input);
    return this.serialize(async () => {
      const refused = this.allows({ type: PLAN_REVISED }, this.options.actor);
      if (E.isLeft(refused)) return refused;
      const check = this.checkRevision(plan);
      if (!check.compatible)
        return E.left({
          _tag: 'PlanMismatch',
          logPlanHash: this.state.plan.hash,
          planHash: plan.hash,
          message: `the edited plan has no state ${check.statesMissing.join(', ')}`,
        });
      const data = {
        fromHash: this.state.plan.hash,
        toHash: plan.hash,
        ...(reason ? { reason } : {}),
        ...planRecord(plan, source),
      };
      return this.appendAndApply({
        eventId: randomUUID(),
        type: PLAN_REVISED,
        data,
        at: this.now().toISOString(),
        actor: this.options.actor,
        planHash: plan.hash,
      });
    });
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
  private async sendNow(
    input: unknown,
    options: SendOptions,
    recordedAt: Date = this.now(),
  ): Promise<E.Either<LaunchError, Sent>> {
    const actor = options.actor ?? this.options.actor;
    const checked = pipe(
      decodeSent(input),
      E.chainFirstW(({ event }) => this.allows(event, actor)),
    );
    if (E.isLeft(checked)) return checked;
    // A retry of a recent event is answered with its version, whatever the state says now.
    const retried =
      options.eventId === undefined ? undefined : this.state.recentIds.versions.get(options.eventId);
    if (retried !== undefined) return E.right({ version: retried, appended: false });
    const { event, data } = checked.right;
    return this.appendAndApply({
      eventId: options.eventId ?? randomUUID(),
      type: event.type,
      data,
      at: recordedAt.toISOString(),
      actor,
      planHash: this.state.plan.hash,
    });
  }

  /** Checks the event against the current state, appends it, applies it; catches up and retries on conflict. */
  private async appendAndApply(newEvent: NewEvent): Promise<E.Either<LaunchError, Sent>> {
    let event = newEvent;
    const retries = this.options.maxConflictRetries ?? 5;
    for (let attempt = 0; ; attempt += 1) {
      event = this.notBeforeLastEvent(event);
      if (event.type !== PLAN_REVISED) {
        const explanation = this.explain({
          ...(event.data as object),
          type: event.type,
          at: event.at,
          by: event.actor.id,
        });
        if (explanation._tag !== 'Accepted') {
          // This host may be behind the log: another host's events can make it acceptable.
          const caught = attempt === 0 ? await this.catchUp() : E.right(0);
          if (E.isLeft(caught)) return caught;
          if (caught.right > 0) continue;
          return E.left({
            _tag: 'NotAcceptedInState',
            state: launchPosition(this.state.snapshot().value),
            explanation,
          });
        }
      }
      const appended = await this.options.store.append(this.state.stream, [event], {
        expectedVersion: this.state.version,
      });
      if (E.isRight(appended)) {
        if (appended.right.appended === 0) {
          const caught = await this.catchUp();
          return E.isLeft(caught) ? caught : E.right({ version: appended.right.version, appended: false });
        }
        const applied = this.afterAppend(() =>
          this.apply({
            ...event,
            stream: this.state.stream,
            version: appended.right.version,
            prevHash: '',
            hash: '',
          }),
        );
        if (E.isLeft(applied)) return applied;
        // Written is written: a snapshot that fails is reported to the host and tried again later.
        await this.snapshots.maybeSave(this.state);
        return E.right({ version: appended.right.version, appended: true });
      }
      const error = appended.left;
      if (!isVersionConflict(error))
        return E.left({
          _tag: 'InvalidStream',
          stream: this.state.stream,
          message:
            'message' in error
              ? error.message
              : `${error._tag}: ${'eventIds' in error ? error.eventIds.join(', ') : ''}`,
        });
      if (attempt >= retries)
        return E.left({ _tag: 'VersionConflict', expected: error.expected, actual: error.actual });
      // Another host appended first: wait a jittered moment, so hosts racing for one launch spread out.
      await new Promise((resolve) => setTimeout(resolve, contentionDelayMs(attempt + 2)));
      const caught = await this.catchUp();
      if (E.isLeft(caught)) return caught;
    }
  }

  /**
   * Runs work that follows a written event (applying it notifies listeners): a listener that
   * throws is reported to the host like a failed snapshot, never turned into a failed send.
   */
  private afterAppend<A>(work: () => E.Either<LaunchError, A>): E.Either<LaunchError, A | undefined> {
    try {
      return work();
    } catch (error) {
      this.options.onBackgroundError?.(error);
      return E.right(undefined);
    }
  }

  /** The refusal of a record time further ahead of this host's clock than the allowed skew. */
  private aheadOfClock(at: string): ClockAhead | null {
    const now = this.now();
    const maxSkewMs = this.options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
    return Date.parse(at) - now.getTime() > maxSkewMs
      ? { _tag: 'ClockAhead', at, now: now.toISOString(), maxSkewMs }
      : null;
  }

  /**
   * Record times never go backwards in a log, so the launch "at time T" is a prefix of it: an
   * event is stamped no earlier than the last one (a host whose clock is behind by less than the
   * skew `aheadOfClock` allows another host).
   */
  private notBeforeLastEvent(event: NewEvent): NewEvent {
    const last = this.state.lastAt;
    return last !== null && Date.parse(event.at) < Date.parse(last) ? { ...event, at: last } : event;
  }

  private apply(envelope: EventEnvelope): E.Either<LaunchError, void> {
    const before = this.hasChangeListeners() ? this.checklist() : null;
    const planBefore = this.state.plan.hash;
    const applied = this.state.apply(envelope);
    if (E.isLeft(applied)) return applied;
    const planChanged = this.state.plan.hash !== planBefore;
    if (planChanged) this.owners = ownersByItem(this.state.plan, this.state.snapshot().context);
    this.emit('event', envelope);
    if (before && !planChanged)
      emitChanges(before, this.checklist(), (name, ...args) =>
        (this.emit as (name: string, ...args: unknown[]) => boolean)(name, ...args),
      );
    return E.right(undefined);
  }

  /** Diffing checklists costs a derivation per event: only done when someone listens. */
  private hasChangeListeners(): boolean {
    return this.eventNames().some((name) => name !== 'event');
  }

  private async catchUp(): Promise<E.Either<LaunchError, number>> {
    let applied = 0;
    for await (const envelope of this.options.store.read(this.state.stream, {
      from: this.state.version + 1,
    })) {
      const result = this.apply(envelope);
      if (E.isLeft(result)) return result;
      applied += 1;
    }
    return E.right(applied);
  }
}
