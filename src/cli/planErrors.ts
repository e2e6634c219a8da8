/**
 * Loading the plan a command is given, within the reader's limits (a worker with a time budget
 * and a heap cap; flags raise them), and why a plan cannot be launched, compiled or tested.
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  createBoundedReader,
  DEFAULT_READER_LIMITS,
  MIN_READER_HEAP_MB,
  type ReaderLimits,
} from '../plan/bounded/readerPool.ts';
import { formatLoadError, loadPlanFile, type LoadError, type LoadedPlan } from '../plan/load.ts';
import type { Plan } from '../plan/model.ts';
import { CliExit } from './io.ts';

export interface PlanLimitOptions {
  maxPlanBytes?: string;
  planTimeout?: string;
  planMemory?: string;
}

function positive(flag: string, value: string | undefined, least = 1): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0)
    throw new CliExit(2, `${flag} ${value}: expected a positive whole number`);
  if (number < least) throw new CliExit(2, `${flag} ${value}: expected at least ${least}`);
  return number;
}

/** The plan reader's limits from `--max-plan-bytes`, `--plan-timeout` and `--plan-memory` (exit 2 when one is not a valid number). */
export function readerLimitsOf(options: PlanLimitOptions): ReaderLimits {
  return {
    maxBytes: positive('--max-plan-bytes', options.maxPlanBytes) ?? DEFAULT_READER_LIMITS.maxBytes,
    timeoutMs: positive('--plan-timeout', options.planTimeout) ?? DEFAULT_READER_LIMITS.timeoutMs,
    maxHeapMb:
      positive('--plan-memory', options.planMemory, MIN_READER_HEAP_MB) ?? DEFAULT_READER_LIMITS.maxHeapMb,
  };
}

/** Loads a plan file within the limits the options give; the reading worker is stopped after. */
export async function loadPlan(
  path: string,
  options: PlanLimitOptions = {},
): Promise<E.Either<LoadError, LoadedPlan>> {
  const reader = createBoundedReader(readerLimitsOf(options));
  try {
    return await loadPlanFile(path, { reader });
  } finally {
    await reader.close();
  }
}

/**
 * The reader's errors (no phase, step or item found …), one `file:line: message` per line, or
 * `undefined` when the plan is usable. A JSON or YAML plan written by hand has no reader
 * diagnostics: an empty one gets the same message.
 */
export function planErrors(path: string, plan: Plan): string | undefined {
  const errors = plan.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (errors.length > 0)
    return errors.map((diagnostic) => `${path}:${diagnostic.line}: ${diagnostic.message}`).join('\n');
  return plan.phases.length === 0
    ? `${path}: no phase, step or checklist item was found in this plan`
    : undefined;
}

/** Loads a plan file, ending the command (exit 2) when it cannot be read and (exit 1) when it is not usable. */
export async function loadUsablePlan(path: string, options: PlanLimitOptions = {}): Promise<LoadedPlan> {
  const loaded = await loadPlan(path, options);
  if (E.isLeft(loaded)) throw new CliExit(2, formatLoadError(loaded.left));
  const errors = planErrors(path, loaded.right.plan);
  if (errors) throw new CliExit(1, errors);
  return loaded.right;
}
