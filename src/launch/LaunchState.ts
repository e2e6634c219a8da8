/**
 * The private state of a launch, live or replayed: the plan it runs (and its source), the
 * compiled chart, the fold of its events, where it stands in the log, and the ids of its latest
 * events (to answer retries). Events are applied in place, one by one (`apply`): replay applies a
 * million of these. Nothing outside `src/launch/` holds one: the live `Launch` wraps it, and
 * `replayLaunch` hands out its `view()`, plain frozen data.
 */
import * as E from 'fp-ts/lib/Either.js';
import { deriveChecklist, doneById, type Checklist } from '../checklist/derive.ts';
import { renderChecklistMarkdown, type MarkdownRender } from '../checklist/markdown.ts';
import { compiledPlan, type CompiledLaunch } from '../compile/compiled.ts';
import { explainRejection, formatExplanation, type Explanation } from '../compile/explain.ts';
import type { PersistedLaunch } from '../compile/snapshot.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';
import type { Plan } from '../plan/model.ts';
import type { ReplayError } from './errors.ts';
import { createFold, machineEventOf, type Fold } from './fold.ts';
import {
  formatPlanRecordError,
  PLAN_REVISED,
  readPlanRecord,
  sourceBytes,
  type PlanRecord,
  type PlanSource,
} from './planRecord.ts';
import { RecentIds } from './RecentIds.ts';
import { migrateSnapshot } from './revise.ts';
import { frozen, type LaunchView, type RefusedEvent } from './view.ts';

export class LaunchState {
  plan: Plan;
  source: PlanSource | null;
  /** Version of the event that recorded the current plan (1, or the last `plan.revised`). */
  planVersion: number;
  compiled: CompiledLaunch;
  private fold: Fold;
  version: number;
  /** `at` of the last applied event. */
  lastAt: string | null;
  readonly recentIds = new RecentIds();
  /** Why the stream's stored snapshot was not used (damaged, or not of this log), if it was not. */
  ignoredSnapshot?: string;
  /**
   * Logged events the chart refused, which changed nothing: a log written by launchplan's
   * runtime holds none (it appends nothing its chart refuses), so each is a determinism
   * violation (a log written or edited by something else, or a changed machine).
   */
  readonly refused: RefusedEvent[] = [];

  /** A launch at `version`: from `launch.created` (version 1), or restored from a snapshot. */
  constructor(
    readonly stream: string,
    record: PlanRecord,
    at: { planVersion: number; version: number; lastAt: string | null; persisted?: PersistedLaunch },
  ) {
    this.plan = record.plan;
    this.source = record.source;
    this.planVersion = at.planVersion;
    this.compiled = compiledPlan(record.plan);
    const { machine, layout, initial, fastPath } = this.compiled;
    this.fold = createFold(machine, layout, at.persisted ?? initial, fastPath);
    this.version = at.version;
    this.lastAt = at.lastAt;
  }

  /** A copy to decide on ahead of the log (a batch of sends, each after the ones before it). */
  fork(): LaunchState {
    return new LaunchState(
      this.stream,
      { plan: this.plan, source: this.source },
      {
        planVersion: this.planVersion,
        version: this.version,
        lastAt: this.lastAt,
        persisted: this.snapshot(),
      },
    );
  }

  /** The persisted machine snapshot now. */
  snapshot(): PersistedLaunch {
    return this.fold.snapshot();
  }

  /** How many events went through an XState actor rather than the fold's fast path (benchmarks). */
  get slowEvents(): number {
    return this.fold.slowEvents;
  }

  /** The checklist now: what is done, by whom and when, what blocks the launch. */
  checklist(): Checklist {
    return deriveChecklist(this.plan, this.compiled.layout, this.fold.snapshot(), {
      stream: this.stream,
      version: this.version,
    });
  }

  /** The plan's Markdown with its boxes set from the launch; null for a plan not read from Markdown. */
  markdown(): MarkdownRender | null {
    const bytes = this.source?.format === 'markdown' ? sourceBytes(this.source) : null;
    return bytes ? renderChecklistMarkdown(bytes, this.plan, doneById(this.checklist())) : null;
  }

  /** Whether the current state accepts an event, and if not, who refuses it. */
  explain(event: unknown): Explanation {
    const { value, context } = this.fold.snapshot();
    const snapshot = this.compiled.machine.resolveState({ value, context });
    return explainRejection(this.compiled.layout, snapshot, event);
  }

  /** The launch as plain, frozen data at this version. */
  view(): LaunchView {
    const { stream, plan, source, version, planVersion, lastAt, ignoredSnapshot } = this;
    const { layout } = this.compiled;
    const snapshot = this.fold.snapshot();
    const refused = [...this.refused];
    const position = { stream, version };
    return frozen({
      stream,
      plan,
      source,
      version,
      planVersion,
      lastAt,
      snapshot,
      refused,
      ...(ignoredSnapshot === undefined ? {} : { ignoredSnapshot }),
      checklist: () => deriveChecklist(plan, layout, snapshot, position),
      markdown: () => {
        const bytes = source?.format === 'markdown' ? sourceBytes(source) : null;
        return bytes
          ? renderChecklistMarkdown(bytes, plan, doneById(deriveChecklist(plan, layout, snapshot, position)))
          : null;
      },
      apply: (envelope) => {
        const next = new LaunchState(
          stream,
          { plan, source },
          { planVersion, version, lastAt, persisted: snapshot },
        );
        next.refused.push(...refused);
        if (ignoredSnapshot !== undefined) next.ignoredSnapshot = ignoredSnapshot;
        const applied = next.apply(envelope);
        return E.isRight(applied) ? E.right(next.view()) : applied;
      },
    });
  }

  /** Applies one logged event (plan revisions included), in place. */
  apply(envelope: EventEnvelope): E.Either<ReplayError, void> {
    if (envelope.type === PLAN_REVISED) return this.revise(envelope);
    if (envelope.planHash !== this.plan.hash) {
      return E.left({
        _tag: 'PlanMismatch',
        logPlanHash: envelope.planHash,
        planHash: this.plan.hash,
        message: `version ${envelope.version} was written under plan ${envelope.planHash.slice(0, 12)}, the launch runs plan ${this.plan.hash.slice(0, 12)}`,
      });
    }
    const event = machineEventOf(envelope);
    if (!this.fold.apply(event))
      this.refused.push({ version: envelope.version, type: envelope.type, reason: this.whyRefused(event) });
    this.advance(envelope);
    return E.right(undefined);
  }

  /** Why the chart refuses an event in the current state (which the refusal left as it was). */
  private whyRefused(event: LaunchEvent): string {
    return formatExplanation(this.explain(event));
  }

  /** Notes that the launch has seen `envelope`, the last event recorded under its plan. */
  advance(envelope: EventEnvelope): void {
    this.recentIds.remember(envelope.eventId, envelope.version);
    this.version = envelope.version;
    this.lastAt = envelope.at;
  }

  private revise(envelope: EventEnvelope): E.Either<ReplayError, void> {
    const record = readPlanRecord(envelope.data);
    if (E.isLeft(record))
      return E.left({
        _tag: 'NotALaunchLog',
        stream: this.stream,
        message: `version ${envelope.version} (plan.revised) does not hold a valid plan: ${formatPlanRecordError(record.left)}`,
      });
    const compiled = compiledPlan(record.right.plan);
    const migrated = migrateSnapshot(this.fold.snapshot(), record.right.plan, compiled);
    if (E.isLeft(migrated)) {
      return E.left({
        _tag: 'PlanMismatch',
        logPlanHash: this.plan.hash,
        planHash: record.right.plan.hash,
        message: `version ${envelope.version} moves to a plan without the active state(s) ${migrated.left.statesMissing.join(', ')}`,
      });
    }
    this.plan = record.right.plan;
    this.source = record.right.source;
    this.planVersion = envelope.version;
    this.compiled = compiled;
    this.fold = createFold(compiled.machine, compiled.layout, migrated.right, compiled.fastPath);
    // The revision is a machine event too: it records itself in the context (not the plan it carries).
    const event = machineEventOf(envelope);
    if (event.type === PLAN_REVISED) {
      const { fromHash, toHash, reason, at, by } = event;
      this.fold.apply({
        type: PLAN_REVISED,
        fromHash,
        toHash,
        ...(reason !== undefined ? { reason } : {}),
        at,
        by,
      });
    }
    this.advance(envelope);
    return E.right(undefined);
  }
}
