/**
 * `launchplan tick`: the plan windows that have passed with their step not done, and the gates
 * that waited longer than their timeout. It only reports them (`--dry-run`, the default) unless
 * `--write` asks it to append their `deadline.reached` and `gate.timedOut` events: a simulated
 * `--now` must never reach a real log, whose record times never go back.
 */
import { ISO_TIME_HINT, parseIsoTime } from '../../events/isoTime.ts';
import {
  dueDeadlines,
  dueGateTimeouts,
  formatLaunchError,
  openLaunch,
  replayLaunch,
  SCHEDULER,
} from '../../launch/index.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption, LogOptions } from '../logOptions.ts';
import { orExit, snapshotKey, withStream } from '../openStore.ts';

interface TickOptions extends LogOptions, JsonOption {
  now?: string;
  write?: boolean;
  dryRun?: boolean;
}

export async function run(io: CliIo, options: TickOptions): Promise<void> {
  if (options.write && options.dryRun)
    throw new CliExit(2, '--write and --dry-run contradict each other: drop one');
  const now = options.now === undefined ? new Date() : parseIsoTime(options.now);
  if (now === null) throw new CliExit(2, `--now ${options.now}: give ${ISO_TIME_HINT}`);
  await withStream(options, async (store, stream) => {
    const view = orExit(await replayLaunch(store, stream, { snapshotKey: snapshotKey() }), formatLaunchError);
    const due = dueDeadlines(view.plan, view.snapshot.context, now);
    const timeouts = dueGateTimeouts(view.plan, view.snapshot.context, now);
    let appended = 0;
    let version = view.version;
    if (options.write) {
      const launch = orExit(
        await openLaunch({ store, stream, actor: SCHEDULER, snapshotKey: snapshotKey() }),
        formatLaunchError,
      );
      appended = orExit(await launch.tick(now), formatLaunchError);
      version = launch.version;
    }
    if (options.json)
      printJson(io, {
        stream,
        now: now.toISOString(),
        dryRun: !options.write,
        due,
        timeouts: timeouts.map(({ due: at, event }) => ({ due: at, ...event })),
        appended,
        version,
      });
    else if (options.write) io.out(`${stream}: ${appended} deadline(s) reached or gate(s) timed out`);
    else {
      for (const deadline of due) io.out(`due ${deadline.due}  ${deadline.subject} (${deadline.window})`);
      for (const { due: at, event } of timeouts)
        if (event.type === 'gate.timedOut') io.out(`due ${at}  ${event.gateId} timed out (${event.outcome})`);
      io.out(
        `${stream}: ${due.length} deadline(s) passed, ${timeouts.length} gate(s) timed out at ${now.toISOString()}; nothing written (dry run: --write appends them)`,
      );
    }
  });
}
