/**
 * A plan that is itself a rollback runbook ("# Runbook: Rollback de Deploy", "## Rollback
 * Runbook", "POLÍTICA DE ROLLBACK"): the whole document is the rollback protocol, and its
 * procedure is also the work a person ticks while rolling back. Read as a launch plan, such a
 * document had phases and no rollback (lint then said "the plan has no rollback protocol"), or a
 * rollback and no phase at all ("no phase").
 */
import type { Item, Phase, Rollback, RollbackStep, Step } from '../model.ts';
import { slug } from '../text.ts';
import type { Collector } from './collect.ts';
import { kindOf } from './items.ts';
import { modeOf } from './rollbackWords.ts';
import type { Reading } from './sections.ts';
import type { PlanStructure } from './structure.ts';

export function readRollbackRunbook(structure: PlanStructure, reading: Reading, collector: Collector): void {
  if (!structure.rollbackPlan) return;
  // Only its triggers or readiness checks were read as the rollback ("Quando executar rollback"):
  // the procedure is in the sections read as work.
  const noProcedure = reading.rollbackSections.every((section) => {
    const mode = modeOf(section.title);
    return mode === 'triggers' || mode === 'checks' || mode === 'skip';
  });
  if (noProcedure) {
    // The procedure was read as the work: it is the protocol too (the text before the first section included).
    const worked = new Set(reading.phases.map((phase) => phase.pos.line));
    const preamble = { ...structure.preamble, children: [] };
    const procedure = [
      ...(worked.has(preamble.line) ? [preamble] : []),
      ...structure.sections.filter((section) => worked.has(section.line)),
    ];
    reading.rollbackSections = [...reading.rollbackSections, ...procedure].sort((a, b) => a.line - b.line);
    if (procedure.length > 0)
      collector.report(
        'rollback-runbook',
        'info',
        'the plan is a rollback runbook: its procedure is the rollback protocol and the work to tick while rolling back',
        reading.rollbackSections[0]?.line ?? 1,
      );
  }
}

/**
 * A runbook read as a rollback and nothing else ("## Rollback Runbook" over its numbered steps):
 * its procedure is also the one phase of work, a step per rollback step and an item per sub-step,
 * so that the runbook can be started, ticked and written back like any plan.
 */
/** A list item's box: the text before the mark (its column), and the mark. */
const BOX = /^(\s*(?:[-*+]|\d+[.)])\s+\[)([ xX])\]/u;

/**
 * Adds the runbook's phase for the rollback steps written before any work and held by no phase:
 * whether a later section reads as work never changes this phase (or its item ids).
 */
export function addRunbookPhase(
  phases: Phase[],
  rollback: Rollback,
  title: string,
  collector: Collector,
): void {
  const held = (step: RollbackStep) =>
    phases.some((phase) => step.pos.line >= phase.pos.line && step.pos.line <= phase.pos.endLine);
  // The runbook opens the document; a rollback written after the plan's work is its protocol only.
  const work = Math.min(...phases.map((phase) => phase.pos.line));
  const steps = rollback.steps.filter((step) => !held(step) && step.pos.line < work);
  if (steps.length === 0) return;
  const phase = runbookPhase({ ...rollback, steps }, title, collector);
  const at = phases.findIndex((other) => other.pos.line > (steps[0]?.pos.line ?? 0));
  phases.splice(at < 0 ? phases.length : at, 0, phase);
}

function runbookPhase(rollback: Rollback, title: string, collector: Collector): Phase {
  const id = collector.uniqueId(slug(title) || 'rollback');
  const stepId = collector.uniqueId(`${id}/${id}`);
  // One step, its items the rollback's steps in document order and their sub-steps under them:
  // ids stay the same however the sub-steps nest.
  const itemOf = (part: RollbackStep): Item => {
    // A box written on the step's line is the item's: ticked and written back there.
    const box = BOX.exec(collector.source[part.pos.line - 1] ?? '');
    const item: Item = {
      id: collector.uniqueId(`${stepId}/${slug(part.title)}`),
      text: part.title,
      kind: kindOf(part.title),
      done: box?.[2] !== undefined && box[2] !== ' ',
      checkbox: box?.[1] === undefined ? null : { line: part.pos.line, column: box[1].length + 1 },
      children: [],
      pos: part.pos,
    };
    item.children = (part.children ?? []).map(itemOf);
    return item;
  };
  const step: Step = {
    id: stepId,
    title,
    group: null,
    items: rollback.steps.map(itemOf),
    window: null,
    owners: [],
    code: [],
    pos: rollback.pos,
  };
  collector.report(
    'rollback-runbook',
    'info',
    'the plan is a rollback runbook: its procedure is the work to tick while rolling back',
    rollback.pos.line,
  );
  return {
    id,
    title,
    kind: 'sequential',
    window: null,
    duration: null,
    objectives: [],
    deliverables: [],
    steps: [step],
    pos: rollback.pos,
  };
}
