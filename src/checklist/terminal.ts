/** The checklist as a terminal tree: phases with progress bars, steps, items, gates, blockers. */
import { styleText } from 'node:util';
import { formatCountdown, secondsToGoLive } from './countdown.ts';
import type { Checklist, ChecklistItem } from './derive.ts';

type Style = Parameters<typeof styleText>[0];

function bar(done: number, total: number, width = 20): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)} ${done}/${total}`;
}

const MARK: Record<ChecklistItem['status'], string> = {
  done: '[x]',
  pending: '[ ]',
  failed: '[!]',
  waived: '[~]',
  skipped: '[-]',
};

/**
 * Renders a checklist for a terminal. `items: 'open'` lists only items not done (the default
 * keeps long plans readable); `'all'` lists every item. With `now`, the go-live line counts down.
 */
export function renderChecklistTree(
  checklist: Checklist,
  options: { color: boolean; items?: 'open' | 'all'; now?: Date },
): string {
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text) : text);
  const tone: Record<string, Style> = {
    done: 'green',
    active: 'cyan',
    blocked: 'red',
    pending: 'dim',
    skipped: 'dim',
    go: 'green',
    'no-go': 'red',
    waiting: 'yellow',
  };
  const lines = [
    `${paint('bold', checklist.stream)} · ${checklist.state} · ${checklist.health === 'healthy' ? paint('green', 'healthy') : paint('red', 'degraded')} · v${checklist.version}`,
    `overall ${bar(checklist.progress.done, checklist.progress.total)}`,
  ];
  const { goLiveAt } = checklist.schedule;
  const toGoLive = options.now ? secondsToGoLive(checklist, options.now) : null;
  if (goLiveAt)
    lines.push(`go-live ${goLiveAt}${toGoLive === null ? '' : ` (${formatCountdown(toGoLive)})`}`);
  const due = (when: string | null, overdue: boolean) =>
    when ? (overdue ? paint('red', ` OVERDUE since ${when}`) : paint('dim', ` due ${when}`)) : '';
  for (const phase of checklist.phases) {
    lines.push(
      paint(
        tone[phase.status] ?? 'dim',
        `▸ ${phase.title}  ${bar(phase.progress.done, phase.progress.total)}  ${phase.status}${phase.continuous ? ' (continuous)' : ''}`,
      ) + (phase.status === 'done' ? '' : due(phase.due, phase.overdue)),
    );
    if (phase.status === 'done' && options.items !== 'all') continue;
    for (const step of phase.steps) {
      const owners = step.owners.length ? ` @${step.owners.join(', @')}` : '';
      lines.push(
        `    ${paint(tone[step.status] ?? 'dim', step.title)} ${step.progress.done}/${step.progress.total}${step.status === 'done' ? '' : step.due ? due(step.due, step.overdue) : step.overdue ? paint('red', ' OVERDUE') : ''}${paint('blue', owners)}`,
      );
      for (const item of step.items) {
        if (options.items !== 'all' && (item.status === 'done' || item.status === 'waived')) continue;
        const who = item.by ? paint('dim', ` — ${item.by}${item.at ? ` ${item.at}` : ''}`) : '';
        lines.push(
          `      ${item.status === 'failed' ? paint('red', MARK[item.status]) : MARK[item.status]} ${item.text}${who}`,
        );
      }
    }
  }
  for (const gate of checklist.gates)
    lines.push(
      paint(tone[gate.status] ?? 'dim', `◆ ${gate.title}: ${gate.status}${gate.by ? ` (${gate.by})` : ''}`),
    );
  if (checklist.rollback.status !== 'idle' || checklist.rollback.count > 0) {
    lines.push(paint('red', `↺ rollback ${checklist.rollback.status} (${checklist.rollback.count} so far)`));
    for (const step of checklist.rollback.steps) lines.push(`    ${MARK[step.status]} ${step.text}`);
  }
  if (checklist.blockers.length) {
    lines.push(paint('bold', 'blockers'));
    for (const blocker of checklist.blockers)
      lines.push(paint('red', `    ${blocker.kind}: ${blocker.message}`));
  }
  return lines.join('\n');
}
