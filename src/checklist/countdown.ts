/**
 * The go-live countdown: how long until the launch goes live, at a given time. The checklist is
 * a pure function of the log, so the time ("now") is the caller's: the CLI's and the service's
 * clock, or the time `status --at` looks at.
 */
import type { Checklist } from './derive.ts';

/**
 * Whole seconds from `now` to go-live (negative once it has passed), or null while the launch
 * has no go-live time.
 *
 * @example
 * secondsToGoLive({ schedule: { startedAt: null, goLiveAt: '2026-12-08T10:00:00Z' } }, new Date('2026-12-08T09:00:00Z')) // 3600
 */
export function secondsToGoLive(checklist: Pick<Checklist, 'schedule'>, now: Date): number | null {
  const { goLiveAt } = checklist.schedule;
  return goLiveAt === null ? null : Math.floor((Date.parse(goLiveAt) - now.getTime()) / 1000);
}

/** The checklist with the countdown at `now`: what `status --json` and `GET /launches/:id` answer. */
export function withCountdown<C extends Pick<Checklist, 'schedule'>>(
  checklist: C,
  now: Date,
): C & { now: string; secondsToGoLive: number | null } {
  return { ...checklist, now: now.toISOString(), secondsToGoLive: secondsToGoLive(checklist, now) };
}

/**
 * What `withCountdown` added taken away: the launch itself, to compare what two hosts (or two
 * processes, each at its own clock) serve.
 *
 * @example
 * isDeepStrictEqual(withoutCountdown(fromWriter), withoutCountdown(fromFollower))
 */
export function withoutCountdown<C extends object>(
  served: C & { now?: unknown; secondsToGoLive?: unknown },
): Omit<C, 'now' | 'secondsToGoLive'> {
  const { now: _now, secondsToGoLive: _countdown, ...launch } = served;
  return launch;
}

/**
 * A countdown in words, to the minute: "in 2 d 3 h", "in 45 min", "3 h 10 min ago".
 *
 * @example
 * formatCountdown(9000) // 'in 2 h 30 min'
 */
export function formatCountdown(seconds: number): string {
  const minutes = Math.floor(Math.abs(seconds) / 60);
  const parts: [number, string][] = [
    [Math.floor(minutes / 1440), 'd'],
    [Math.floor(minutes / 60) % 24, 'h'],
    [minutes % 60, 'min'],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  const text =
    first === -1
      ? 'less than a minute'
      : parts
          .slice(first, first + 2)
          .filter(([value]) => value > 0)
          .map(([value, unit]) => `${value} ${unit}`)
          .join(' ');
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}
