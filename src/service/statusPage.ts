/**
 * The live status page: one self-contained HTML document (no external script, font or CDN) with
 * the launch's phases and progress, its blockers, who did what and when, and the statechart
 * (`statusChart.ts`) with the current states highlighted. The page listens to
 * the launch's Server-Sent Events and replaces its body with a freshly rendered fragment on each
 * event, so every piece of HTML is rendered here, by pure functions of the checklist.
 */
import type { Checklist, ChecklistItem } from '../checklist/derive.ts';
import type { Plan } from '../plan/model.ts';
import { chartNodes, escapeHtml, regionLanes, renderChartSvg } from './statusChart.ts';

const percent = (done: number, total: number): number => (total === 0 ? 100 : Math.round((100 * done) / total));

/** Who did what and when: settled items and gate decisions, newest first. */
export function recentActivity(checklist: Checklist, limit = 12): { at: string; by: string; what: string }[] {
  const items: ChecklistItem[] = [...checklist.phases.flatMap((phase) => [...phase.steps.flatMap((step) => step.items), ...phase.deliverables]), ...checklist.rollback.steps];
  const done = items.filter((item) => item.at !== null && item.by !== null && item.status !== 'pending').map((item) => ({ at: item.at as string, by: item.by as string, what: `${item.status === 'done' ? (item.kind === 'test' ? 'test passed' : 'checked') : item.status}: ${item.text}` }));
  const decided = checklist.gates.filter((gate) => gate.at !== null).map((gate) => ({ at: gate.at as string, by: gate.by ?? '?', what: `decided ${gate.status}: ${gate.title}${gate.reason ? ` (${gate.reason})` : ''}` }));
  return [...done, ...decided].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
}

/**
 * The part of the page that changes: header figures, chart, blockers, phases, activity.
 *
 * @example
 * renderStatusFragment(launch.plan, launch.checklist())
 */
export function renderStatusFragment(plan: Plan, checklist: Checklist): string {
  const overall = percent(checklist.progress.done, checklist.progress.total);
  const phases = checklist.phases
    .map((phase) => {
      const p = percent(phase.progress.done, phase.progress.total);
      return `<li class="phase ${phase.status}" data-id="${escapeHtml(phase.id)}"><div class="row"><span class="title">${escapeHtml(phase.title)}</span><span class="count">${phase.progress.done}/${phase.progress.total}</span></div><div class="bar"><span style="width:${p}%"></span></div></li>`;
    })
    .join('');
  const blockers = checklist.blockers.length === 0 ? '<p class="none">Nothing blocks the launch.</p>' : `<ul>${checklist.blockers.map((b) => `<li class="blocker ${b.kind}">${escapeHtml(b.message)}</li>`).join('')}</ul>`;
  const activity = recentActivity(checklist);
  const who = activity.length === 0 ? '<p class="none">Nothing recorded yet.</p>' : `<table><tbody>${activity.map((a) => `<tr><td class="when">${escapeHtml(a.at.replace('T', ' ').slice(0, 19))}</td><td class="who">${escapeHtml(a.by)}</td><td>${escapeHtml(a.what)}</td></tr>`).join('')}</tbody></table>`;
  return [
    `<header><h1>${escapeHtml(plan.title)}</h1><div class="facts"><span class="pill state" id="state">${escapeHtml(checklist.state)}</span><span class="pill health ${checklist.health}" id="health">${checklist.health}</span>`,
    `<span class="pill" id="progress" data-done="${checklist.progress.done}" data-total="${checklist.progress.total}">${checklist.progress.done}/${checklist.progress.total} items · ${overall}%</span><span class="pill" id="version" data-version="${checklist.version}">log v${checklist.version}</span></div>`,
    `<div class="bar big"><span style="width:${overall}%"></span></div></header>`,
    `<section><h2>Statechart</h2>${renderChartSvg(chartNodes(plan, checklist), regionLanes(checklist))}</section>`,
    `<div class="columns"><section><h2>Phases</h2><ol class="phases">${phases}</ol></section>`,
    `<section><h2>Blockers</h2><div id="blockers">${blockers}</div><h2>Who did what</h2><div id="activity">${who}</div></section></div>`,
  ].join('');
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}main{max-width:1100px;margin:0 auto;padding:16px 24px}
h1{font-size:22px;margin:0 0 8px}h2{font-size:15px;margin:18px 0 8px;color:#4a5365}.facts{display:flex;gap:8px;flex-wrap:wrap}
.pill{background:#e3e7ee;border-radius:12px;padding:2px 10px}.pill.healthy{background:#d4f0dc}.pill.degraded{background:#ffd6d1;color:#9b1c12}
.bar{background:#e3e7ee;height:8px;border-radius:4px;overflow:hidden;margin-top:4px}.bar.big{height:12px;margin-top:10px}.bar span{display:block;height:100%;background:#2f9e5a}
.columns{display:grid;grid-template-columns:1fr 1fr;gap:24px}ol.phases{list-style:none;padding:0;margin:0}li.phase{background:#fff;border-radius:6px;padding:6px 10px;margin-bottom:6px;border-left:4px solid #c5cbd6}
li.phase.active{border-left-color:#2563eb}li.phase.done{border-left-color:#2f9e5a}.row{display:flex;justify-content:space-between}.count{color:#4a5365}
.blocker{color:#9b1c12}.none{color:#4a5365}table{border-collapse:collapse;width:100%}td{padding:2px 6px;border-bottom:1px solid #e3e7ee;vertical-align:top}.when{white-space:nowrap;color:#4a5365}.who{font-weight:600}
svg.chart{max-width:100%;height:auto;background:#fff;border-radius:6px}.edge{stroke:#8a94a6;stroke-width:1.5;fill:none}.node rect,.node polygon{fill:#eef0f4;stroke:#aab2c0;stroke-width:1.5}
.node text{font-size:11px;text-anchor:middle;fill:#1d2330}text.lane{font-size:12px;fill:#4a5365;font-weight:600}.node.done rect,.node.done polygon,.node.go polygon{fill:#d4f0dc;stroke:#2f9e5a}.node.active rect,.node.active polygon{fill:#dbe6ff;stroke:#2563eb;stroke-width:3.5}.node.state.active[data-id=degraded] rect,.node.state.active[data-id=rolling-back] rect,.node.state.active[data-id=aborted] rect{fill:#ffd6d1;stroke:#9b1c12}
.node.waiting polygon{fill:#fff1cc;stroke:#c58a00;stroke-width:3}.node.no-go polygon{fill:#ffd6d1;stroke:#9b1c12}#live{color:#4a5365;font-size:12px}`;

/**
 * The whole page. `urls` are where the page fetches its fragment and listens for events (with the
 * reader's access token, if the page was opened with one).
 *
 * @example
 * res.end(renderStatusPage(plan, checklist, { fragment: '/launches/go-live/page/fragment', events: '/launches/go-live/events' }));
 */
export function renderStatusPage(plan: Plan, checklist: Checklist, urls: { fragment: string; events: string }): string {
  const script = `(function(){var f=${JSON.stringify(urls.fragment)},e=${JSON.stringify(urls.events)},busy=false,again=false,live=document.getElementById('live');
function load(){if(busy){again=true;return}busy=true;fetch(f,{cache:'no-store'}).then(function(r){return r.text()}).then(function(h){document.getElementById('status').innerHTML=h;live.textContent='live · updated '+new Date().toLocaleTimeString()}).catch(function(){}).then(function(){busy=false;if(again){again=false;load()}})}
var v=document.getElementById('version');var from=v?Number(v.getAttribute('data-version'))+1:1;var s=new EventSource(e+(e.indexOf('?')<0?'?':'&')+'from='+from);
s.addEventListener('launch-event',load);s.onopen=function(){live.textContent='live'};s.onerror=function(){live.textContent='reconnecting…'};})();`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(plan.title)} · launchplan</title><style>${STYLE}</style></head><body><main><div id="status">${renderStatusFragment(plan, checklist)}</div><p id="live">connecting…</p></main><script>${script}</script></body></html>`;
}
