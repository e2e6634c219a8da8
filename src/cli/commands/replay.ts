/**
 * `launchplan replay`: rebuilds a launch from its log, from scratch, as another host would;
 * `--check-plan <edited>` says whether an edited plan accepts the log before `plan.revised`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { formatLoadError } from '../../plan/load.ts';
import { loadPlan, type PlanLimitOptions } from '../planErrors.ts';
import { checkRevision, type RevisionCheck } from '../../launch/revise.ts';
import { compiledPlan } from '../../compile/compiled.ts';
import { formatLaunchError, replayLaunch } from '../../launch/index.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption, LogOptions } from '../logOptions.ts';
import { orExit, tornTailNote, withStream } from '../openStore.ts';

function printCheck(io: CliIo, path: string, stream: string, version: number, check: RevisionCheck): void {
  io.out(
    `${path}: ${check.compatible ? 'compatible' : 'NOT compatible'} with ${stream} at version ${version}`,
  );
  io.out(`  items carried over: ${check.itemsCarried}`);
  if (check.itemsAdded.length)
    io.out(`  items added (${check.itemsAdded.length}): ${check.itemsAdded.join(', ')}`);
  if (check.itemsDropped.length)
    io.out(
      `  items dropped, their history is lost (${check.itemsDropped.length}): ${check.itemsDropped.join(', ')}`,
    );
  if (check.statesMissing.length) io.out(`  states that no longer exist: ${check.statesMissing.join(', ')}`);
}

export async function run(
  io: CliIo,
  options: LogOptions & JsonOption & PlanLimitOptions & { checkPlan?: string },
): Promise<void> {
  await withStream(options, async (store, stream) => {
    const started = performance.now();
    const state = orExit(await replayLaunch(store, stream, { useSnapshot: false }), formatLaunchError);
    const ms = Math.round(performance.now() - started);
    const { state: where, progress } = state.checklist();
    const replayed = {
      stream,
      version: state.version,
      ms,
      planHash: state.plan.hash,
      state: where,
      progress,
      refused: state.refused,
      tornTail: store.tornTail?.(stream) ?? null,
    };
    const torn = tornTailNote(store, stream, 'the next append removes it');
    if (torn) io.err(torn);
    if (!options.checkPlan) {
      if (options.json) printJson(io, replayed);
      else {
        io.out(
          `${stream}: replayed ${state.version} events in ${ms} ms · plan ${state.plan.hash.slice(0, 12)} · ${where} · ${progress.done}/${progress.total} items done`,
        );
        for (const event of state.refused)
          io.out(`  refused at version ${event.version}: ${event.type}: ${event.reason}`);
      }
      if (state.refused.length > 0)
        throw new CliExit(
          1,
          `${stream}: ${state.refused.length} event(s) of the log were refused by the statechart: the log was not written by this launch's runtime, or the machine changed`,
        );
      return;
    }
    const edited = await loadPlan(options.checkPlan, options);
    if (E.isLeft(edited)) throw new CliExit(2, formatLoadError(edited.left));
    const samePlan = edited.right.plan.hash === state.plan.hash;
    const check = samePlan ? null : checkRevision(state.snapshot, compiledPlan(edited.right.plan).config);
    if (options.json)
      printJson(io, {
        ...replayed,
        checkPlan: {
          path: options.checkPlan,
          planHash: edited.right.plan.hash,
          samePlan,
          compatible: check?.compatible ?? true,
          ...check,
        },
      });
    else if (samePlan)
      io.out(
        `${options.checkPlan}: the same plan the log runs (${state.plan.hash.slice(0, 12)}): compatible`,
      );
    else if (check) printCheck(io, options.checkPlan, stream, state.version, check);
    if (check && !check.compatible) throw new CliExit(1, '');
  });
}
