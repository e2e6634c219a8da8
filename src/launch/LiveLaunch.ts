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
import { approvalWrites } from './approvals.ts';
import { authorize, ownersByItem, SCHEDULER } from './authorize.ts';
import { dueEvents } from './dueEvents.ts';
import { decideBatch, type BatchedSend } from './batchDecision.ts';
import { decodeSent } from './decodeInput.ts';
import type { LaunchError, NotAllowed } from './errors.ts';
import type {
  Launch,
  LaunchOptions,
  PlanInput,
  SendOptions,
  Sending,
  Sent,
  SharedTail,
} from './launchApi.ts';
import type { LaunchState } from './LaunchState.ts';
import { emitChanges, type LaunchNotifications } from './notifications.ts';
import { PLAN_REVISED, planAndSource, planRecord } from './planRecord.ts';
import { checkRevision, type RevisionCheck } from './revise.ts';
import { RecentEvents } from './recentEvents.ts';
import { SendQueue } from './sendQueue.ts';
import { createSnapshotKeeper, type SnapshotKeeper } from './snapshots.ts';
import { frozen, type LaunchView } from './view.ts';
import { clockAhead, contended, firstRefusal, invalidStream, notBefore } from './writeRules.ts';

/** Sends decided and appended together at most. */
const MAX_BATCH = 256;
/** Events kept for the hosts that forward writes to this one: more than a batch. */
const RECENT_EVENTS = 512;

export class LiveLaunch extends EventEmitter<LaunchNotifications> implements Launch, SharedTail {
  private state: LaunchState;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly sends = new SendQueue(
    {
      sendBatch: (batch) => this.sendBatch(batch),
      sendAlone: ({ event, options }) => this.sendNow(event, options),
      serialize: (work) => this.serialize(work),
    },
    MAX_BATCH,
  );
  private owners: Map<string, string[]>;
  private readonly snapshots: SnapshotKeeper;
  /** What a forwarding host of a cluster is handed with its answer (recentEvents.ts). */
  private readonly recent = new RecentEvents(RECENT_EVENTS);

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

  /**
   * Sends that arrive while others are being written wait, and then go out together: decided one
   * after the other on a copy of the state, appended as one write (group commit: an owner of a
   * launch receiving forwarded writes from many hosts, issue 20). Anything unusual in a batch (a
   * refusal, a lost race, a retried id) sends its events again one by one, as a lone send.
   */
  send(event: LaunchEvent, options: SendOptions = {}): Promise<E.Either<LaunchError, Sent>> {
    // The id is set now, so a batch that fails and is sent again is written once.
    return this.sends.enqueue({ event, options: { ...options, eventId: options.eventId ?? randomUUID() } });
  }

  sendAll(
    sends: readonly Sending[],
    options: Pick<SendOptions, 'actor'> = {},
  ): Promise<E.Either<LaunchError, Sent>[]> {
    // Queued at once, in order: the drain decides them as one batch.
    return Promise.all(
      sends.map(({ event, eventId }) =>
        this.send(event, { ...options, ...(eventId !== undefined ? { eventId } : {}) }),
      ),
    );
  }

  /**
   * Decide a batch on a copy of the state and append what it accepts in one write. Answers the
   * sends it wrote; the others (undefined) are sent one by one afterwards.
   */
  private async sendBatch(
    batch: readonly BatchedSend[],
  ): Promise<(E.Either<LaunchError, Sent> | undefined)[]> {
    const { answers, events } = decideBatch(this.state, batch, {
      recordedAt: this.now().toISOString(),
      defaultActor: this.options.actor,
      allows: (event, actor) => this.allows(event, actor),
    });
    if (events.length === 0) return answers;
    const base = this.state.version;
    const appended = await this.options.store.append(
      this.state.stream,
      events.map(({ event }) => event),
      { expectedVersion: base },
    );
    if (E.isLeft(appended) || appended.right.appended !== events.length) {
      // Another host wrote first, or an id was already in the log: catch up; each is sent alone.
      await this.catchUp();
      return answers;
    }
    for (const [offset, { index, event }] of events.entries()) {
      const version = base + offset + 1;
      const applied = this.afterAppend(() =>
        this.apply({ ...event, stream: this.state.stream, version, prevHash: '', hash: '' }),
      );
      answers[index] = E.isLeft(applied) ? applied : E.right({ version, appended: true });
    }
    await this.snapshots.maybeSave(this.state);
    return answers;
  }

  refresh(): Promise<E.Either<LaunchError, number>> {
    return this.serialize(() => this.catchUp());
  }

  eventsSince(version: number): readonly EventEnvelope[] | null {
    if (version === this.state.version) return [];
    return version > this.state.version ? null : this.recent.since(version);
  }

  absorb(events: readonly EventEnvelope[]): Promise<E.Either<LaunchError, number>> {
    return this.serialize(async () => {
      const fresh = events.filter((envelope) => envelope.version > this.state.version);
      const follows = fresh.every((envelope, index) => envelope.version === this.state.version + 1 + index);
      if (!follows) return this.catchUp();
      for (const envelope of fresh) {
        const applied = this.apply(envelope);
        if (E.isLeft(applied)) return applied;
      }
      return E.right(fresh.length);
    });
  }

  saveSnapshot(): Promise<void> {
    return this.serialize(() => this.snapshots.save(this.state));
  }

  async tick(now?: Date): Promise<E.Either<LaunchError, number>> {
    // A given `now` becomes the record time: one far ahead would stamp every later event there.
    const ahead = now ? clockAhead(now.toISOString(), this.now(), this.options.maxClockSkewMs) : null;
    if (ahead) return E.left(ahead);
    return this.appendDue(now ?? this.now());
  }

  private async appendDue(now: Date): Promise<E.Either<LaunchError, number>> {
    let appended = 0;
    for (const due of dueEvents(this.state.plan, this.state.snapshot().context, now)) {
      // The scheduler is part of the runtime: its `now` is the record time, not a reported one.
      const sent = await this.serialize(() =>
        this.sendNow(due.event, { actor: SCHEDULER, eventId: `${this.state.stream}:${due.id}` }, now),
      );
      // Refused once caught up: another host appended it (or what it ended) first.
      if (E.isLeft(sent) && sent.left._tag === 'NotAcceptedInState') continue;
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
      return this.appendAndApply([
        {
          eventId: randomUUID(),
          type: PLAN_REVISED,
          data,
          at: this.now().toISOString(),
          actor: this.options.actor,
          planHash: plan.hash,
        },
      ]);
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
    const written: NewEvent = {
      eventId: options.eventId ?? randomUUID(),
      type: event.type,
      data,
      at: recordedAt.toISOString(),
      actor,
      planHash: this.state.plan.hash,
    };
    const writes = approvalWrites(
      this.state.plan,
      this.state.snapshot().context,
      this.owners,
      actor,
      event,
      written,
    );
    return E.isLeft(writes) ? writes : this.appendAndApply(writes.right);
  }

  /**
   * Checks the events against the current state, appends them at once, applies them; catches up
   * and retries on conflict. Each is checked in the state before the batch: the second event of
   * a batch (an approval's go) is one the first (the approval) cannot make or unmake.
   */
  private async appendAndApply(newEvents: readonly NewEvent[]): Promise<E.Either<LaunchError, Sent>> {
    let events = newEvents;
    // `send` takes no expected version: a lost race is this launch's own to retry, never the
    // caller's (issue 23: 72 of 165 posts answered 409). Past its budget it is an outage (503).
    const retries = this.options.maxConflictRetries ?? Number.POSITIVE_INFINITY;
    const deadline = Date.now() + (this.options.conflictBudgetMs ?? 10_000);
    for (let attempt = 0; ; attempt += 1) {
      events = events.map((one) => notBefore(this.state.lastAt, one));
      const refusal = firstRefusal(events, (event) => this.explain(event));
      if (refusal !== null) {
        // This host may be behind the log: another host's events can make it acceptable.
        const caught = attempt === 0 ? await this.catchUp() : E.right(0);
        if (E.isLeft(caught)) return caught;
        if (caught.right > 0) continue;
        return E.left({
          _tag: 'NotAcceptedInState',
          state: launchPosition(this.state.snapshot().value),
          explanation: refusal,
        });
      }
      const appended = await this.options.store.append(this.state.stream, events, {
        expectedVersion: this.state.version,
      });
      if (E.isRight(appended)) {
        if (appended.right.appended === 0) {
          const caught = await this.catchUp();
          return E.isLeft(caught) ? caught : E.right({ version: appended.right.version, appended: false });
        }
        const first = appended.right.version - events.length + 1;
        for (const [index, event] of events.entries()) {
          const applied = this.afterAppend(() =>
            this.apply({
              ...event,
              stream: this.state.stream,
              version: first + index,
              prevHash: '',
              hash: '',
            }),
          );
          if (E.isLeft(applied)) return applied;
        }
        // Written is written: a snapshot that fails is reported to the host and tried again later.
        await this.snapshots.maybeSave(this.state);
        return E.right({ version: appended.right.version, appended: true });
      }
      const error = appended.left;
      if (!isVersionConflict(error)) return E.left(invalidStream(this.state.stream, error));
      if (attempt >= retries || Date.now() > deadline)
        throw contended(this.state.stream, attempt + 1, error.actual);
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

  private apply(envelope: EventEnvelope): E.Either<LaunchError, void> {
    const before = this.hasChangeListeners() ? this.checklist() : null;
    const planBefore = this.state.plan.hash;
    const applied = this.state.apply(envelope);
    if (E.isLeft(applied)) return applied;
    const planChanged = this.state.plan.hash !== planBefore;
    if (planChanged) this.owners = ownersByItem(this.state.plan, this.state.snapshot().context);
    this.recent.push(envelope);
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
