/**
 * The service's deadline scheduler: time runs by itself. Every `everyMs` (and once at the start)
 * it catches each launch of the store up with its log and appends `deadline.reached` for every
 * window that has passed with its step not done, so a launch nobody touches still shows its
 * overdue steps. Each host that serves a store runs one; a deadline's event id is the same on
 * every host (`<stream>:deadline/<subject>`), so a second host's append of it writes nothing.
 */
import * as E from 'fp-ts/lib/Either.js';
import { formatLaunchError, type LaunchError } from '../launch/index.ts';
import type { LaunchRegistry } from './launches.ts';

export interface DeadlineSchedulerOptions {
  launches: LaunchRegistry;
  /**
   * Told of a launch that could not be ticked (a damaged log, a store that cannot answer now);
   * default: a line on stderr. The next sweep tries it again.
   */
  onError?: (error: unknown, stream: string) => void;
}

export interface DeadlineScheduler {
  /** Ticks every launch now; resolves with the number of `deadline.reached` events appended. */
  sweep(): Promise<number>;
  /** Sweeps at once, then every `everyMs` (one sweep at a time: a long one delays the next). */
  start(everyMs: number): void;
  /** Stops the timer and waits for a sweep under way. */
  close(): Promise<void>;
}

/** The default report of a launch that could not be ticked: one line on stderr. */
function reportToStderr(error: unknown, stream: string): void {
  const text =
    typeof error === 'object' && error !== null && '_tag' in error
      ? formatLaunchError(error as LaunchError)
      : ((error as Error)?.stack ?? String(error));
  process.stderr.write(`launchplan serve: deadlines of ${stream}: ${text}\n`);
}

/** Streams that hold no launch yet, or something else than a launch: nothing to tick there. */
const NOTHING_TO_TICK = new Set<LaunchError['_tag']>(['NoSuchLaunch', 'NotALaunchLog', 'InvalidStream']);

/**
 * A scheduler over the launches of a registry; it sweeps when asked, or on a timer once started.
 *
 * @example
 * const scheduler = createDeadlineScheduler({ launches });
 * scheduler.start(30_000);
 * await scheduler.close();
 */
export function createDeadlineScheduler(given: DeadlineSchedulerOptions): DeadlineScheduler {
  const options = { ...given, onError: given.onError ?? reportToStderr };
  let running: Promise<number> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const tickStream = async (stream: string): Promise<number> => {
    const launch = await options.launches.fresh(stream);
    if (E.isLeft(launch)) {
      if (!NOTHING_TO_TICK.has(launch.left._tag)) options.onError(launch.left, stream);
      return 0;
    }
    const ticked = await launch.right.tick();
    if (E.isLeft(ticked)) {
      options.onError(ticked.left, stream);
      return 0;
    }
    return ticked.right;
  };

  const sweepAll = async (): Promise<number> => {
    let appended = 0;
    for (const stream of await options.launches.list()) {
      if (closed) break;
      appended += await tickStream(stream).catch((error: unknown) => {
        options.onError(error, stream);
        return 0;
      });
    }
    return appended;
  };

  const sweep = (): Promise<number> => {
    running ??= sweepAll().finally(() => {
      running = null;
    });
    return running;
  };

  const schedule = (everyMs: number): void => {
    if (closed) return;
    timer = setTimeout(() => {
      void sweep()
        .catch((error: unknown) => options.onError(error, '*'))
        .finally(() => schedule(everyMs));
    }, everyMs);
    // The scheduler never keeps a process alive by itself.
    timer.unref();
  };

  return {
    sweep,
    start(everyMs) {
      void sweep()
        .catch((error: unknown) => options.onError(error, '*'))
        .finally(() => schedule(everyMs));
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
