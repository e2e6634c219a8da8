/**
 * No silent losses: every list item and table row of the document (outside code) is either read
 * into the plan (an item, a step, a rollback step or trigger, a risk, a calendar row, an alert
 * rule) or lies in a note; whatever is neither is reported with its line, so `lint` can warn.
 */
import type { ListItem, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Item, Plan, RollbackStep, Step } from '../model.ts';
import type { Collector } from './collect.ts';
import { lineOf } from './parse.ts';

type Range = [number, number];

function itemRanges(items: readonly Item[]): Range[] {
  return items.flatMap((item) => [[item.pos.line, item.pos.endLine] as Range, ...itemRanges(item.children)]);
}

function rollbackRanges(steps: readonly RollbackStep[]): Range[] {
  return steps.flatMap((step) => [
    [step.pos.line, step.pos.endLine] as Range,
    ...rollbackRanges(step.children ?? []),
  ]);
}

/** A step without a list is its own one item, spanning the section: that does not read what the section holds. */
function isSelfItem(item: Item, step: Step): boolean {
  return item.checkbox === null && item.pos.line === step.pos.line && item.pos.endLine === step.pos.endLine;
}

/** The source ranges the plan accounts for. */
function accountedRanges(
  plan: Omit<Plan, 'id' | 'title' | 'hash' | 'diagnostics'>,
  collector: Collector,
): Range[] {
  const span = (pos: { line: number; endLine: number }): Range => [pos.line, pos.endLine];
  return [
    ...plan.phases.flatMap((phase) => [
      ...itemRanges(phase.deliverables),
      ...phase.steps.flatMap((step) => itemRanges(step.items.filter((item) => !isSelfItem(item, step)))),
    ]),
    ...plan.notes.map((note) => span(note.pos)),
    ...plan.risks.map((risk) => span(risk.pos)),
    ...plan.schedule.map((entry) => span(entry.pos)),
    ...plan.alerts.map((rule) => span(rule.pos)),
    ...rollbackRanges(plan.rollback?.steps ?? []),
    ...(plan.rollback?.triggers ?? []).map((trigger) => span(trigger.pos)),
    ...(plan.rollback?.checks ?? []).map((check) => span(check.pos)),
    ...collector.accounted,
  ];
}

/** Reports the list items and table rows the plan does not account for, one diagnostic per list or table. */
export function reportUnread(
  root: Root,
  plan: Omit<Plan, 'id' | 'title' | 'hash' | 'diagnostics'>,
  collector: Collector,
): void {
  const ranges = accountedRanges(plan, collector);
  const covered = (line: number) => ranges.some(([from, to]) => line >= from && line <= to);
  visit(root, (node) => {
    if (node.type === 'code') return 'skip';
    if (node.type === 'list') {
      const unread = node.children.filter((item) => !covered(lineOf(item)));
      if (unread.length === 0) return undefined;
      const boxes = unread.filter(
        (item: ListItem) => item.checked !== null && item.checked !== undefined,
      ).length;
      collector.report(
        boxes > 0 ? 'unread-checkboxes' : 'unread-items',
        'warning',
        `${unread.length} list item(s)${boxes > 0 ? `, ${boxes} with a checkbox,` : ''} not read as work or notes: line(s) ${unread.map(lineOf).join(', ')}`,
        lineOf(unread[0] as ListItem),
      );
      return undefined;
    }
    if (node.type === 'table') {
      const rows = node.children.slice(1).filter((row) => !covered(lineOf(row)));
      if (rows.length > 0)
        collector.report(
          'unread-rows',
          'warning',
          `${rows.length} table row(s) not read as items, steps, thresholds or notes: line(s) ${rows.map(lineOf).join(', ')}`,
          lineOf(rows[0] as NonNullable<(typeof rows)[0]>),
        );
      return 'skip';
    }
    return undefined;
  });
}
