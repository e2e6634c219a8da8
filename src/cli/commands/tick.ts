/** `launchplan tick`: appends `deadline.reached` for every plan window that has passed with its step not done. */
import { formatLaunchError, openLaunch } from '../../runtime/index.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption, LogOptions } from '../logOptions.ts';
import { orExit, withStream } from '../openStore.ts';

export async function run(io: CliIo, options: LogOptions & JsonOption & { now?: string }): Promise<void> {
  const now = options.now ? new Date(options.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new CliExit(2, `--now ${options.now}: not an ISO 8601 time`);
  await withStream(options, async (store, stream) => {
    const launch = orExit(await openLaunch({ store, stream, actor: { id: 'launchplan-scheduler', roles: ['scheduler'] } }), formatLaunchError);
    const appended = orExit(await launch.tick(now), formatLaunchError);
    if (options.json) printJson(io, { stream, now: now.toISOString(), appended, version: launch.version });
    else io.out(`${stream}: ${appended} deadline(s) reached`);
  });
}
