/**
 * Go/no-go gates: the ones the plan writes (a "Go/No-Go" section, with its own criteria when it
 * lists them: a checklist, a criteria table, MUST HAVE / NICE TO HAVE lists), one stated by an
 * item ("Final Go/No-Go confirmation"), and, when a plan has none, one implied before its real
 * go-live phase (reported, and switched off by `addGate: false`). A verdict the plan states
 * ("APPROVED FOR GO-LIVE") is reported on the gate, never applied.
 */
import { toString } from 'mdast-util-to-string';
import type { Gate, Phase, StatedDecision } from '../model.ts';
import { stepItemIds } from '../query.ts';
import { fold, slug } from '../text.ts';
import { launchPhaseIndex } from './gatePlacement.ts';
import type { Collector } from './collect.ts';
import { displayTitle, type Section } from './parse.ts';
import { allContent } from './sectionContent.ts';

/** "fix" when the section says a no-go sends the launch back to correct things (in prose or a code block). */
function noGoPolicy(section: Section): Gate['onNoGo'] {
  const text = fold(
    allContent(section)
      .map((node) => toString(node))
      .join(' '),
  );
  return /corrig|correct|fix|retour|back to|rework|korrig|zuruck|volver|voltar/.test(text) ? 'fix' : 'hold';
}

const GO = 'go|approved|approuve|valide|aprobado|aprovado|freigegeben|genehmigt';
const NO_GO = 'no[\\s-]?go|rejected|refuse|rechazado|reprovado|abgelehnt|not approved';
const LABELLED = new RegExp(
  `\\b(?:decision|verdict|veredicto|decisao|entscheidung|resultado|ergebnis|outcome|statut|status|estado)\\s*:\\s*(?:[^\\p{L}]*)(${NO_GO}|${GO})\\b`,
  'iu',
);
const BARE =
  /\b(APPROVED FOR (?:GO[\s-]?LIVE|PRODUCTION|LAUNCH|RELEASE)|GO FOR (?:PRODUCTION|LAUNCH|GO[\s-]?LIVE)|APROVADO|APROBADO|FREIGEGEBEN|GENEHMIGT|APPROUVÉ|REJECTED|RECHAZADO|REPROVADO|ABGELEHNT)\b/u;

/** The verdict a line states, or null; a line naming both ("GO / NO-GO", "☐ GO ☐ NO-GO") is a blank to fill in. */
function statedVerdict(line: string): StatedDecision['decision'] | null {
  const folded = fold(line);
  if (
    new RegExp(`\\b(${NO_GO})\\b`, 'i').test(folded) &&
    new RegExp(`(^|[^-\\w])go\\b(?![\\s-]*live)`, 'i').test(folded.replace(new RegExp(NO_GO, 'gi'), ''))
  )
    return null;
  const labelled = LABELLED.exec(folded)?.[1];
  const bare = labelled ? undefined : BARE.exec(line)?.[1];
  const word = labelled ?? (bare ? fold(bare) : undefined);
  if (!word) return null;
  return new RegExp(`^(${NO_GO})`, 'i').test(word) ? 'no-go' : 'go';
}

/** The first verdict stated in a section's prose, lists, tables or code. */
export function stateOf(section: Section): StatedDecision | null {
  for (const node of allContent(section)) {
    const lines = node.type === 'code' ? node.value.split('\n') : toString(node).split('\n');
    for (const [index, line] of lines.entries()) {
      const decision = statedVerdict(line);
      if (decision)
        return {
          decision,
          text: line.trim(),
          line: (node.position?.start.line ?? 0) + (node.type === 'code' ? index + 1 : index),
        };
    }
  }
  return null;
}

/** A gate's own criteria, when its section lists them; `advisory` are the nice-to-haves. */
export interface OwnCriteria {
  criteria: string[];
  advisory: string[];
}

/**
 * A gate written in the plan. Its criteria are its own (when its section lists them) or else the
 * items of `phase` (the phase that holds or precedes it). Where it stands (`beforePhase`) is set
 * once every phase is read.
 */
export function gateFromSection(
  section: Section,
  phase: Phase,
  collector: Collector,
  own: OwnCriteria | null,
): Gate {
  const title = displayTitle(section.rawTitle);
  const listed = own !== null && own.criteria.length + own.advisory.length > 0;
  const criteria = listed ? own.criteria : stepItemIds(phase);
  // A gate listing no criteria of its own holds the decision's record (approvers, minutes): kept with the gate.
  if (!listed) collector.account(section.line, section.endLine);
  const stated = stateOf(section);
  if (stated)
    collector.report(
      'gate-stated-decision',
      'info',
      `gate "${title}": the plan states "${stated.text}" (${stated.decision}); a launch records its own decision with gate.decided`,
      stated.line,
    );
  if (criteria.length === 0)
    collector.report('gate-without-criteria', 'warning', `gate "${title}" has no criteria`, section.line);
  collector.explain(
    section.line,
    title,
    'gate',
    own?.criteria.length
      ? `its own ${own.criteria.length} criteria${own.advisory.length ? ` and ${own.advisory.length} nice-to-have(s)` : ''}`
      : `criteria: the ${criteria.length} item(s) of "${phase.title}"`,
  );
  return {
    id: collector.uniqueId(`gate/${slug(section.title)}`),
    title,
    beforePhase: null,
    criteria,
    onNoGo: noGoPolicy(section),
    origin: 'plan',
    pos: { line: section.line, endLine: section.endLine },
    ...(own?.advisory.length ? { advisory: own.advisory } : {}),
    ...(stated ? { stated } : {}),
  };
}

/**
 * Adds a go/no-go before the real go-live phase (the first launch-like one after at least one
 * other phase, never a "Pre-…" one) with the items of the phase before it as criteria. A plan
 * with no go-live phase gets no invented gate.
 */
export function addLaunchGate(phases: readonly Phase[], collector: Collector): Gate | null {
  const launchIndex = launchPhaseIndex(phases);
  const before = phases[launchIndex];
  const previous = phases[launchIndex - 1];
  if (!before || !previous) {
    if (phases.length > 0)
      collector.report(
        'no-gate',
        'info',
        'the plan names no go/no-go and no go-live phase: no gate was added',
        phases[0]?.pos.line ?? 1,
      );
    return null;
  }
  const title = `Go/No-Go: ${before.title}`;
  const line = before.pos.line;
  collector.report(
    'gate-added',
    'info',
    `the plan has no go/no-go: one was added before "${before.title}" with the items of "${previous.title}" as criteria (set addGate: false to remove it)`,
    line,
  );
  collector.explain(
    line,
    title,
    'gate (implied)',
    `"${before.title}" is the first go-live phase (not a Pre-/Post- one)`,
  );
  return {
    id: collector.uniqueId(`gate/${slug(title)}`),
    title,
    beforePhase: before.id,
    criteria: stepItemIds(previous),
    onNoGo: 'hold',
    origin: 'added',
    pos: { line, endLine: line },
  };
}
