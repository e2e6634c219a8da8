/**
 * Weekdays as windows: "Monday", "Wednesday-Friday", "du lundi au mercredi", "Viernes",
 * "quarta-feira". A weekday is a day of the plan's week, not a date: its window has no deadline
 * of its own (like a time of day). Written before a date or a time ("Friday, December 19, 2025",
 * "Samstag 09:00-13:00"), the date or the time is the window and the weekday is its name.
 */
import type { Place } from './timeCalendar.ts';
import { rangeSep, word, type Parse, type Token } from './timeTokens.ts';

/** Full weekday names, Monday = 1, in seven languages (folded). Abbreviations ("Mo", "Sa") are too ambiguous alone. */
// prettier-ignore
const WEEKDAY_INDEX: ReadonlyMap<string, number> = new Map(
  [
    ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
    ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
    ['lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado', 'domingo'],
    ['segunda', 'terca', 'quarta', 'quinta', 'sexta', 'sabado', 'domingo'],
    ['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag'],
    ['lunedi', 'martedi', 'mercoledi', 'giovedi', 'venerdi', 'sabato', 'domenica'],
    ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag', 'zondag'],
  ].flatMap((names) => names.map((name, index) => [name, index + 1] as const)),
);

/** Portuguese weekdays that are also ordinals ("segunda fase"): weekdays only with "-feira". */
const NEEDS_FEIRA = new Set(['segunda', 'terca', 'quarta', 'quinta', 'sexta']);

/** The weekday at `at` and the index after it ("quarta-feira" is one), or null. */
function weekdayAt(tokens: readonly Token[], at: number): { day: number; next: number } | null {
  const value = word(tokens, at);
  const day = value === null ? undefined : WEEKDAY_INDEX.get(value);
  if (day === undefined || value === null) return null;
  const feira = tokens[at + 1]?.type === 'sign' && word(tokens, at + 2) === 'feira';
  if (NEEDS_FEIRA.has(value) && !feira) return null;
  return { day, next: feira ? at + 3 : at + 1 };
}

/** What a date or a time of day starts with: the weekday names it, they are the window. */
const DATED = new Set<Token['type']>(['num', 'clock', 'date']);

export const weekday: Parse<Place> = (tokens, at) => {
  // "America/Santo_Domingo": a name glued to what comes before it is part of an identifier.
  if (at > 0 && tokens[at]?.gap === false) return null;
  const start = weekdayAt(tokens, at);
  if (!start) return null;
  const sep = rangeSep(tokens, start.next);
  const end = sep === null ? null : weekdayAt(tokens, sep);
  const last = end && end.day >= start.day ? end : start;
  const comma = tokens[last.next];
  const after = comma?.type === 'punct' && comma.value === ',' ? last.next + 1 : last.next;
  if (DATED.has(tokens[after]?.type ?? 'punct')) return null;
  return { value: { unit: 'day', from: start.day, to: last.day, anchor: 'weekday' }, next: last.next };
};
