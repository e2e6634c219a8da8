/**
 * Deadlines from the plan's windows, anchored at the launch start (J+N, weeks, months) or at
 * go-live (T±h, when `launch.started` gives `goLiveAt`). The runtime's scheduler appends a
 * `deadline.reached` event when one passes with its step not done; replay never reads a clock.
 */
import type { LaunchContext } from '../compile/context.ts';
import type { Plan, Window } from '../plan/model.ts';

export interface Deadline {
  /** `deadline/<step or phase id>`. */
  id: string;
  subject: string;
  due: string;
  window: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const UNIT_MS: Record<Window['unit'], number> = {
  minute: 60_000,
  hour: HOUR,
  day: DAY,
  week: 7 * DAY,
  month: 30 * DAY,
};

/**
 * When a window ends: J+5 is the end of the fifth day, "Semaines 1-2" the end of week 2, T+1h one
 * hour after go-live, a calendar date the end of that day (UTC). A time of day ("09:00-10:00")
 * has no deadline: the plan does not say in which time zone it is written.
 */
export function windowEnd(window: Window, start: number, goLive: number | null): number | null {
  if (window.anchor === 'launch') return goLive === null ? null : goLive + window.to * UNIT_MS[window.unit];
  if (window.anchor === 'date') return (window.to + 1) * DAY;
  // A time of day or a weekday names no day of its own.
  if (window.anchor === 'clock' || window.anchor === 'weekday') return null;
  return start + window.to * UNIT_MS[window.unit];
}

/** Units that count days, weeks or months from the start: "J+1" is the first day, "Semaine 1" the first week. */
const ORDINAL = new Set<Window['unit']>(['day', 'week', 'month']);

/**
 * When a window begins and ends (ms since the epoch), or null while its anchor is unknown (T±h
 * before go-live is set) or it has none (a time of day). J+5 begins at the start of the fifth
 * day, "Semaines 1-2" at the start; T-2h is the instant two hours before go-live (begin = end).
 */
export function windowSpan(
  window: Window,
  start: number,
  goLive: number | null,
): { begin: number; end: number } | null {
  const end = windowEnd(window, start, goLive);
  if (end === null || !Number.isFinite(end)) return null;
  const unit = UNIT_MS[window.unit];
  if (window.anchor === 'date') return { begin: window.from * DAY, end };
  if (window.anchor === 'launch') return { begin: (goLive as number) + window.from * unit, end };
  const steps = ORDINAL.has(window.unit) && window.from > 0 ? window.from - 1 : window.from;
  return { begin: start + steps * unit, end };
}

/** Every deadline of a plan, given when the launch started (and went live, if known). */
export function planDeadlines(plan: Plan, startedAt: string, goLiveAt: string | null): Deadline[] {
  const start = Date.parse(startedAt);
  const goLive = goLiveAt ? Date.parse(goLiveAt) : null;
  const out: Deadline[] = [];
  const add = (subject: string, window: Window | null) => {
    const end = window ? windowEnd(window, start, goLive) : null;
    if (window && end !== null && Number.isFinite(end))
      out.push({ id: `deadline/${subject}`, subject, due: new Date(end).toISOString(), window: window.raw });
  };
  for (const phase of plan.phases) {
    add(phase.id, phase.window);
    for (const step of phase.steps) add(step.id, step.window);
  }
  return out.sort((a, b) => a.due.localeCompare(b.due) || a.id.localeCompare(b.id));
}

/**
 * Deadlines that have passed at `now`, are not recorded yet, and whose subject is not done; none
 * while the launch is paused (they fire once it resumes).
 */
export function dueDeadlines(plan: Plan, context: LaunchContext, now: Date): Deadline[] {
  const started = context.started?.at;
  if (!started || context.pause?.since) return [];
  const goLiveAt = context.started?.goLiveAt ?? null;
  const stepDone = (group: string) => Boolean(context.closed[group]);
  const phaseDone = (phaseId: string) =>
    plan.phases.find((phase) => phase.id === phaseId)?.steps.every((step) => stepDone(step.id)) ?? false;
  return planDeadlines(plan, started, goLiveAt).filter(
    (deadline) =>
      Date.parse(deadline.due) <= now.getTime() &&
      !(deadline.id in context.deadlines) &&
      !stepDone(deadline.subject) &&
      !phaseDone(deadline.subject),
  );
}
