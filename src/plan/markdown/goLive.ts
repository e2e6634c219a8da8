/**
 * The go-live anchor: the instant every T-, J+ and D- window counts from. A plan states it in a
 * header field ("Go-Live Date: Friday, December 19, 2025, 10:00 AM MSK", "Date de mise en
 * production : 15/03/2025 à 06h00"), or names it by the window of its go-live phase ("T = 0",
 * "Jour J", "D-Day", "DAY 42 — LAUNCH DAY"). The field wins: it says when.
 */
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { GoLive, Phase } from '../model.ts';
import { parseGoLiveAnchor, parseWindow } from '../time.ts';
import { launchPhaseIndex } from './gatePlacement.ts';
import { hasKeyword, keywords } from './keywords.ts';
import { paragraphLines } from './lines.ts';
import { lineOf, plainText, type Section } from './parse.ts';
import { TITLE_WORDS } from './roleWords.ts';

/** A field that dates the plan's one event without naming it: in a launch plan, the go-live. */
// prettier-ignore
const TARGET_DATE = keywords(
  'date cible', 'target date', 'planned date', 'scheduled date', 'date prevue', 'fecha objetivo', 'fecha prevista',
  'fecha planificada', 'data prevista', 'data planejada', 'data alvo', 'zieltermin', 'zieldatum', 'geplantes datum',
  'stichtag', 'data obiettivo', 'data pianificata', 'streefdatum', 'geplande datum', 'doeldatum',
);

/** "Go-Live Date: …", "**Launch** : 2025-03-01 09:00 UTC": a field that dates the go-live. */
function anchorOf(text: string, line: number): GoLive | null {
  const match = /^\s*([^:]{2,60}?)\s*:\s*(.+)$/su.exec(text);
  if (!match?.[1] || !match[2]) return null;
  const [, label, value] = match;
  // "Go-Live Date: 2026-03-10 09:00 CET", or the other way round: "Wednesday 15th April 2026: v4.2 ships".
  if (hasKeyword(label, TITLE_WORDS.launch) || hasKeyword(label, TARGET_DATE)) {
    const anchor = parseGoLiveAnchor(value);
    return anchor?.date ? { ...anchor, line } : null;
  }
  // The label is the date itself and the value says the go-live happens then.
  const anchor = hasKeyword(value.split(/\s+/).slice(0, 8).join(' '), TITLE_WORDS.launch)
    ? parseGoLiveAnchor(label)
    : null;
  return anchor?.date && anchor.raw.length * 5 >= label.replace(/[*_\s]/g, '').length * 3
    ? { ...anchor, line }
    : null;
}

/** The first header field of the document that dates the go-live. */
function fieldAnchor(root: Root): GoLive | null {
  let found: GoLive | null = null;
  visit(root, (node) => {
    if (found) return false;
    if (node.type === 'code') return 'skip';
    if (node.type === 'paragraph')
      for (const { text, line } of paragraphLines(node)) found ??= anchorOf(text.replace(/[*_]/g, ''), line);
    if (node.type === 'listItem') {
      const paragraph = node.children.find((child) => child.type === 'paragraph');
      if (paragraph) found ??= anchorOf(plainText(paragraph), lineOf(node));
    }
    return undefined;
  });
  return found;
}

/** The plan's go-live anchor, or undefined when it states none. */
export function findGoLive(
  root: Root,
  title: string,
  phases: readonly Phase[],
  wrappers: readonly Section[] = [],
): GoLive | undefined {
  const field = fieldAnchor(root);
  if (field) return field;
  // "Ablaufplan Rollout 16.11.2026": a title that names the go-live with its date.
  const titled = hasKeyword(title, TITLE_WORDS.launch) ? parseGoLiveAnchor(title) : null;
  if (titled?.date) return { ...titled, line: 1 };
  // The go-live phase's own window when it is the go-live instant or day ("T-0", "D-Day", "Jour J"), or its date.
  const launch = phases[launchPhaseIndex(phases)];
  const chosen = phases.find(
    (phase) =>
      phase.window?.anchor === 'launch' &&
      phase.window.from === 0 &&
      phase.window.to === 0 &&
      (phase === launch || /^[tdjh]\b/iu.test(phase.window.raw)),
  );
  if (!chosen?.window) return wrapperAnchor(wrappers);
  // "T-0: 2026-03-06 10:00 CET": the go-live stage that says when.
  const dated = parseGoLiveAnchor(chosen.title);
  return dated?.date
    ? { ...dated, line: chosen.pos.line }
    : { raw: chosen.window.raw, line: chosen.pos.line };
}

/** "T-0: Cutover Execution" over its "Phase N (T+15min to T+45min)" stages: the heading that holds them is the go-live. */
function wrapperAnchor(wrappers: readonly Section[]): GoLive | undefined {
  for (const wrapper of wrappers) {
    const window = parseWindow(wrapper.rawTitle);
    if (window?.anchor === 'launch' && window.from === 0 && window.to === 0)
      return { raw: window.raw, line: wrapper.line };
  }
  return undefined;
}
