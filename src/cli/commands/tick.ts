/** `launchplan tick`: appends `deadline.reached` for every plan window that has passed with its step not done. */
import { ISO_TIME_HINT, parseIsoTime } from '../../events/isoTime.ts';
import { formatLaunchError, openLaunch, SCHEDULER } from '../../launch/index.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption, LogOptions } from '../logOptions.ts';
import { orExit, snapshotKey, withStream } from '../openStore.ts';

export async function run(io: CliIo, options: LogOptions & JsonOption & { now?: string }): Promise<void> {
  const now = options.now === undefined ? new Date() : parseIsoTime(options.now);
  if (now === null) throw new CliExit(2, `--now ${options.now}: give ${ISO_TIME_HINT}`);
  await withStream(options, async (store, stream) => {
    const launch = orExit(
      await openLaunch({ store, stream, actor: SCHEDULER, snapshotKey: snapshotKey() }),
      formatLaunchError,
    );
    const appended = orExit(await launch.tick(now), formatLaunchError);
    if (options.json) printJson(io, { stream, now: now.toISOString(), appended, version: launch.version });
    else io.out(`${stream}: ${appended} deadline(s) reached`);
  });
}
