/**
 * Calendars matched to the steps and phases they name, even when the wording differs
 * ("Préparation de l'environnement" ↔ "2.1 Préparation de l'Environnement de Production"), or
 * else to the phase whose items the row's actions name ("Tests de charge, Backup 0" → the
 * checklist holding those items); and "Durée estimée" lists matched to phases by number.
 */
import type { Item, Phase, ScheduleEntry, Severity, Window } from '../model.ts';
import { sharedWords, similarity, wordSet } from '../text.ts';
import { parseDuration } from '../time.ts';
import type { Collector } from './collect.ts';

const MIN_SIMILARITY = 0.5;

interface Target {
  id: string;
  words: Set<string>;
  apply: (entry: ScheduleEntry) => void;
}

function targetsOf(phases: Phase[]): Target[] {
  return phases.flatMap((phase) => [
    {
      id: phase.id,
      words: wordSet(phase.title),
      apply: (entry: ScheduleEntry) => {
        phase.window ??= entry.window;
        if (entry.owners.length) phase.owners = [...new Set([...(phase.owners ?? []), ...entry.owners])];
      },
    },
    ...phase.steps.map((step) => ({
      id: step.id,
      words: wordSet(step.title),
      apply: (entry: ScheduleEntry) => {
        step.window ??= entry.window;
        for (const owner of entry.owners) if (!step.owners.includes(owner)) step.owners.push(owner);
      },
    })),
  ]);
}

/**
 * Matches each calendar row to its best step or phase (best pairs first, one row per target)
 * and copies the row's window and owners onto it. A row whose label names nothing is matched by
 * its actions (`actionsOf`, the text of its other columns) to a phase without a window. Rows that
 * still match nothing are reported.
 */
export function matchSchedule(
  entries: ScheduleEntry[],
  phases: Phase[],
  collector: Collector,
  actionsOf: (entry: ScheduleEntry) => string = () => '',
): void {
  if (entries.length === 0) return;
  matchByLabel(entries, targetsOf(phases));
  matchByActions(entries, phases, collector, actionsOf);
  const matched = entries.filter((entry) => entry.matched !== null);
  const first = entries[0];
  if (first) {
    collector.report(
      'calendar',
      'info',
      `calendar of ${entries.length} rows read at line ${first.pos.line}: ${matched.length} matched to steps or phases`,
      first.pos.line,
    );
  }
  reportUnmatched(entries, 'calendar', 'warning', collector);
}

/** Reports each row of a table (the calendar, or owners) that matches no step or phase. */
function reportUnmatched(
  entries: readonly ScheduleEntry[],
  table: 'calendar' | 'owners',
  severity: Severity,
  collector: Collector,
): void {
  for (const entry of entries)
    if (entry.matched === null)
      collector.report(
        `${table}-unmatched`,
        severity,
        `${table} row "${entry.label}" matches no step or phase`,
        entry.pos.line,
      );
}

/** Best pairs first, one row per target: each matched row gives its target its window and owners. */
function matchByLabel(entries: ScheduleEntry[], targets: readonly Target[]): void {
  const pairs = entries.flatMap((entry, row) => {
    const words = wordSet(entry.label);
    return targets.map((target, index) => ({ row, index, score: similarity(words, target.words) }));
  });
  pairs.sort((a, b) => b.score - a.score || a.row - b.row || a.index - b.index);
  const usedRows = new Set<number>();
  const usedTargets = new Set<number>();
  for (const { row, index, score } of pairs) {
    if (score < MIN_SIMILARITY) break;
    if (usedRows.has(row) || usedTargets.has(index)) continue;
    const entry = entries[row];
    const target = targets[index];
    if (!entry || !target) continue;
    usedRows.add(row);
    usedTargets.add(index);
    entry.matched = target.id;
    target.apply(entry);
  }
}

/** Matches the rows of a RACI table (or a task | owner table in a roles section) to steps and phases, giving them owners. */
export function matchOwners(entries: ScheduleEntry[], phases: Phase[], collector: Collector): void {
  if (entries.length === 0) return;
  matchByLabel(entries, targetsOf(phases));
  reportUnmatched(entries, 'owners', 'info', collector);
  for (const entry of entries) {
    if (entry.matched !== null)
      collector.explain(
        entry.pos.line,
        entry.label,
        `owners of ${entry.matched}`,
        entry.owners.join(', ') || 'nobody',
      );
  }
}

/** Part of an action's words a step or item must share with it to be what the action names. */
const MIN_ACTION_OVERLAP = 0.5;

/**
 * The second pass for rows still unmatched: split the row's actions at commas ("Code Freeze,
 * Audit de Sécurité final, Tests de charge"), find the steps and items each action names, and
 * give the row to the phase (still without a window) that holds most of them. A phase that
 * receives several rows gets the span of their windows ("S1" and "S3" → S1–S3).
 */
function matchByActions(
  entries: ScheduleEntry[],
  phases: Phase[],
  collector: Collector,
  actionsOf: (entry: ScheduleEntry) => string,
): void {
  const open = phases.filter((phase) => phase.window === null);
  const received = new Map<Phase, ScheduleEntry[]>();
  for (const entry of entries) {
    if (entry.matched !== null || entry.window === null) continue;
    const actions = actionsOf(entry)
      .split(/[,;]/u)
      .map((action) => ({ text: action.trim(), words: wordSet(action) }))
      .filter((action) => action.words.size > 0);
    let best: { phase: Phase; named: string[] } | undefined;
    for (const phase of open) {
      const targets = [
        ...phase.steps.map((step) => step.title),
        ...phase.steps.flatMap((step) => itemTexts(step.items)),
      ].map(wordSet);
      const named = actions
        .filter((action) => targets.some((target) => overlap(action.words, target) >= MIN_ACTION_OVERLAP))
        .map((action) => action.text);
      if (named.length > (best?.named.length ?? 0)) best = { phase, named };
    }
    if (!best) continue;
    entry.matched = best.phase.id;
    received.set(best.phase, [...(received.get(best.phase) ?? []), entry]);
    collector.report(
      'calendar-by-actions',
      'info',
      `calendar row "${entry.label}" matched to phase "${best.phase.title}" by its actions (${best.named.join(', ')})`,
      entry.pos.line,
    );
  }
  for (const [phase, rows] of received) phase.window = spanOf(rows.map((row) => row.window as Window));
}

function itemTexts(items: readonly Item[]): string[] {
  return items.flatMap((item) => [item.text, ...itemTexts(item.children)]);
}

/** Shared words ÷ words of the smaller set: 1 when one names everything the other says. */
function overlap(a: Set<string>, b: Set<string>): number {
  const smaller = Math.min(a.size, b.size);
  return smaller === 0 ? 0 : sharedWords(a, b) / smaller;
}

/** The window from the earliest start to the latest end of `windows` (one unit and anchor), else the first. */
function spanOf(windows: readonly Window[]): Window {
  const [first, ...rest] = windows as [Window, ...Window[]];
  if (rest.some((window) => window.unit !== first.unit || window.anchor !== first.anchor)) return first;
  const from = Math.min(...windows.map((window) => window.from));
  const to = Math.max(...windows.map((window) => window.to));
  const last = windows.find((window) => window.to === to) as Window;
  const start = windows.find((window) => window.from === from) as Window;
  return { ...first, from, to, raw: start === last ? start.raw : `${start.raw}–${last.raw}` };
}

/** Applies "Phase 2 : 3-4 semaines" lines to the phases by their number. */
export function applyDurations(
  lines: { text: string; line: number }[],
  phases: Phase[],
  collector: Collector,
): void {
  for (const { text, line } of lines) {
    const number = /\bphase\s*(\d+)/iu.exec(text)?.[1];
    const duration = parseDuration(text.replace(/\bphase\s*\d+/iu, ''));
    if (!number || !duration) continue;
    const phase = phases.find((candidate) =>
      new RegExp(`\\bphase\\s*${number}\\b`, 'iu').test(candidate.title),
    );
    if (phase) phase.duration = duration;
    else
      collector.report(
        'duration-unmatched',
        'warning',
        `duration for phase ${number} matches no phase`,
        line,
      );
  }
}
