/** `launchplan status`: the checklist of a launch, now or at a version or time, as a tree, JSON or Markdown. */
import * as E from 'fp-ts/lib/Either.js';
import { ISO_TIME_HINT, parseIsoTime } from '../../events/isoTime.ts';
import { withCountdown } from '../../checklist/countdown.ts';
import { renderChecklistTree } from '../../checklist/terminal.ts';
import { formatLaunchError, replayLaunch, type LaunchView, type ReplayOptions } from '../../launch/index.ts';
import type { EventStore } from '../../store/EventStore.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption, LogOptions } from '../logOptions.ts';
import { orExit, snapshotKey, tornTailNote, withStream } from '../openStore.ts';

interface StatusOptions extends LogOptions, JsonOption {
  markdown?: boolean;
  at?: string;
  all?: boolean;
}

/** `--at 42` is a version, `--at 2025-03-01T12:00Z` a time. */
export function pointInTime(at: string | undefined): ReplayOptions {
  if (at === undefined) return {};
  if (/^\d+$/.test(at)) return { to: Number(at) };
  const time = parseIsoTime(at);
  if (time) return { at: time.toISOString() };
  throw new CliExit(2, `--at ${at}: give a version number or ${ISO_TIME_HINT}`);
}

/**
 * Why a point-in-time replay found no launch in a stream that has one: the point is before its
 * first event. `undefined` when the stream has no event at all.
 */
async function beforeFirstEvent(
  store: EventStore,
  stream: string,
  at: string,
  point: ReplayOptions,
): Promise<string | undefined> {
  for await (const first of store.read(stream, { from: 1, to: 1 })) {
    return point.to !== undefined
      ? `--at ${at}: version ${point.to} is before the launch's first event (version 1)`
      : `--at ${at} is before the launch's first event, recorded at ${first.at}`;
  }
  return undefined;
}

/** Replays the launch as it was at `--at`, telling apart a point before the launch and one past the end of its log. */
async function replayAt(
  store: EventStore,
  stream: string,
  at: string | undefined,
  io: CliIo,
): Promise<LaunchView> {
  const point = pointInTime(at);
  const replayed = await replayLaunch(store, stream, { ...point, snapshotKey: snapshotKey() });
  if (at !== undefined && E.isLeft(replayed) && replayed.left._tag === 'NoSuchLaunch') {
    const before = await beforeFirstEvent(store, stream, at, point);
    if (before) throw new CliExit(2, before);
  }
  const state = orExit(replayed, formatLaunchError);
  // Replay stops at the end of the log: a version past it shows the last one.
  if (point.to !== undefined && state.version < point.to)
    io.err(`--at ${at}: the log ends at version ${state.version}: showing version ${state.version}`);
  if (state.ignoredSnapshot)
    io.err(`note: ${state.ignoredSnapshot}; replayed the whole log instead (launchplan verify checks it)`);
  const torn = tornTailNote(store, stream, 'the next append removes it');
  if (torn) io.err(torn);
  const [first] = state.refused;
  if (first)
    io.err(
      `note: ${state.refused.length} event(s) of the log were refused by the statechart and changed nothing (first: version ${first.version}, ${first.type}); launchplan replay lists them`,
    );
  return state;
}

export async function run(io: CliIo, options: StatusOptions): Promise<void> {
  await withStream(options, async (store, stream) => {
    const state = await replayAt(store, stream, options.at, io);
    if (options.markdown) {
      const rendered = state.markdown();
      if (!rendered)
        throw new CliExit(
          2,
          `stream ${stream} was started from a ${state.source?.format ?? 'plan without source'}: there is no Markdown to write`,
        );
      io.write(rendered.markdown);
      for (const skip of rendered.skipped)
        io.err(`line ${skip.line}: ${skip.itemId} not written: ${skip.reason}`);
      // Never a silent no-op: a state the Markdown could not carry is found wanting.
      if (rendered.skipped.length > 0)
        throw new CliExit(
          1,
          `${rendered.skipped.length} item(s) whose state the Markdown cannot show were not written (listed above); the log has them all`,
        );
      return;
    }
    const checklist = state.checklist();
    // The countdown is at the time looked at: now, or the time `--at` names.
    const point = pointInTime(options.at);
    const now = point.at ? new Date(point.at) : new Date();
    if (options.json) printJson(io, withCountdown(checklist, now));
    else io.out(renderChecklistTree(checklist, { color: io.tty, items: options.all ? 'all' : 'open', now }));
  });
}
