/**
 * Where the plan's go/no-go decisions stand on the timeline. A decision written as a section
 * stands before the phase that follows it; a launch decision written after the go-live phase (a
 * "Final verification" at the end of the file) still stands before the go-live. A plan without a
 * decision section may write its decisions as items ("Decision: widen to pilot or roll back",
 * "Final Go/No-Go confirmation"): each is a gate, waiting on the items before it. Two decisions
 * before the same phase are one decision.
 */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Gate, Item, Phase } from '../model.ts';
import { flattenItems, stepItemIds } from '../query.ts';
import { fold, slug } from '../text.ts';
import { parseWindow } from '../time.ts';
import { isAfterLaunchTitle, isLaunchTitle } from './classify.ts';
import type { Collector } from './collect.ts';
import { findKeyword, hasKeyword, keywords, wordsOf } from './keywords.ts';
import { paragraphLines } from './lines.ts';
import type { Section } from './parse.ts';
import { TITLE_WORDS } from './roleWords.ts';

/** The index of the phase at the go-live (its title names the go-live, or its window holds T-0), or -1. */
export function launchPhaseIndex(phases: readonly Phase[]): number {
  const launches = (strict: boolean) =>
    phases.findIndex((phase, index) => {
      if (phase.kind !== 'sequential') return false;
      const window = phase.window ?? parseWindow(phase.title);
      if (window?.anchor === 'launch' && window.from <= 0 && window.to >= 0 && window.unit !== 'minute')
        return true;
      return (
        index > 0 &&
        isLaunchTitle(phase.title) &&
        !isAfterLaunchTitle(phase.title) &&
        (!strict || hasKeyword(phase.title, GO_LIVE_ITSELF, { unprefixed: true }))
      );
    });
  // "6. Abnahme & Go-Live" is the go-live, not "1. Datenbank & Deployment (Voraussetzung)" before it.
  const named = launches(true);
  return named >= 0 ? named : launches(false);
}

/** Words that name the go-live itself, not any deployment or release on the way to it. */
// prettier-ignore
const GO_LIVE_ITSELF = keywords(
  'go live', 'golive', 'goes live', 'go live day', 'launch day', 'jour j', 'd day', 'dia d', 'livegang',
  'liveschaltung', 'mise en production', 'puesta en produccion', 'entrada em producao', 'messa in produzione',
  'in productie', 'produktivsetzung', 'lancement', 'lanzamiento', 'lancamento', 'lancio', 'launch',
  'cutover', 'bascule',
);

// prettier-ignore
const CLOSURE = keywords(
  'closure', 'close out', 'closing', 'exit', 'completion', 'cloture', 'fin', 'cierre', 'encerramento',
  'fechamento', 'abschluss', 'chiusura', 'afsluiting', 'hypercare', 'bau', 'handover', 'hand over',
  'passation', 'traspaso', 'ubergabe', 'passaggio', 'overdracht', 'post', 'apres', 'despues', 'pos',
  'nach', 'dopo', 'na', 'after', 'retrospective', 'retro', 'lessons',
);

/** A decision item: a go/no-go, a labelled "Decision:"/"Gate:", or a sign-off of the go-live itself. */
const DECISION_LABEL =
  /^(?:final\s+)?(?:decision|gate|décision|decisión|decisão|entscheidung|decisione|besluit|beslissing|go\s*\/\s*no[\s-]*go|checkpoint)(?:\s*[:—–]|\s+-\s)/iu;
const GO_NO_GO = /\bgo\s*[/-]?\s*(?:or\s+)?no[\s-]*go\b|\bgonogo\b|\bfeu vert\b/iu;
// prettier-ignore
const SIGN_OFF = keywords(
  'sign off', 'signoff', 'approve', 'approval', 'approves', 'freigabe', 'freigeben', 'abnahme', 'abnehmen',
  'approbation', 'valider le go', 'aprobacion', 'aprobar', 'aprovacao', 'aprovar', 'approvazione',
  'approvare', 'goedkeuring', 'akkoord', 'decision', 'decide',
);
// prettier-ignore
const OF_LAUNCH = keywords(
  'go live', 'golive', 'launch', 'release', 'production', 'prod', 'cutover', 'rollout', 'proceed', 'widen',
  'mise en production', 'lancement', 'bascule', 'puesta en produccion', 'lanzamiento', 'producao',
  'lancamento', 'produktivsetzung', 'livegang', 'rilascio', 'messa in produzione', 'livegang', 'uitrol',
);

/**
 * A decision in a line: a go/no-go, a labelled "Decision:"/"Gate:"/"Checkpoint:", or a sign-off
 * of the go-live itself ("sign off on the release", "Go-Live-Freigabe erteilen") — the thing
 * signed off after the signing, so "Release Manager approval for a large change" is no gate.
 */
export function isDecisionLine(text: string): boolean {
  // A time before the decision ("10:00 - Go/No-Go Decision", "T+4h: Go/No-Go") is when, not what.
  const clean = text
    .replace(/^[\s*_✋🚦⛔✅☐⬜🔲-]+/u, '')
    .replace(/^(?:\d{1,2}[:h]\d{2}|[TDJH]\s?[+-]\s?\d+\s?\p{L}{0,7})\s*[-–—:]?\s*/u, '');
  if (DECISION_LABEL.test(clean)) return true;
  // The go/no-go is what the line is about when it comes first ("Make go/no-go decision"), not a
  // name it mentions ("Use the calendar invite titled 'MVP Go/No-Go'").
  const goNoGo = GO_NO_GO.exec(fold(clean));
  if (goNoGo) {
    const lead = fold(clean).slice(0, goNoGo.index);
    // "Communication ready (GO/NO-GO email, incident report)": named in brackets, it is what the item is about.
    const bracketed = lead.lastIndexOf('(') > lead.lastIndexOf(')');
    return !bracketed && wordsOf(lead).length <= 3;
  }
  const words = wordsOf(clean);
  const signed = findKeyword(words, SIGN_OFF);
  if (!signed) return false;
  const after = findKeyword(words.slice(signed.index), OF_LAUNCH);
  if (after !== null && after.index <= 4) return true;
  // "Go-Live-Signoff", "Release sign-off": the go-live named right before the signing.
  const before = findKeyword(words.slice(0, signed.index), OF_LAUNCH);
  return before !== null && before.index + before.matched.split(' ').length === signed.index;
}

/** A gate found in the plan, where it was found: after a phase, or opening one. */
export interface PlacedGate {
  gate: Gate;
  /** The phase it comes after (null when it opens the first phase). */
  after: Phase | null;
  /**
   * Written as a section that names a time before the go-live ("Checklist final › Pré-lançamento
   * (Dia -1)"): written at the end, it is still decided before the go-live. A final approval or a
   * verdict at the end decides on the completed work, where it is written.
   */
  beforeLaunch: boolean;
  /** Its criteria are the ones it lists, not the items of the phase it follows. */
  listed: boolean;
}

/**
 * The plan's decisions written as items, when it writes none as a section: each decision item
 * stands after its phase, waiting on the items before it; one that opens its phase stands before
 * it, waiting on the phase before.
 */
export function decisionItemGates(phases: readonly Phase[], collector: Collector): PlacedGate[] {
  const gates: PlacedGate[] = [];
  phases.forEach((phase, index) => {
    // What a communication plan sends ("Go/No-Go decisions" to the board) is no decision of its own.
    if (findKeyword(wordsOf(phase.title), TITLE_WORDS.communication)) return;
    const items = phase.steps.flatMap((step) => flattenItems(step.items));
    const at = items.findIndex((item) => isDecisionLine(item.text));
    const decision = items[at];
    if (!decision) return;
    const previous = phases[index - 1] ?? null;
    const opens = at === 0;
    const criteria = opens
      ? previous
        ? stepItemIds(previous)
        : []
      : items.slice(0, at).map((item) => item.id);
    collector.report(
      'gate-from-item',
      'info',
      `item "${decision.text}" is a go/no-go of the plan: a gate stands ${opens ? 'before' : 'after'} "${phase.title}" with ${criteria.length} criteria`,
      decision.pos.line,
    );
    collector.explain(decision.pos.line, decision.text, 'gate', 'an item names a decision');
    gates.push({
      gate: itemGate(decision, criteria, collector),
      after: opens ? previous : phase,
      beforeLaunch: false,
      listed: false,
    });
  });
  return gates;
}

function itemGate(decision: Item, criteria: string[], collector: Collector): Gate {
  return {
    id: collector.uniqueId(`gate/${slug(decision.text)}`),
    title: decision.text,
    beforePhase: null,
    criteria,
    onNoGo: 'hold',
    origin: 'plan',
    pos: decision.pos,
  };
}

/**
 * Sets where each gate stands and merges decisions that stand at the same place. Returns the
 * gates in timeline order.
 */
/** Whether a decision section, or a heading under it, names a time before the go-live ("Pré-lançamento", "Dia -1", "T-24h"). */
export function namesBeforeLaunch(section: Section): boolean {
  const before = (part: Section): boolean => {
    const window = parseWindow(part.rawTitle);
    return (
      hasKeyword(part.rawTitle, TITLE_WORDS.before) ||
      (window?.anchor === 'launch' && window.to < 0) ||
      part.children.some(before)
    );
  };
  return before(section);
}

export function placeGates(placed: readonly PlacedGate[], phases: readonly Phase[]): Gate[] {
  const launch = launchPhaseIndex(phases);
  const byPlace = new Map<string | null, Gate>();
  const order: Gate[] = [];
  for (const { gate, after, beforeLaunch } of [...placed].sort((a, b) => a.gate.pos.line - b.gate.pos.line)) {
    let index = after ? phases.indexOf(after) + 1 : 0;
    // A go/no-go or a pre-launch decision written at the end, after the go-live phase, is still
    // taken before the go-live; a final approval or verdict there decides on the completed work;
    // one written between two stages of work stands where the plan puts it.
    const atTheEnd = phases.slice(index).every((phase) => hasKeyword(phase.title, CLOSURE));
    const launchDecision = beforeLaunch || GO_NO_GO.test(gate.title);
    if (launchDecision && launch >= 0 && index > launch && atTheEnd && !hasKeyword(gate.title, CLOSURE))
      index = launch;
    const before = phases[index]?.id ?? null;
    const same = byPlace.get(before);
    if (same) {
      same.criteria = [...new Set([...same.criteria, ...gate.criteria])];
      same.stated ??= gate.stated;
      continue;
    }
    gate.beforePhase = before;
    byPlace.set(before, gate);
    order.push(gate);
  }
  // A decision on the completed work that lists nothing of its own ("Approvazione finale: ogni
  // requisito elencato sopra è stato verificato") waits on every item of the plan, not the last phase's.
  for (const { gate, listed } of placed)
    if (gate.beforePhase === null && !listed && order.includes(gate))
      gate.criteria = phases.flatMap(stepItemIds);
  const position = (gate: Gate) =>
    gate.beforePhase === null ? phases.length : phases.findIndex((phase) => phase.id === gate.beforePhase);
  return order.sort((a, b) => position(a) - position(b));
}

/**
 * Decisions written as lines of a phase's prose ("**Gate:** ✅ Proceed OR fix first", "✋
 * CHECKPOINT : validation avant la phase 2"): each is a gate after its phase, waiting on the
 * phase's items. Lines inside a gate section already read are that gate's.
 */
export function decisionLineGates(
  root: Root,
  phases: readonly Phase[],
  sectionGates: readonly PlacedGate[],
  collector: Collector,
): PlacedGate[] {
  const taken = sectionGates.map(({ gate }) => gate.pos);
  const gates: PlacedGate[] = [];
  visit(root, 'paragraph', (node) => {
    for (const { text, line } of paragraphLines(node)) {
      if (!DECISION_LABEL.test(text.replace(/^[\s*_✋🚦⛔✅☐⬜🔲-]+/u, '').replace(/\*+/g, ''))) continue;
      if (taken.some((pos) => line >= pos.line && line <= pos.endLine)) continue;
      const phase = phases.find((candidate) => line >= candidate.pos.line && line <= candidate.pos.endLine);
      if (!phase) continue;
      const criteria = stepItemIds(phase);
      collector.report(
        'gate-from-line',
        'info',
        `"${text}" is a go/no-go of the plan: a gate stands after "${phase.title}"`,
        line,
      );
      collector.explain(line, text, 'gate', 'a line of the phase names a decision');
      gates.push({
        gate: {
          id: collector.uniqueId(`gate/${slug(text.replace(/\*+/g, ''))}`),
          title: text.replace(/\*+/g, '').trim(),
          beforePhase: null,
          criteria,
          onNoGo: 'hold',
          origin: 'plan',
          pos: { line, endLine: line },
        },
        after: phase,
        beforeLaunch: false,
        listed: false,
      });
    }
  });
  return gates;
}
