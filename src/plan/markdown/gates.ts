/**
 * Go/no-go gates: the ones the plan writes (a "Go/No-Go" section), placed after the phase that
 * holds them with that phase's items as criteria, and, when a plan has none, one added before
 * its launch phase so every launch has a decision point (reported, and switched off by
 * `addGate: false`).
 */
import type { Code } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Gate, Item, Phase } from '../model.ts';
import { fold, slug } from '../text.ts';
import { isLaunchTitle } from './classify.ts';
import type { Collector } from './collect.ts';
import type { Section } from './parse.ts';
import { displayTitle } from './phases.ts';
import { allContent } from './special.ts';

function itemIds(items: readonly Item[]): string[] {
  return items.flatMap((item) => [item.id, ...itemIds(item.children)]);
}

export function phaseItemIds(phase: Phase): string[] {
  return phase.steps.flatMap((step) => itemIds(step.items));
}

/** "fix" when the section says a no-go sends the launch back to correct things (in prose or a code block). */
function noGoPolicy(section: Section): Gate['onNoGo'] {
  const text = fold(allContent(section).map((node) => toString(node)).join(' '));
  return /corrig|correct|fix|retour|back to|rework/.test(text) ? 'fix' : 'hold';
}

/**
 * A gate written in the plan, with the items of `phase` (the phase that holds or precedes it) as
 * criteria. Where it stands (`beforePhase`) is set once every phase is read.
 */
export function gateFromSection(section: Section, phase: Phase, collector: Collector): Gate {
  const criteria = phaseItemIds(phase);
  const stated = allContent(section)
    .filter((node): node is Code => node.type === 'code')
    .flatMap((node) => node.value.split('\n'))
    .find((line) => /decision|décision|decided/i.test(line));
  if (stated) {
    collector.report('gate-stated-decision', 'info', `gate "${displayTitle(section.rawTitle)}": the plan states "${stated.trim()}"; a launch records its own decision with gate.decided`, section.line);
  }
  if (criteria.length === 0) collector.report('gate-without-criteria', 'warning', `gate "${displayTitle(section.rawTitle)}" has no criteria`, section.line);
  return {
    id: collector.uniqueId(`gate/${slug(section.title)}`),
    title: displayTitle(section.rawTitle),
    beforePhase: null,
    criteria,
    onNoGo: noGoPolicy(section),
    origin: 'plan',
    pos: { line: section.line, endLine: section.endLine },
  };
}

/**
 * Adds a go/no-go before the first launch-like phase (after at least one other phase), or
 * before completion, with the items of the phase before it as criteria.
 */
export function addLaunchGate(phases: readonly Phase[], collector: Collector): Gate | null {
  const sequential = phases.filter((phase) => phase.kind === 'sequential');
  const launchIndex = phases.findIndex((phase, index) => index > 0 && isLaunchTitle(phase.title) && phase.kind === 'sequential');
  const before = launchIndex > 0 ? phases[launchIndex] : undefined;
  const previous = launchIndex > 0 ? phases[launchIndex - 1] : sequential.at(-1);
  if (!previous) return null;
  const title = before ? `Go/No-Go: ${before.title}` : 'Go/No-Go';
  const line = before?.pos.line ?? previous.pos.endLine;
  collector.report(
    'gate-added',
    'info',
    `the plan has no go/no-go: one was added ${before ? `before "${before.title}"` : 'before completion'} with the items of "${previous.title}" as criteria (set addGate: false to remove it)`,
    line,
  );
  return {
    id: collector.uniqueId(`gate/${slug(title)}`),
    title,
    beforePhase: before?.id ?? null,
    criteria: phaseItemIds(previous),
    onNoGo: 'hold',
    origin: 'added',
    pos: { line, endLine: line },
  };
}
