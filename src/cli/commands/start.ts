/** `launchplan start <plan>`: creates a launch of the plan in a log and starts it. */
import type { Actor } from '../../events/envelope.ts';
import { launchStarted } from '../../events/factories.ts';
import { ISO_TIME_HINT, parseIsoTime } from '../../events/isoTime.ts';
import { createLaunch, formatLaunchError } from '../../launch/index.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption, LogOptions } from '../logOptions.ts';
import { actorOf, openStore, orExit, snapshotKey } from '../openStore.ts';
import { loadUsablePlan, type PlanLimitOptions } from '../planErrors.ts';

/** Whoever runs `start` launches: the `launcher` role, unless `--role` names the roles. */
function launcherOf(options: LogOptions): Actor {
  const actor = actorOf(options);
  return options.role === undefined ? { ...actor, roles: ['launcher'] } : actor;
}

export async function run(
  io: CliIo,
  options: LogOptions & JsonOption & { goLive?: string } & PlanLimitOptions,
  path: string,
): Promise<void> {
  const goLive = options.goLive === undefined ? undefined : parseIsoTime(options.goLive);
  if (goLive === null) throw new CliExit(2, `--go-live ${options.goLive}: give ${ISO_TIME_HINT}`);
  const loaded = await loadUsablePlan(path, options);
  const { plan } = loaded;
  const { store, impliedStream } = await openStore(options);
  try {
    const stream = options.stream ?? impliedStream ?? plan.id;
    const launch = orExit(
      await createLaunch({
        store,
        stream,
        plan: loaded,
        actor: launcherOf(options),
        snapshotKey: snapshotKey(),
      }),
      formatLaunchError,
    );
    orExit(
      await launch.send(launchStarted(goLive ? { goLiveAt: goLive.toISOString() } : {})),
      formatLaunchError,
    );
    const { state, progress } = launch.checklist();
    if (options.json)
      printJson(io, {
        stream,
        plan: plan.id,
        planHash: plan.hash,
        title: plan.title,
        version: launch.version,
        state,
        progress,
      });
    else
      io.out(
        `started ${stream}: ${plan.title} (plan ${plan.hash.slice(0, 12)}), ${progress.done}/${progress.total} items done, log at version ${launch.version}`,
      );
  } finally {
    await store.close();
  }
}
