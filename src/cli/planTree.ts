/**
 * A plan as a terminal tree: phases, steps, items with status and owners, gates, rollback,
 * alerts, diagnostics; and the reader's decisions, one line per section or table (`--explain`).
 */
import { styleText } from 'node:util';
import type { Decision } from '../plan/markdown/collect.ts';
import type { Item, Plan, Window } from '../plan/model.ts';

type Style = Parameters<typeof styleText>[0];

export function renderPlanTree(plan: Plan, options: { color: boolean }): string {
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text) : text);
  const lines: string[] = [];
  const window = (value: Window | null) => (value ? paint('cyan', ` [${value.raw}]`) : '');
  const status = (item: Item) => (item.done ? paint('green', '[x]') : '[ ]');
  const items = (list: readonly Item[], indent: string) => {
    for (const item of list) {
      const owners = item.owners?.length ? paint('blue', ` @${item.owners.join(', @')}`) : '';
      lines.push(
        `${indent}${status(item)} ${item.text}${item.kind === 'task' ? '' : paint('dim', ` (${item.kind})`)}${owners}${window(item.window ?? null)}  ${paint('dim', item.id)}`,
      );
      items(item.children, `${indent}    `);
    }
  };

  lines.push(`${paint('bold', plan.title)}  ${paint('dim', `${plan.id} · ${plan.hash.slice(0, 12)}`)}`);
  for (const phase of plan.phases) {
    for (const gate of plan.gates.filter((candidate) => candidate.beforePhase === phase.id)) {
      lines.push(
        paint(
          'yellow',
          `◆ gate ${gate.title} (${gate.criteria.length} criteria, no-go: ${gate.onNoGo}${gate.origin === 'added' ? ', added' : ''})`,
        ),
      );
    }
    lines.push(
      `${paint('bold', `▸ ${phase.title}`)}${window(phase.window)}${phase.owners?.length ? paint('blue', ` @${phase.owners.join(', @')}`) : ''}${phase.duration ? paint('dim', ` ~${phase.duration.raw}`) : ''}${phase.kind === 'continuous' ? paint('magenta', ' (continuous)') : ''}`,
    );
    for (const step of phase.steps) {
      const owners = step.owners.length ? paint('blue', ` @${step.owners.join(', @')}`) : '';
      lines.push(
        `    ${step.group ? paint('dim', `${step.group} › `) : ''}${step.title}${window(step.window)}${owners}${step.code.length ? paint('dim', ` {${step.code.length} code}`) : ''}`,
      );
      items(step.items, '      ');
    }
  }
  for (const gate of plan.gates.filter((candidate) => candidate.beforePhase === null)) {
    lines.push(
      paint(
        'yellow',
        `◆ gate ${gate.title} (${gate.criteria.length} criteria, before completion${gate.origin === 'added' ? ', added' : ''})`,
      ),
    );
  }
  for (const gate of plan.gates.filter((candidate) => candidate.stated))
    lines.push(
      paint('dim', `  gate ${gate.title}: the plan states ${gate.stated?.decision} ("${gate.stated?.text}")`),
    );
  if (plan.rollback) {
    lines.push(
      paint('red', `↺ ${plan.rollback.title}`) +
        (plan.rollback.trigger ? paint('dim', ` — when: ${plan.rollback.trigger}`) : ''),
    );
    for (const trigger of plan.rollback.triggers ?? [])
      lines.push(`    ${paint('red', 'when')} ${trigger.text}`);
    const steps = (list: typeof plan.rollback.steps, indent: string) =>
      list.forEach((step, index) => {
        const owners = step.owners?.length ? paint('blue', ` @${step.owners.join(', @')}`) : '';
        lines.push(
          `${indent}${index + 1}. ${step.text}${owners}${step.condition ? paint('dim', ` [if ${step.condition}]`) : ''}`,
        );
        steps(step.children ?? [], `${indent}    `);
      });
    steps(plan.rollback.steps, '    ');
  }
  if (plan.alerts.length) {
    lines.push(paint('bold', 'alerts'));
    for (const rule of plan.alerts)
      lines.push(`    ${rule.metric} ${rule.comparison} ${rule.threshold}${rule.unit}`);
  }
  if (plan.risks.length) {
    lines.push(paint('bold', 'risks'));
    for (const risk of plan.risks)
      lines.push(`    ${risk.title}${risk.mitigation ? paint('dim', ` → ${risk.mitigation}`) : ''}`);
  }
  if (plan.notes.length)
    lines.push(
      paint('dim', `notes: ${plan.notes.map((note) => `${note.title} (${note.kind})`).join(' · ')}`),
    );
  if (plan.diagnostics.length) {
    lines.push(paint('bold', 'diagnostics'));
    const tone: Record<string, Style> = { error: 'red', warning: 'yellow', info: 'dim' };
    for (const diagnostic of plan.diagnostics)
      lines.push(
        paint(
          tone[diagnostic.severity] ?? 'dim',
          `    line ${diagnostic.line}: ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`,
        ),
      );
  }
  return lines.join('\n');
}

/** The reader's decisions: per section or table, what it was read as and why. */
export function renderDecisions(decisions: readonly Decision[], plan: Plan): string {
  const lines = decisions.map(
    (decision) =>
      `line ${decision.line}: ${decision.subject} → ${decision.as}${decision.why ? ` (${decision.why})` : ''}`,
  );
  const losses = plan.diagnostics.filter((diagnostic) => diagnostic.code.startsWith('unread-'));
  return [
    ...lines,
    ...losses.map((diagnostic) => `line ${diagnostic.line}: not read: ${diagnostic.message}`),
  ].join('\n');
}
