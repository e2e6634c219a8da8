/**
 * The plan inside the log. The first event of a launch stream, `launch.created`, records the
 * whole plan and its source bytes, so a host holding only the log can replay it and render the
 * Markdown checklist; `plan.revised` records the edited plan the same way.
 */
import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { formatPathErrors, toPathErrors, type PathError } from '../codecErrors.ts';
import { Plan } from '../plan/model.ts';
import type { PlanInput } from './launchApi.ts';

export const LAUNCH_CREATED = 'launch.created';
export const PLAN_REVISED = 'plan.revised';

/** The plan file's bytes, base64, so the Markdown checklist can be written from the log alone. */
export const PlanSource = t.type({
  format: t.keyof({ markdown: null, json: null, yaml: null }),
  base64: t.string,
});
export type PlanSource = t.TypeOf<typeof PlanSource>;

export const PlanRecord = t.type({ plan: Plan, source: t.union([PlanSource, t.null]) });
export type PlanRecord = t.TypeOf<typeof PlanRecord>;

/** Data of a `launch.created` event. */
export function planRecord(plan: Plan, source: PlanSource | null): PlanRecord {
  return { plan, source };
}

/** Why an event's data is not a plan record: the fields that do not decode. */
export interface InvalidPlanRecord {
  _tag: 'InvalidPlanRecord';
  errors: PathError[];
}

/** The first few field errors of a plan record, on one line. */
export const formatPlanRecordError = (error: InvalidPlanRecord): string =>
  formatPathErrors(error.errors.slice(0, 3), '; ');

/** Reads the plan recorded by a `launch.created` or `plan.revised` event. */
export function readPlanRecord(data: unknown): E.Either<InvalidPlanRecord, PlanRecord> {
  const decoded = PlanRecord.decode(data);
  return E.isRight(decoded)
    ? decoded
    : E.left({ _tag: 'InvalidPlanRecord', errors: toPathErrors(decoded.left) });
}

export function sourceBytes(source: PlanSource | null): Buffer | null {
  return source ? Buffer.from(source.base64, 'base64') : null;
}

/** The plan and the source bytes to record of a plan input. */
export function planAndSource(input: PlanInput): PlanRecord {
  return 'format' in input && 'source' in input
    ? { plan: input.plan, source: { format: input.format, base64: input.source.toString('base64') } }
    : { plan: input, source: null };
}
