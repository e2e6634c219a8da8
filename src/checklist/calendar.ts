/**
 * A launch's calendar as iCalendar (RFC 5545): one event per dated window (a phase's or a step's,
 * from its beginning to its deadline) and one for go-live, so a team's calendar shows the launch.
 * Pure: the dates come from the anchors given (the launch's start and go-live), never a clock,
 * and the same launch gives the same bytes on every host (DTSTAMP is the launch's start).
 */
import { windowSpan } from '../launch/deadlines.ts';
import type { Plan, Window } from '../plan/model.ts';
import type { Checklist } from './derive.ts';

export interface CalendarInput {
  /** The launch's stream (UIDs are `<stream>/<phase or step id>@launchplan`). */
  stream: string;
  plan: Plan;
  /** When the launch started: anchors J+N, weeks and months. */
  startedAt: string;
  /** When it goes live: anchors T±h (their windows are left out while it is null). */
  goLiveAt: string | null;
  /** What the log says of a phase or step by id, shown in its description (none for a plan alone). */
  status?: ReadonlyMap<string, { status: string; overdue: boolean }>;
}

/** One calendar entry before it is written: what `calendar --json` prints. */
export interface CalendarEntry {
  uid: string;
  summary: string;
  start: string;
  /** Null for an instant (T-2h, go-live). */
  end: string | null;
  description: string;
}

/** The entries of a launch's calendar, in time order. */
export function calendarEntries(input: CalendarInput): CalendarEntry[] {
  const start = Date.parse(input.startedAt);
  const goLive = input.goLiveAt === null ? null : Date.parse(input.goLiveAt);
  const entries: CalendarEntry[] = [];
  const add = (id: string, title: string, kind: string, window: Window | null) => {
    const span = window ? windowSpan(window, start, goLive) : null;
    if (!window || !span || !Number.isFinite(span.begin)) return;
    const known = input.status?.get(id);
    const state = known ? `; ${known.overdue ? 'OVERDUE' : known.status}` : '';
    entries.push({
      uid: `${input.stream}/${id}@launchplan`,
      summary: `${known?.overdue ? 'OVERDUE: ' : ''}${title} (${window.raw})`,
      start: new Date(span.begin).toISOString(),
      end: span.end > span.begin ? new Date(span.end).toISOString() : null,
      description: `${kind} of ${input.plan.title}, window ${window.raw}; deadline ${new Date(span.end).toISOString()}${state}`,
    });
  };
  for (const phase of input.plan.phases) {
    add(phase.id, phase.title, 'phase', phase.window);
    for (const step of phase.steps) add(step.id, step.title, 'step', step.window);
  }
  if (goLive !== null)
    entries.push({
      uid: `${input.stream}/go-live@launchplan`,
      summary: `Go-live: ${input.plan.title}`,
      start: new Date(goLive).toISOString(),
      end: null,
      description: `go-live of ${input.plan.title}`,
    });
  return entries.sort((a, b) => a.start.localeCompare(b.start) || a.uid.localeCompare(b.uid));
}

/** An ISO time as an iCalendar UTC date-time: 20260302T080000Z. */
const icalTime = (iso: string): string => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Text with the characters RFC 5545 escapes (backslash, semicolon, comma, newline). */
const icalText = (text: string): string =>
  text.replace(/[\\;,]/g, (char) => `\\${char}`).replace(/\r?\n/g, '\\n');

/** A content line folded at 75 octets (a fold never splits a UTF-8 character). */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (bytes + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/**
 * The calendar as an iCalendar document (CRLF lines, folded, UTF-8).
 *
 * @example
 * renderCalendar({ stream: 'go', plan, startedAt: '2026-03-02T08:00:00Z', goLiveAt: null })
 * // 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…'
 */
export function renderCalendar(input: CalendarInput): string {
  const stamp = icalTime(new Date(input.startedAt).toISOString());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//launchplan//launch calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icalText(input.plan.title)}`,
  ];
  for (const entry of calendarEntries(input)) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${icalText(entry.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${icalTime(entry.start)}`,
      ...(entry.end ? [`DTEND:${icalTime(entry.end)}`] : []),
      `SUMMARY:${icalText(entry.summary)}`,
      `DESCRIPTION:${icalText(entry.description)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/**
 * The calendar input of a launch from its checklist (its anchors and what is done or overdue);
 * null while it has not started, when no window has a date yet.
 */
export function launchCalendarInput(
  plan: Plan,
  checklist: Pick<Checklist, 'stream' | 'schedule' | 'phases'>,
): CalendarInput | null {
  const { startedAt, goLiveAt } = checklist.schedule;
  if (startedAt === null) return null;
  const status = new Map<string, { status: string; overdue: boolean }>();
  for (const phase of checklist.phases) {
    status.set(phase.id, { status: phase.status, overdue: phase.overdue });
    for (const step of phase.steps) status.set(step.id, { status: step.status, overdue: step.overdue });
  }
  return { stream: checklist.stream, plan, startedAt, goLiveAt, status };
}
