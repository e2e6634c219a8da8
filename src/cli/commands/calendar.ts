/**
 * `launchplan calendar [plan]`: the dated windows and go-live as iCalendar. Of a launch in a log
 * (anchors from its `launch.started`, its overdue steps marked), or of a plan file with anchors
 * given as `--start` (default: now) and `--go-live`.
 */
import { writeFileSync } from 'node:fs';
import {
  calendarEntries,
  launchCalendarInput,
  renderCalendar,
  type CalendarInput,
} from '../../checklist/calendar.ts';
import { ISO_TIME_HINT, parseIsoTime } from '../../events/isoTime.ts';
import { formatLaunchError, replayLaunch } from '../../launch/index.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption, LogOptions } from '../logOptions.ts';
import { orExit, snapshotKey, withStream } from '../openStore.ts';
import { loadUsablePlan, type PlanLimitOptions } from '../planErrors.ts';

interface CalendarOptions extends LogOptions, JsonOption, PlanLimitOptions {
  start?: string;
  goLive?: string;
  out?: string;
}

function timeOption(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  const time = parseIsoTime(value);
  if (!time) throw new CliExit(2, `${name} ${value}: give ${ISO_TIME_HINT}`);
  return time.toISOString();
}

async function inputOf(options: CalendarOptions, path: string | undefined): Promise<CalendarInput> {
  const start = timeOption('--start', options.start);
  const goLive = timeOption('--go-live', options.goLive);
  if (path !== undefined) {
    const { plan } = await loadUsablePlan(path, options);
    return { stream: plan.id, plan, startedAt: start ?? new Date().toISOString(), goLiveAt: goLive };
  }
  if (start !== null || goLive !== null)
    throw new CliExit(2, '--start and --go-live anchor a plan file: a launch in a log has its own');
  return withStream(options, async (store, stream) => {
    const view = orExit(await replayLaunch(store, stream, { snapshotKey: snapshotKey() }), formatLaunchError);
    const input = launchCalendarInput(view.plan, view.checklist());
    if (!input)
      throw new CliExit(1, `the launch in stream ${stream} has not started: its windows have no dates yet`);
    return input;
  });
}

export async function run(io: CliIo, options: CalendarOptions, path?: string): Promise<void> {
  const input = await inputOf(options, path);
  const entries = calendarEntries(input);
  if (options.out !== undefined) writeFileSync(options.out, renderCalendar(input));
  if (options.json)
    printJson(io, {
      stream: input.stream,
      startedAt: input.startedAt,
      goLiveAt: input.goLiveAt,
      entries,
      ...(options.out !== undefined ? { files: [options.out] } : {}),
    });
  else if (options.out !== undefined) io.out(`${options.out}: ${entries.length} event(s)`);
  else io.write(Buffer.from(renderCalendar(input)));
}
