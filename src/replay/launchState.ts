/**
 * A launch rebuilt from its log: the plan it runs (and its source), the compiled chart, the fold
 * of its events, where it stands in the log, and the ids of its latest events (to answer
 * retries). Events are applied in place, one by one (`applyEnvelope`); the checklist and the
 * Markdown plan with its boxes set are read from it in one call.
 */
import * as E from 'fp-ts/lib/Either.js';
import { deriveChecklist, doneById, type Checklist } from '../checklist/derive.ts';
import { renderChecklistMarkdown, type MarkdownRender } from '../checklist/markdown.ts';
import { compiledPlan, type CompiledLaunch } from '../compile/compiled.ts';
import { explainRejection, formatExplanation } from '../compile/explain.ts';
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
import { migrateSnapshot } from './revise.ts';
import type { PersistedLaunch } from './fold.ts';

/**
 * How many recent event ids a launch remembers. A retry of an older event still writes nothing
 * (the store knows every id), but it is checked against the current state first.
 */
export const RECENT_IDS = 10_000;

/**
 * The last ids seen and their versions. A ring of ids decides which to forget: evicting with
 * `map.keys().next()` instead is quadratic, as a Map's iterator walks past its deleted slots.
 */
export class RecentIds {
  readonly versions = new Map<string, number>();
  private readonly ring: string[] = [];
  private next = 0;

  remember(eventId: string, version: number): void {
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.versions.delete(evicted);
    this.ring[this.next] = eventId;
    this.next = (this.next + 1) % RECENT_IDS;
    this.versions.set(eventId, version);
  }
}

export class LaunchState {
  plan: Plan;
  source: PlanSource | null;
  /** Version of the event that recorded the current plan (1, or the last `plan.revised`). */
  planVersion: number;
  compiled: CompiledLaunch;
  fold: Fold;
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
  readonly refused: { version: number; type: string; reason: string }[] = [];

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
    this.fold = createFold(this.compiled.machine, this.compiled.layout, at.persisted);
    this.version = at.version;
    this.lastAt = at.lastAt;
  }

  /** The persisted machine snapshot now. */
  snapshot(): PersistedLaunch {
    return this.fold.snapshot();
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

  /** Applies one logged event (plan revisions included), in place: replay applies a million of these. */
  apply(envelope: EventEnvelope): E.Either<ReplayError, LaunchState> {
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
    return E.right(this);
  }

  /** Why the chart refuses an event in the current state (which the refusal left as it was). */
  private whyRefused(event: LaunchEvent): string {
    const persisted = this.fold.snapshot();
    const snapshot = this.compiled.machine.resolveState({
      value: persisted.value as never,
      context: persisted.context,
    });
    return formatExplanation(explainRejection(this.compiled.layout, snapshot, event));
  }

  /** Notes that the launch has seen `envelope`, the last event recorded under its plan. */
  advance(envelope: EventEnvelope): void {
    this.recentIds.remember(envelope.eventId, envelope.version);
    this.version = envelope.version;
    this.lastAt = envelope.at;
  }

  private revise(envelope: EventEnvelope): E.Either<ReplayError, LaunchState> {
    const record = readPlanRecord(envelope.data);
    if (E.isLeft(record))
      return E.left({
        _tag: 'NotALaunchLog',
        stream: this.stream,
        message: `version ${envelope.version} (plan.revised) does not hold a valid plan: ${formatPlanRecordError(record.left)}`,
      });
    const compiled = compiledPlan(record.right.plan);
    const migrated = migrateSnapshot(
      this.fold.snapshot(),
      record.right.plan,
      compiled.config,
      compiled.machine,
    );
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
    this.fold = createFold(compiled.machine, compiled.layout, migrated.right);
    // The revision is a machine event too: it records itself in the context.
    const { fromHash, toHash, reason } = envelope.data as {
      fromHash: string;
      toHash: string;
      reason?: string;
    };
    this.fold.apply({
      type: PLAN_REVISED,
      fromHash,
      toHash,
      ...(reason !== undefined ? { reason } : {}),
      at: envelope.at,
      by: envelope.actor.id,
    });
    this.advance(envelope);
    return E.right(this);
  }
}
