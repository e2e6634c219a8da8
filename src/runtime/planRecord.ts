/**
 * The plan inside the log. The first event of a launch stream, `launch.created`, records the
 * whole plan and its source bytes, so a host holding only the log can replay it and render the
 * Markdown checklist; `plan.revised` records the edited plan the same way.
 */
import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { toPathErrors } from '../codecErrors.ts';
import { Plan } from '../plan/model.ts';

export const LAUNCH_CREATED = 'launch.created';
export const PLAN_REVISED = 'plan.revised';

/** The plan file's bytes, base64, so the Markdown checklist can be written from the log alone. */
export const PlanSource = t.type({ format: t.keyof({ markdown: null, json: null, yaml: null }), base64: t.string });
export type PlanSource = t.TypeOf<typeof PlanSource>;

export const PlanRecord = t.type({ plan: Plan, source: t.union([PlanSource, t.null]) });
export type PlanRecord = t.TypeOf<typeof PlanRecord>;

/** Data of a `launch.created` event. */
export function planRecord(plan: Plan, source: PlanSource | null): PlanRecord {
  return { plan, source };
}

/** Reads the plan recorded by a `launch.created` or `plan.revised` event. */
export function readPlanRecord(data: unknown): E.Either<string, PlanRecord> {
  const decoded = PlanRecord.decode(data);
  if (E.isRight(decoded)) return decoded;
  return E.left(toPathErrors(decoded.left).slice(0, 3).map((error) => `${error.path}: ${error.message}`).join('; '));
}

export function sourceBytes(source: PlanSource | null): Buffer | null {
  return source ? Buffer.from(source.base64, 'base64') : null;
}
