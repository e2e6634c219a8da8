/**
 * The live status page: one self-contained HTML document (no external script, font or CDN) with
 * the launch's phases and progress, its blockers, who did what and when, and a hand-drawn SVG of
 * the progress chart (phases and gates in order, the active one highlighted). The page listens to
 * the launch's Server-Sent Events and replaces its body with a freshly rendered fragment on each
 * event, so every piece of HTML is rendered here, by pure functions of the checklist.
 */
import type { Checklist, ChecklistGate, ChecklistItem, ChecklistPhase } from '../checklist/derive.ts';
import type { Plan } from '../plan/model.ts';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const percent = (done: number, total: number): number => (total === 0 ? 100 : Math.round((100 * done) / total));

/** A node of the drawn chart. */
interface ChartNode {
  id: string;
  label: string;
  kind: 'start' | 'phase' | 'gate' | 'end';
  status: 'done' | 'active' | 'pending' | 'waiting' | 'go' | 'no-go';
}

/** Phases and gates in the order the launch goes through them, between ready and completed. */
export function chartNodes(plan: Plan, checklist: Checklist): ChartNode[] {
  const gates = new Map(checklist.gates.map((gate) => [gate.id, gate] as const));
  const phases = new Map(checklist.phases.map((phase) => [phase.id, phase] as const));
  const gateNode = (gate: ChecklistGate): ChartNode => ({ id: gate.id, label: gate.title, kind: 'gate', status: checklist.current.includes(gate.id) ? 'active' : gate.status === 'pending' ? 'pending' : gate.status });
  const ended = checklist.state === 'completed' || checklist.state === 'operating';
  const nodes: ChartNode[] = [{ id: 'ready', label: 'ready', kind: 'start', status: checklist.state === 'ready' ? 'active' : 'done' }];
  for (const phase of plan.phases) {
    for (const gate of plan.gates.filter((g) => g.beforePhase === phase.id)) nodes.push(gateNode(gates.get(gate.id) as ChecklistGate));
    const view = phases.get(phase.id) as ChecklistPhase;
    nodes.push({ id: phase.id, label: phase.title, kind: 'phase', status: view.status });
  }
  for (const gate of plan.gates.filter((g) => g.beforePhase === null)) nodes.push(gateNode(gates.get(gate.id) as ChecklistGate));
  nodes.push({ id: 'completed', label: checklist.state === 'aborted' ? 'aborted' : checklist.state === 'operating' ? 'operating' : 'completed', kind: 'end', status: ended || checklist.state === 'aborted' ? 'active' : 'pending' });
  return nodes;
}

const W = 168;
const H = 58;
const GAP = 34;
const PER_ROW = 4;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * The progress chart as an SVG: boxes for phases, diamonds for gates, the active ones outlined.
 *
 * @example
 * renderChartSvg(chartNodes(plan, checklist)) // '<svg …>…</svg>'
 */
export function renderChartSvg(nodes: readonly ChartNode[]): string {
  const rows = Math.ceil(nodes.length / PER_ROW);
  const width = PER_ROW * W + (PER_ROW - 1) * GAP + 20;
  const height = rows * H + (rows - 1) * GAP + 20;
  const at = (index: number) => ({ x: 10 + (index % PER_ROW) * (W + GAP), y: 10 + Math.floor(index / PER_ROW) * (H + GAP) });
  const parts: string[] = [];
  nodes.forEach((node, index) => {
    if (index === 0) return;
    const a = at(index - 1);
    const b = at(index);
    const path = a.y === b.y ? `M${a.x + W},${a.y + H / 2} L${b.x - 4},${b.y + H / 2}` : `M${a.x + W / 2},${a.y + H} L${a.x + W / 2},${a.y + H + GAP / 2} L${b.x + W / 2},${a.y + H + GAP / 2} L${b.x + W / 2},${b.y - 4}`;
    parts.push(`<path d="${path}" class="edge" marker-end="url(#arrow)"/>`);
  });
  nodes.forEach((node, index) => {
    const { x, y } = at(index);
    const shape =
      node.kind === 'gate'
        ? `<polygon points="${x + W / 2},${y} ${x + W},${y + H / 2} ${x + W / 2},${y + H} ${x},${y + H / 2}"/>`
        : `<rect x="${x}" y="${y}" width="${W}" height="${H}" rx="${node.kind === 'phase' ? 8 : 29}"/>`;
    const words = clip(node.label, 44);
    const first = words.length > 22 ? words.slice(0, words.lastIndexOf(' ', 22) > 8 ? words.lastIndexOf(' ', 22) : 22) : words;
    const second = words.slice(first.length).trim();
    const label = second
      ? `<text x="${x + W / 2}" y="${y + H / 2 - 3}">${escapeHtml(first)}</text><text x="${x + W / 2}" y="${y + H / 2 + 13}">${escapeHtml(clip(second, 22))}</text>`
      : `<text x="${x + W / 2}" y="${y + H / 2 + 5}">${escapeHtml(first)}</text>`;
    parts.push(`<g class="node ${node.kind} ${node.status}" data-id="${escapeHtml(node.id)}" data-status="${node.status}"><title>${escapeHtml(`${node.label} (${node.status})`)}</title>${shape}${label}</g>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="launch progress chart"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#8a94a6"/></marker></defs>${parts.join('')}</svg>`;
}

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
    `<section><h2>Statechart</h2>${renderChartSvg(chartNodes(plan, checklist))}</section>`,
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
.node text{font-size:11px;text-anchor:middle;fill:#1d2330}.node.done rect,.node.done polygon,.node.go polygon{fill:#d4f0dc;stroke:#2f9e5a}.node.active rect,.node.active polygon{fill:#dbe6ff;stroke:#2563eb;stroke-width:3.5}
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
