/**
 * The statechart drawn on the launch console, as a self-contained SVG: the progress region (ready →
 * phases and go/no-go gates in plan order → completed or operating) and, below it, the health
 * region (healthy ⇄ degraded) and the rollback states (rolling back → rolled back, aborted), each
 * with the state the launch is in outlined. Pure functions of the plan and the checklist.
 */
import type { Checklist, ChecklistGate, ChecklistPhase } from '../checklist/derive.ts';
import type { Plan } from '../plan/model.ts';

/** Escape text for HTML and SVG. */
export const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** A node of the drawn chart. */
export interface ChartNode {
  id: string;
  label: string;
  kind: 'start' | 'phase' | 'gate' | 'end' | 'state';
  status: 'done' | 'active' | 'pending' | 'waiting' | 'go' | 'no-go';
}

/** A row of states of another region: `cycle` draws a two-way arrow between its two states. */
export interface ChartLane {
  label: string;
  links: 'chain' | 'cycle';
  nodes: ChartNode[];
  /** Lines written beside the lane's states (the health lane: the plan's thresholds). */
  notes?: string[];
}

/** Phases and gates in the order the launch goes through them, between ready and completed. */
export function chartNodes(plan: Plan, checklist: Checklist): ChartNode[] {
  const gates = new Map(checklist.gates.map((gate) => [gate.id, gate] as const));
  const phases = new Map(checklist.phases.map((phase) => [phase.id, phase] as const));
  const gateNode = (gate: ChecklistGate): ChartNode => ({
    id: gate.id,
    label: gate.title,
    kind: 'gate',
    status: checklist.current.includes(gate.id) ? 'active' : gate.status === 'skipped' ? 'done' : gate.status,
  });
  const ended = checklist.state === 'completed' || checklist.state === 'operating';
  const nodes: ChartNode[] = [
    { id: 'ready', label: 'ready', kind: 'start', status: checklist.state === 'ready' ? 'active' : 'done' },
  ];
  for (const phase of plan.phases) {
    for (const gate of plan.gates.filter((g) => g.beforePhase === phase.id))
      nodes.push(gateNode(gates.get(gate.id) as ChecklistGate));
    const view = phases.get(phase.id) as ChecklistPhase;
    nodes.push({ id: phase.id, label: phase.title, kind: 'phase', status: view.status });
  }
  for (const gate of plan.gates.filter((g) => g.beforePhase === null))
    nodes.push(gateNode(gates.get(gate.id) as ChecklistGate));
  const end = plan.phases.some((phase) => phase.kind === 'continuous') ? 'operating' : 'completed';
  nodes.push({ id: end, label: end, kind: 'end', status: ended ? 'active' : 'pending' });
  return nodes;
}

/** The health region (with the plan's thresholds beside it) and the rollback states, with the launch's current ones active. */
export function regionLanes(checklist: Checklist, thresholds: readonly string[] = []): ChartLane[] {
  const state = (id: string, active: boolean): ChartNode => ({
    id,
    label: id.replace('-', ' '),
    kind: 'state',
    status: active ? 'active' : 'pending',
  });
  return [
    {
      label: 'health',
      links: 'cycle',
      nodes: [
        state('healthy', checklist.health === 'healthy'),
        state('degraded', checklist.health === 'degraded'),
      ],
      notes: [...thresholds],
    },
    {
      label: 'rollback',
      links: 'chain',
      nodes: [
        state('rolling-back', checklist.state === 'rolling-back'),
        state('rolled-back', checklist.state === 'rolled-back'),
        state('aborted', checklist.state === 'aborted'),
      ],
    },
  ];
}

const W = 168;
const H = 58;
const GAP = 34;
const PER_ROW = 4;
/** Lane rows: smaller states, a caption column on the left. */
const LANE_H = 36;
const LANE_GAP = 14;
const CAPTION = 70;

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const labelOf = (node: ChartNode, x: number, y: number, height: number): string => {
  const words = clip(node.label, 44);
  const first =
    words.length > 22
      ? words.slice(0, words.lastIndexOf(' ', 22) > 8 ? words.lastIndexOf(' ', 22) : 22)
      : words;
  const second = words.slice(first.length).trim();
  return second
    ? `<text x="${x + W / 2}" y="${y + height / 2 - 3}">${escapeHtml(first)}</text><text x="${x + W / 2}" y="${y + height / 2 + 13}">${escapeHtml(clip(second, 22))}</text>`
    : `<text x="${x + W / 2}" y="${y + height / 2 + 4}">${escapeHtml(first)}</text>`;
};

const nodeSvg = (node: ChartNode, x: number, y: number, height: number): string => {
  const shape =
    node.kind === 'gate'
      ? `<polygon points="${x + W / 2},${y} ${x + W},${y + height / 2} ${x + W / 2},${y + height} ${x},${y + height / 2}"/>`
      : `<rect x="${x}" y="${y}" width="${W}" height="${height}" rx="${node.kind === 'phase' ? 8 : height / 2}"/>`;
  return `<g class="node ${node.kind} ${node.status}" data-id="${escapeHtml(node.id)}" data-status="${node.status}"><title>${escapeHtml(`${node.label} (${node.status})`)}</title>${shape}${labelOf(node, x, y, height)}</g>`;
};

/**
 * The chart as an SVG: boxes for phases, diamonds for gates, lanes of other regions below, the
 * active states outlined.
 *
 * @example
 * renderChartSvg(chartNodes(plan, checklist), regionLanes(checklist)) // '<svg …>…</svg>'
 */
export function renderChartSvg(nodes: readonly ChartNode[], lanes: readonly ChartLane[] = []): string {
  const rows = Math.ceil(nodes.length / PER_ROW);
  const width = PER_ROW * W + (PER_ROW - 1) * GAP + 20;
  const progressHeight = rows * H + (rows - 1) * GAP;
  const height = progressHeight + 20 + lanes.length * (LANE_H + LANE_GAP);
  const at = (index: number) => ({
    x: 10 + (index % PER_ROW) * (W + GAP),
    y: 10 + Math.floor(index / PER_ROW) * (H + GAP),
  });
  const parts: string[] = [];
  nodes.forEach((_, index) => {
    if (index === 0) return;
    const a = at(index - 1);
    const b = at(index);
    const path =
      a.y === b.y
        ? `M${a.x + W},${a.y + H / 2} L${b.x - 4},${b.y + H / 2}`
        : `M${a.x + W / 2},${a.y + H} L${a.x + W / 2},${a.y + H + GAP / 2} L${b.x + W / 2},${a.y + H + GAP / 2} L${b.x + W / 2},${b.y - 4}`;
    parts.push(`<path d="${path}" class="edge" marker-end="url(#arrow)"/>`);
  });
  nodes.forEach((node, index) => parts.push(nodeSvg(node, at(index).x, at(index).y, H)));
  lanes.forEach((lane, row) => {
    const y = 10 + progressHeight + LANE_GAP + row * (LANE_H + LANE_GAP);
    const x = (index: number) => 10 + CAPTION + index * (W + GAP);
    parts.push(`<text class="lane" x="10" y="${y + LANE_H / 2 + 4}">${escapeHtml(lane.label)}</text>`);
    lane.nodes.forEach((_, index) => {
      if (index === 0) return;
      const start = lane.links === 'cycle' ? ' marker-start="url(#arrow)"' : '';
      parts.push(
        `<path d="M${x(index - 1) + W + (start ? 4 : 0)},${y + LANE_H / 2} L${x(index) - 4},${y + LANE_H / 2}" class="edge"${start} marker-end="url(#arrow)"/>`,
      );
    });
    lane.nodes.forEach((node, index) => parts.push(nodeSvg(node, x(index), y, LANE_H)));
    const notes = lane.notes ?? [];
    if (notes.length > 0) {
      // Two lines fit beside a lane; the rest are counted, and all of them are in the tooltip.
      const shown = notes.length > 2 ? [notes[0] as string, `+${notes.length - 1} more`] : notes;
      const lines = shown.map(
        (note, line) =>
          `<text class="note" x="${x(lane.nodes.length) - GAP / 2}" y="${y + LANE_H / 2 + 4 + (line - (shown.length - 1) / 2) * 14}">${escapeHtml(clip(note, 40))}</text>`,
      );
      parts.push(`<g class="notes"><title>${escapeHtml(notes.join('\n'))}</title>${lines.join('')}</g>`);
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="launch statechart"><defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#8a94a6"/></marker></defs>${parts.join('')}</svg>`;
}
