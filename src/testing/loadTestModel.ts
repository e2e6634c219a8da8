/** Loading a plan file straight into its test model, for test files (a plan that cannot be read throws). */
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { formatLoadError, loadPlanFile } from '../plan/load.ts';
import { createLaunchTestModel, type LaunchTestModel } from './testModel.ts';

/**
 * Reads a plan (Markdown, JSON or YAML) and creates its test model; throws with the reader's
 * message when the plan cannot be read, which fails the test file that asked for it.
 *
 * @example
 * const model = await loadLaunchTestModel(new URL('../plans/go-live.md', import.meta.url));
 */
export async function loadLaunchTestModel(plan: string | URL): Promise<LaunchTestModel> {
  const path = plan instanceof URL ? fileURLToPath(plan) : plan;
  const loaded = await loadPlanFile(path);
  if (E.isLeft(loaded)) throw new Error(`launchplan/testing: ${formatLoadError(loaded.left)}`);
  return createLaunchTestModel(loaded.right.plan);
}
