/**
 * `launchplan replay`: rebuilds a launch from its log, from scratch, as another host would;
 * `--check-plan <edited>` says whether an edited plan accepts the log before `plan.revised`.
 * `launchplan revise <edited>` then moves the launch to it; `launchplan tick` appends the
 * deadlines that have passed.
 */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { deriveChecklist } from '../../checklist/derive.ts';
import { formatLoadError, loadPlanFile } from '../../plan/load.ts';
import { checkRevision } from '../../replay/revise.ts';
import { compiledPlan, formatLaunchError, openLaunch, replayLaunch } from '../../runtime/index.ts';
import { CliExit, type CliIo } from '../io.ts';
import { actorOf, openStore, orExit, resolveStream, withLogOptions, type LogOptions } from '../launchOptions.ts';

async function loadEdited(path: string) {
  const loaded = await loadPlanFile(path);
  if (E.isLeft(loaded)) throw new CliExit(2, formatLoadError(loaded.left));
  return loaded.right;
}

export function registerReplay(program: Command, io: CliIo): void {
  withLogOptions(program.command('replay').description('rebuild a launch from its log from scratch (verifying the chain); --check-plan tests an edited plan against it'))
    .option('--check-plan <plan>', 'report whether an edited plan accepts this log')
    .action(async (options: LogOptions & { checkPlan?: string }) => {
      const { store, impliedStream } = await openStore(options);
      try {
        const stream = await resolveStream(store, options, impliedStream);
        const started = performance.now();
        const state = orExit(await replayLaunch(store, stream, { useSnapshot: false }), formatLaunchError);
        const ms = performance.now() - started;
        const checklist = deriveChecklist(state.plan, state.config, state.fold.snapshot(), { stream, version: state.version });
        if (!options.checkPlan) {
          io.out(`${stream}: replayed ${state.version} events in ${ms.toFixed(0)} ms · plan ${state.plan.hash.slice(0, 12)} · ${checklist.state} · ${checklist.progress.done}/${checklist.progress.total} items done`);
          return;
        }
        const edited = await loadEdited(options.checkPlan);
        if (edited.plan.hash === state.plan.hash) {
          io.out(`${options.checkPlan}: the same plan the log runs (${state.plan.hash.slice(0, 12)}): compatible`);
          return;
        }
        const check = checkRevision(state.fold.snapshot(), compiledPlan(edited.plan).config);
        io.out(`${options.checkPlan}: ${check.compatible ? 'compatible' : 'NOT compatible'} with ${stream} at version ${state.version}`);
        io.out(`  items carried over: ${check.itemsCarried}`);
        if (check.itemsAdded.length) io.out(`  items added (${check.itemsAdded.length}): ${check.itemsAdded.join(', ')}`);
        if (check.itemsDropped.length) io.out(`  items dropped, their history is lost (${check.itemsDropped.length}): ${check.itemsDropped.join(', ')}`);
        if (check.statesMissing.length) io.out(`  states that no longer exist: ${check.statesMissing.join(', ')}`);
        if (!check.compatible) throw new CliExit(1, '');
      } finally {
        await store.close();
      }
    });

  withLogOptions(program.command('revise').description('move a running launch to an edited plan (plan.revised), carrying item statuses by id').argument('<plan>', 'the edited plan'), { actor: true })
    .option('--reason <text>', 'why the plan changed')
    .action(async (path: string, options: LogOptions & { reason?: string }) => {
      const edited = await loadEdited(path);
      const { store, impliedStream } = await openStore(options);
      try {
        const stream = await resolveStream(store, options, impliedStream);
        const launch = orExit(await openLaunch({ store, stream, actor: actorOf(options) }), formatLaunchError);
        const sent = orExit(await launch.revise(edited.plan, { format: edited.format, base64: edited.source.toString('base64') }, options.reason), formatLaunchError);
        io.out(`${stream} now runs plan ${edited.plan.hash.slice(0, 12)} (version ${sent.version})`);
      } finally {
        await store.close();
      }
    });

  withLogOptions(program.command('tick').description('append deadline.reached for every plan window that has passed with its step not done'))
    .option('--now <time>', 'the time to check against (default: now)')
    .action(async (options: LogOptions & { now?: string }) => {
      const { store, impliedStream } = await openStore(options);
      try {
        const stream = await resolveStream(store, options, impliedStream);
        const launch = orExit(await openLaunch({ store, stream, actor: { id: 'launchplan-scheduler', roles: ['scheduler'] } }), formatLaunchError);
        const now = options.now ? new Date(options.now) : new Date();
        if (Number.isNaN(now.getTime())) throw new CliExit(2, `--now ${options.now}: not an ISO 8601 time`);
        const appended = orExit(await launch.tick(now), formatLaunchError);
        io.out(`${stream}: ${appended} deadline(s) reached`);
      } finally {
        await store.close();
      }
    });
}
