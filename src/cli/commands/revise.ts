/** `launchplan revise <edited>`: moves a running launch to an edited plan (`plan.revised`). */
import { formatLaunchError, openLaunch } from '../../launch/index.ts';
import { printJson, type CliIo } from '../io.ts';
import type { JsonOption, LogOptions } from '../logOptions.ts';
import { actorOf, orExit, snapshotKey, withStream } from '../openStore.ts';
import { loadUsablePlan, type PlanLimitOptions } from '../planErrors.ts';

export async function run(
  io: CliIo,
  options: LogOptions & JsonOption & { reason?: string } & PlanLimitOptions,
  path: string,
): Promise<void> {
  const edited = await loadUsablePlan(path, options);
  await withStream(options, async (store, stream) => {
    const launch = orExit(
      await openLaunch({ store, stream, actor: actorOf(options), snapshotKey: snapshotKey() }),
      formatLaunchError,
    );
    const sent = orExit(await launch.revise(edited, options.reason), formatLaunchError);
    if (options.json) printJson(io, { stream, planHash: edited.plan.hash, version: sent.version });
    else io.out(`${stream} now runs plan ${edited.plan.hash.slice(0, 12)} (version ${sent.version})`);
  });
}
