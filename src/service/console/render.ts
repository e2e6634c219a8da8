/**
 * The console's changing part as HTML, rendered by pure functions of the view (`view.ts`) and the
 * history: header figures, the statechart with the plan's thresholds beside its health lane, the
 * phases' checklists with owners, windows and overdue marks, the gates and what blocks them, the
 * open alerts, the rollback protocol and the history. No inline script or style: the page's
 * Content-Security-Policy allows neither. Times are `<time>` elements the script shows in the
 * reader's time zone; without the script they read in UTC.
 */
import type { ChecklistAlert, ChecklistGate } from '../../checklist/derive.ts';
import type { Plan } from '../../plan/model.ts';
import { chartNodes, escapeHtml, regionLanes, renderChartSvg } from '../statusChart.ts';
import type { HistoryRow } from './history.ts';
import type { ConsoleView, Form, GateView, ItemView, PhaseView } from './view.ts';

const percent = (done: number, total: number): number =>
  total === 0 ? 100 : Math.round((100 * done) / total);

/** A time as a `<time>` element, readable (UTC, with its zone) before the script localises it. */
export const timeHtml = (iso: string | null): string =>
  iso === null
    ? ''
    : `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.replace('T', ' ').slice(0, 19))} UTC</time>`;

const bar = (done: number, total: number, big = false): string =>
  `<progress class="bar${big ? ' big' : ''}" max="${Math.max(total, 1)}" value="${total === 0 ? 1 : done}">${percent(done, total)}%</progress>`;

/** Roles as a person reads them: `lead or admin`. */
const rolesText = (roles: readonly string[]): string =>
  roles.length <= 1 ? (roles[0] ?? '') : `${roles.slice(0, -1).join(', ')} or ${roles.at(-1) ?? ''}`;

/**
 * A control: its buttons carry the event they send; one the viewer may not use is disabled and
 * says the roles it needs; the refusal, if any, is written in `output`.
 */
export function formHtml(form: Form | null): string {
  if (form === null) return '';
  const usable = form.actions.some((action) => action.needs.length === 0);
  const field = form.field
    ? `<input name="${form.field.name}" placeholder="${escapeHtml(form.field.placeholder)}" maxlength="500" aria-label="${escapeHtml(form.field.placeholder)}"${form.field.required ? ' required' : ''}${usable ? '' : ' disabled'}>`
    : '';
  const buttons = form.actions
    .map((action) => {
      const needs =
        action.needs.length === 0
          ? ''
          : ` disabled title="${escapeHtml(`needs the role ${rolesText(action.needs)}`)}"`;
      return `<button type="submit" class="${action.tone}" data-event="${escapeHtml(JSON.stringify(action.event))}"${needs}>${escapeHtml(action.label)}</button>`;
    })
    .join('');
  // One note for the form: the roles its disabled buttons need (the same for all of them here).
  const needed = form.actions.find((action) => action.needs.length > 0)?.needs ?? [];
  const note =
    needed.length === 0 ? '' : `<span class="needs">needs the role ${escapeHtml(rolesText(needed))}</span>`;
  return `<form class="control${usable ? '' : ' disabled'}" data-control="${escapeHtml(form.id)}">${field}${buttons}${note}<output class="refusal" data-refusal-for="${escapeHtml(form.id)}"></output></form>`;
}

const commentsHtml = (item: ItemView['item']): string =>
  item.comments && item.comments.length > 0
    ? `<ul class="comments">${item.comments.map((comment) => `<li class="comment"><span class="by">${escapeHtml(comment.by ?? '?')} ${timeHtml(comment.at)}</span> ${escapeHtml(comment.text)}</li>`).join('')}</ul>`
    : '';

/** Waiving and commenting, folded under the item: a lead opens them when needed. */
function moreHtml({ item, waive, comment }: ItemView): string {
  if (waive === null && comment === null) return '';
  const count = item.comments?.length ?? 0;
  const label = [waive ? 'Waive' : '', comment ? `Comment${count > 0 ? ` (${count})` : ''}` : '']
    .filter(Boolean)
    .join(' · ');
  return `<details class="more" data-id="more:${escapeHtml(item.id)}"><summary>${label}</summary>${formHtml(waive)}${formHtml(comment)}</details>`;
}

const itemHtml = (view: ItemView): string => {
  const { item, form } = view;
  return `<li class="item ${item.status}" data-id="${escapeHtml(item.id)}"><span class="mark" aria-label="${item.status}"></span><span class="text">${escapeHtml(item.text)}${item.by ? ` <span class="by">${escapeHtml(item.by)} ${timeHtml(item.at)}</span>` : ''}</span>${formHtml(form)}${commentsHtml(item)}${moreHtml(view)}</li>`;
};

function phaseHtml(view: PhaseView): string {
  const { phase } = view;
  const steps = view.steps
    .map(({ step, items }) => {
      const facts = [
        step.owners.length > 0 ? `owners: ${step.owners.join(', ')}` : '',
        step.window ? `window: ${step.window}` : '',
      ]
        .filter(Boolean)
        .map((fact) => `<span class="fact">${escapeHtml(fact)}</span>`);
      const overdue = step.overdue ? '<span class="overdue">overdue</span>' : '';
      // Other phases show their steps only: a plan's hundreds of items would make every refresh heavy.
      const list = view.current ? `<ul class="items">${items.map(itemHtml).join('')}</ul>` : '';
      return `<li class="step ${step.status}" data-id="${escapeHtml(step.id)}"><div class="row"><span class="title">${escapeHtml(step.title)}</span>${overdue}<span class="count">${step.progress.done}/${step.progress.total}</span></div><div class="facts">${facts.join('')}</div>${list}</li>`;
    })
    .join('');
  const deliverables =
    view.current && view.deliverables.length > 0
      ? `<li class="step"><div class="row"><span class="title">Deliverables</span></div><ul class="items">${view.deliverables.map(itemHtml).join('')}</ul></li>`
      : '';
  const summary = `<summary><span class="title">${escapeHtml(phase.title)}</span><span class="count">${phase.progress.done}/${phase.progress.total}</span>${bar(phase.progress.done, phase.progress.total)}</summary>`;
  return `<details class="phase ${phase.status}${view.current ? ' current' : ''}" data-id="${escapeHtml(phase.id)}"${view.current ? ' open' : ''}>${summary}<ol class="steps">${steps}${deliverables}</ol></details>`;
}

const TIMEOUT_WORDS = {
  'no-go': 'the scheduler decides no-go',
  skip: 'the gate is skipped',
  escalate: 'people are told again',
} as const;

/** A gate's timeout: when its wait ends and what then, and its last timeout. */
function timeoutHtml(timeout: ChecklistGate['timeout']): string {
  if (!timeout) return '';
  const due = timeout.due
    ? `<p class="timeout">No decision by ${timeHtml(timeout.due)} (${escapeHtml(timeout.after)} of waiting): ${TIMEOUT_WORDS[timeout.outcome]}.</p>`
    : '';
  const last = timeout.last
    ? `<p class="timeout">Timed out ${timeHtml(timeout.last.at)}: ${escapeHtml(timeout.last.outcome)}.</p>`
    : '';
  return `${due}${last}`;
}

function gateHtml(view: GateView): string {
  const { gate } = view;
  const decided = gate.at
    ? `<p class="decided">${escapeHtml(gate.status)} by ${escapeHtml(gate.by ?? '?')} ${timeHtml(gate.at)}${gate.reason ? `: ${escapeHtml(gate.reason)}` : ''}</p>`
    : '';
  const criteria =
    view.criteria.length === 0
      ? '<p class="none">No criteria: no open alert is enough.</p>'
      : `<ul class="criteria">${view.criteria.map((c) => `<li class="item ${c.status}"><span class="mark" aria-label="${c.status}"></span>${escapeHtml(c.text)}</li>`).join('')}</ul>`;
  const blocking = view.current
    ? view.blocking === null
      ? '<p class="ready">Nothing blocks a go.</p>'
      : `<p class="blocking">Blocks a go: ${escapeHtml(view.blocking)}</p>`
    : view.blocking === null
      ? ''
      : `<p class="none">${escapeHtml(view.blocking)}</p>`;
  return `<div class="gate ${gate.status}${view.current ? ' current' : ''}" data-id="${escapeHtml(gate.id)}"><h3>${escapeHtml(gate.title)} <span class="pill">${escapeHtml(gate.status)}</span></h3>${decided}${timeoutHtml(gate.timeout)}${blocking}${criteria}${formHtml(view.form)}</div>`;
}

const alertHtml = (alert: ChecklistAlert): string =>
  `<li class="alert ${escapeHtml(alert.severity ?? '')}" data-id="${escapeHtml(alert.id)}"><span class="name">${escapeHtml(alert.name ?? alert.id)}</span>${alert.severity ? ` <span class="pill severity">${escapeHtml(alert.severity)}</span>` : ''}${alert.summary ? `<div class="summary">${escapeHtml(alert.summary)}</div>` : ''}<div class="since">since ${timeHtml(alert.since)}${alert.metric ? ` · ${escapeHtml(alert.metric)}${alert.value !== null ? ` = ${alert.value}` : ''}` : ''}</div></li>`;

function healthHtml(view: ConsoleView): string {
  const alerts =
    view.alerts.length === 0
      ? '<p class="none">No open alert.</p>'
      : `<ul class="alerts">${view.alerts.map(alertHtml).join('')}</ul>`;
  const thresholds =
    view.thresholds.length === 0
      ? '<p class="none">The plan sets no threshold.</p>'
      : `<ul class="thresholds">${view.thresholds.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`;
  return `<section class="panel" id="health-panel"><h2>Health</h2><div id="alerts">${alerts}</div><h3>Thresholds</h3>${thresholds}</section>`;
}

function rollbackHtml(view: ConsoleView): string {
  const { rollback } = view;
  const active = rollback.status !== 'idle';
  // The protocol is what a lead follows while rolling back: shown open then, folded otherwise.
  const steps = `<details class="protocol"${active ? ' open' : ''}><summary>${escapeHtml(rollback.title)} (${rollback.steps.length} steps)</summary><ol class="items">${rollback.steps.map(itemHtml).join('')}</ol></details>`;
  const status = active
    ? `<p class="rolling">${escapeHtml(rollback.status)}</p>`
    : rollback.count > 0
      ? `<p class="none">Rolled back ${rollback.count} time(s) before.</p>`
      : '';
  return `<section class="panel" id="rollback"><h2>Rollback</h2>${status}${steps}${rollback.forms.map(formHtml).join('')}</section>`;
}

/** The history table, newest first; `total` events exist, `rows` are shown. */
export function historyHtml(rows: readonly HistoryRow[], total: number, allUrl: string): string {
  const more =
    rows.length < total
      ? `<p class="none">The newest ${rows.length} of ${total} events. <a href="${escapeHtml(allUrl)}">Show all</a></p>`
      : '';
  const body = rows
    .map(
      (row) =>
        `<tr class="event" data-type="${escapeHtml(row.type)}" data-version="${row.version}"><td class="when">${timeHtml(row.at)}</td><td class="who">${escapeHtml(row.actor)}</td><td class="type">${escapeHtml(row.type)}</td><td>${escapeHtml(row.text)}</td></tr>`,
    )
    .join('');
  return `<section class="panel wide"><h2>History</h2>${more}<div class="scroll"><table id="history"><thead><tr><th>When</th><th>Who</th><th>Event</th><th>What</th></tr></thead><tbody>${body}</tbody></table></div></section>`;
}

/**
 * The part of the page that changes with each event.
 *
 * @example
 * renderConsoleFragment(launch.plan, consoleView(launch, viewer), rows, launch.version, '/launches/go-live/page?history=all')
 */
export function renderConsoleFragment(
  plan: Plan,
  view: ConsoleView,
  history: readonly HistoryRow[],
  total: number,
  allHistoryUrl: string,
  warnings: readonly { message: string }[] = [],
): string {
  const { checklist } = view;
  const overall = percent(checklist.progress.done, checklist.progress.total);
  const current = view.phases.filter((phase) => phase.current);
  const blockers =
    checklist.blockers.length === 0
      ? '<p class="none">Nothing blocks the launch.</p>'
      : `<ul>${checklist.blockers.map((b) => `<li class="blocker ${b.kind}">${escapeHtml(b.message)}</li>`).join('')}</ul>`;
  const gates = view.gates.filter((gate) => gate.current || gate.gate.at !== null);
  const later = view.gates.filter((gate) => !gate.current && gate.gate.at === null);
  return [
    ...warnings.map((warning) => `<p class="warning" role="alert">${escapeHtml(warning.message)}</p>`),
    `<header><h1>${escapeHtml(view.title)}</h1><div class="facts"><span class="pill state" id="state">${escapeHtml(checklist.state)}</span><span class="pill health ${checklist.health}" id="health">${checklist.health}</span>`,
    `<span class="pill" id="progress" data-done="${checklist.progress.done}" data-total="${checklist.progress.total}">${checklist.progress.done}/${checklist.progress.total} items · ${overall}%</span><span class="pill" id="version" data-version="${checklist.version}">log v${checklist.version}</span></div>`,
    `${bar(checklist.progress.done, checklist.progress.total, true)}${view.launchForms.map(formHtml).join('')}</header>`,
    `<section class="panel wide"><h2>Statechart</h2><div class="scroll">${renderChartSvg(chartNodes(plan, checklist), regionLanes(checklist, view.thresholds))}</div></section>`,
    `<div class="columns"><section class="panel" id="checklist"><h2>${current.length > 0 ? 'Now' : 'Phases'}</h2>${view.phases.map(phaseHtml).join('')}</section>`,
    `<div class="side"><section class="panel" id="gates"><h2>Gates</h2>${gates.map(gateHtml).join('') || '<p class="none">No gate reached yet.</p>'}${later.length > 0 ? `<details class="later"><summary>Later gates (${later.length})</summary>${later.map(gateHtml).join('')}</details>` : ''}</section>`,
    healthHtml(view),
    rollbackHtml(view),
    `<section class="panel" id="blockers-panel"><h2>Blockers</h2><div id="blockers">${blockers}</div></section></div></div>`,
    historyHtml(history, total, allHistoryUrl),
  ].join('');
}
