/**
 * The overview at `/`: every launch of the store in one table, each with where it stands (state,
 * health, progress), the next gate, the time left to go-live when the launch knows it, and how
 * many of its steps are overdue. The rows are a pure function of each launch; the page around
 * them is the console's shell.
 */
import type { Checklist } from '../../checklist/derive.ts';
import { escapeHtml } from '../statusChart.ts';
import { timeHtml } from './render.ts';

/** One launch in the overview, or the reason it cannot be read. */
export type OverviewRow =
  | {
      _tag: 'Launch';
      stream: string;
      title: string;
      state: Checklist['state'];
      health: Checklist['health'];
      progress: Checklist['progress'];
      /** The gate the launch waits at, else the first still ahead. */
      nextGate: { title: string; status: string } | null;
      goLiveAt: string | null;
      overdue: number;
    }
  | { _tag: 'Unreadable'; stream: string; message: string };

/**
 * A launch's row, from its title, checklist and go-live instant.
 *
 * @example
 * overviewRow('checkout', 'Checkout v2 go-live', launch.checklist(), '2026-12-08T10:00:00.000Z')
 * // { _tag: 'Launch', stream: 'checkout', state: 'running', nextGate: { title: 'Go/No-go', status: 'pending' }, overdue: 0, … }
 */
export function overviewRow(
  stream: string,
  title: string,
  checklist: Checklist,
  goLiveAt: string | null,
): OverviewRow {
  const gate =
    checklist.gates.find((g) => g.status === 'waiting') ??
    checklist.gates.find((g) => g.status === 'pending') ??
    null;
  return {
    _tag: 'Launch',
    stream,
    title,
    state: checklist.state,
    health: checklist.health,
    progress: checklist.progress,
    nextGate: gate && { title: gate.title, status: gate.status },
    goLiveAt,
    overdue: checklist.phases.reduce((sum, phase) => sum + phase.steps.filter((s) => s.overdue).length, 0),
  };
}

/**
 * Time left until an instant, in words: `in 2 d 3 h`, `in 45 min`, `3 h ago`.
 *
 * @example
 * timeLeft('2026-12-08T10:00:00Z', new Date('2026-12-07T07:00:00Z')) // 'in 1 d 3 h'
 */
export function timeLeft(at: string, now: Date): string {
  const ms = Date.parse(at) - now.getTime();
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const words =
    days > 0
      ? `${days} d${hours > 0 ? ` ${hours} h` : ''}`
      : hours > 0
        ? `${hours} h${minutes % 60 > 0 ? ` ${minutes % 60} min` : ''}`
        : `${minutes} min`;
  return ms >= 0 ? `in ${words}` : `${words} ago`;
}

const rowHtml = (row: OverviewRow, now: Date): string => {
  const link = `<a href="/launches/${escapeHtml(encodeURIComponent(row.stream))}/page">${escapeHtml(row._tag === 'Launch' ? row.title : row.stream)}</a>`;
  if (row._tag === 'Unreadable')
    return `<tr class="launch unreadable" data-stream="${escapeHtml(row.stream)}"><td>${link}</td><td colspan="5" class="refusal">${escapeHtml(row.message)}</td></tr>`;
  const gate = row.nextGate
    ? `${escapeHtml(row.nextGate.title)} <span class="pill">${escapeHtml(row.nextGate.status)}</span>`
    : '—';
  const goLive = row.goLiveAt
    ? `<span class="countdown" data-countdown="${escapeHtml(row.goLiveAt)}">${escapeHtml(timeLeft(row.goLiveAt, now))}</span> ${timeHtml(row.goLiveAt)}`
    : '<span class="none">not set</span>';
  return [
    `<tr class="launch" data-stream="${escapeHtml(row.stream)}">`,
    `<td class="title">${link}<div class="stream">${escapeHtml(row.stream)}</div></td>`,
    `<td><span class="pill state">${escapeHtml(row.state)}</span> <span class="pill health ${row.health}">${row.health}</span></td>`,
    `<td class="progress">${row.progress.done}/${row.progress.total} items</td>`,
    `<td class="gate">${gate}</td>`,
    `<td class="go-live">${goLive}</td>`,
    `<td class="overdue-count${row.overdue > 0 ? ' late' : ''}" data-overdue="${row.overdue}">${row.overdue} overdue</td></tr>`,
  ].join('');
};

/** The overview's content: a table of the launches (or a word that there are none). */
export function renderOverview(rows: readonly OverviewRow[], now: Date): string {
  if (rows.length === 0)
    return '<header><h1>Launches</h1></header><p class="none">No launch yet: start one with <code>POST /launches</code> or <code>launchplan start</code>.</p>';
  return `<header><h1>Launches</h1></header><section class="panel wide"><div class="scroll"><table id="overview"><thead><tr><th>Launch</th><th>State</th><th>Items</th><th>Next gate</th><th>Go-live</th><th>Overdue</th></tr></thead><tbody>${rows.map((row) => rowHtml(row, now)).join('')}</tbody></table></div></section>`;
}
