/**
 * Calendars matched to the steps and phases they name, even when the wording differs
 * ("Préparation de l'environnement" ↔ "2.1 Préparation de l'Environnement de Production"),
 * and "Durée estimée" lists matched to phases by number.
 */
import type { Phase, ScheduleEntry } from '../model.ts';
import { similarity, wordSet } from '../text.ts';
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
 * and copies the row's window and owners onto it. Unmatched rows are reported.
 */
export function matchSchedule(entries: ScheduleEntry[], phases: Phase[], collector: Collector): void {
  const targets = targetsOf(phases);
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
  const matched = entries.filter((entry) => entry.matched !== null);
  const first = entries[0];
  if (first) {
    collector.report('calendar', 'info', `calendar of ${entries.length} rows read at line ${first.pos.line}: ${matched.length} matched to steps or phases`, first.pos.line);
  }
  for (const entry of entries) {
    if (entry.matched === null) collector.report('calendar-unmatched', 'warning', `calendar row "${entry.label}" matches no step or phase`, entry.pos.line);
  }
}

/** Applies "Phase 2 : 3-4 semaines" lines to the phases by their number. */
export function applyDurations(lines: { text: string; line: number }[], phases: Phase[], collector: Collector): void {
  for (const { text, line } of lines) {
    const number = /\bphase\s*(\d+)/iu.exec(text)?.[1];
    const duration = parseDuration(text.replace(/\bphase\s*\d+/iu, ''));
    if (!number || !duration) continue;
    const phase = phases.find((candidate) => new RegExp(`\\bphase\\s*${number}\\b`, 'iu').test(candidate.title));
    if (phase) phase.duration = duration;
    else collector.report('duration-unmatched', 'warning', `duration for phase ${number} matches no phase`, line);
  }
}
