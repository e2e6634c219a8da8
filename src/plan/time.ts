/**
 * The one grammar of time expressions, in English, French, Spanish, Portuguese, German, Italian
 * and Dutch, over the tokens of timeTokens.ts and the words of timeWords.ts. Windows (a place in time):
 *   T-2h · T-5 to T-1 days · T - 2 Wochen bis T - 1 Tag · D-7 · J+1 - J+5 · T=0   around the go-live or the start
 *   D-Day · Jour J · Día D · Tag X · H-Hour · Day of launch · Day -1 · Day 0      the go-live day or hour
 *   Semaines 1-2 · Week 3 · S1-S2 · Día 4 · Settimana 2 · Dag 3                  numbered from the start
 *   1 Week Before · 2 jours avant · 3 días después · 2 giorni prima · 1 dag voor   before/after the go-live
 *   First 24 Hours · Premières 24h · Primera Semana · Prime 24 ore · 0-15 MINUTOS  right after the go-live
 * and the calendar of timeCalendar.ts: times of day with their zone, dates with their time, bounds.
 * Lengths (durations, intervals, holds) are read by timeLengths.ts and are never windows.
 */
import type { TimeUnit, Window } from './model.ts';
import { memoized } from './text.ts';
import { bounded, clock, date, type Place } from './timeCalendar.ts';
import { holdAt, intervalAt } from './timeLengths.ts';
import { weekday } from './timeWeekdays.ts';
import {
  afterGoLiveAt,
  amount,
  amountRange,
  isPunct,
  num,
  phraseAt,
  phrases,
  rangeSep,
  rawText,
  tokenize,
  unitAt,
  word,
  type Parse,
  type Token,
} from './timeTokens.ts';
import {
  AFTER_WORDS,
  AMBIGUOUS_RELATIONS,
  APPROX_MARKS,
  BEFORE_WORDS,
  DURATION_WORDS,
  FIRST_WORDS,
  GO_LIVE_WORDS,
  LINK_WORDS,
  RELATION_ARTICLES,
  UNIT_MINUTES,
  ZERO_NAMES,
  NEIGHBOUR_DAYS,
} from './timeWords.ts';

export { parseDuration, parseHold, parseInterval } from './timeLengths.ts';

/** Both ends in the smaller of their units (T-2 weeks to T-1 day → -14 to -1 days). */
function common(
  from: number,
  fromUnit: TimeUnit,
  to: number,
  toUnit: TimeUnit,
): { from: number; to: number; unit: TimeUnit } {
  if (fromUnit === toUnit) return { from, to, unit: fromUnit };
  const unit = UNIT_MINUTES[fromUnit] < UNIT_MINUTES[toUnit] ? fromUnit : toUnit;
  return {
    from: (from * UNIT_MINUTES[fromUnit]) / UNIT_MINUTES[unit],
    to: (to * UNIT_MINUTES[toUnit]) / UNIT_MINUTES[unit],
    unit,
  };
}

const zero = (value: number) => value + 0; // T-0 is 0, not -0

type Letter = 't' | 'j' | 'd' | 'h';
const isLetter = (value: string): value is Letter =>
  value === 't' || value === 'j' || value === 'd' || value === 'h';
const ZERO = phrases(Object.entries(ZERO_NAMES));
const NEIGHBOURS = phrases(Object.entries(NEIGHBOUR_DAYS));
/** What a day beside may be beside: "the day before go-live", "la veille du lancement". */
const NEIGHBOURS_OF = new Set([
  'go',
  'golive',
  'launch',
  'release',
  'cutover',
  'deployment',
  'deploy',
  'du',
  'de',
  'do',
  'del',
  'des',
  'lancement',
  'lanzamiento',
  'lancamento',
  'livegang',
  'rilascio',
  'mise',
  'puesta',
  'produktivsetzung',
]);

/** The anchor of an offset: a letter (T, J, D, H) or a name of the go-live day or hour ("D-Day", "Jour J", "H-Hour"). */
function anchorAt(
  tokens: readonly Token[],
  at: number,
): { letter: Letter; named: boolean; next: number } | null {
  const token = tokens[at];
  const previous = tokens[at - 1];
  // In "2h-3h" the h is the unit of 2, not the hour H of "H-3".
  if (token?.type !== 'word' || (!token.gap && previous?.type === 'num')) return null;
  // "pre-launch day" is not the launch day.
  const named = !token.gap && previous?.type === 'sign' ? null : phraseAt(tokens, at, ZERO);
  // "Cutover — Day 2" is the second day, not the cutover day: a number right after the name is its.
  if (named && tokens[named.next]?.type !== 'num')
    return { letter: named.value, named: true, next: named.next };
  return isLetter(token.value) ? { letter: token.value, named: false, next: at + 1 } : null;
}

/**
 * One end of an anchored offset: "T-2h", "T - 2 Wochen", "T=0", "J+5", "D-Day", "D-Day -1", "Jour
 * J-3" (the letter optional after a range word). After a name the sign is written against its
 * number ("D-Day +1"), so "Launch Day - 3 tasks" is the launch day.
 */
const wordOf = (tokens: readonly Token[], at: number): string | null => {
  const token = tokens[at];
  return token?.type === 'word' ? token.value : null;
};

function offset(
  tokens: readonly Token[],
  at: number,
  letterNeeded: boolean,
): { letter: Letter | null; value: number; unit: TimeUnit | null; next: number } | null {
  // "Day before go-live", "Vortag": beside the go-live only when nothing else is named after it.
  const neighbour = phraseAt(tokens, at, NEIGHBOURS);
  const after = neighbour ? tokens.slice(neighbour.next).find((token) => token.type === 'word') : undefined;
  if (neighbour && (!after || NEIGHBOURS_OF.has(after.value)))
    return { letter: 'd', value: neighbour.value, unit: 'day', next: neighbour.next };
  const head = anchorAt(tokens, at);
  if (letterNeeded && !head) return null;
  let index = head?.next ?? at;
  if (head?.letter === 't' && isPunct(tokens, index, '=')) index += 1; // "T=0", "T = -2h"
  const sign = tokens[index];
  const signed = sign?.type === 'sign' && !(head?.named && tokens[index + 1]?.gap);
  // "T-minus 18 working days", "T-plus 5": the sign is spelled out after the hyphen.
  const spelled = signed ? wordOf(tokens, index + 1) : null;
  const written = spelled === 'minus' || spelled === 'plus' ? 1 : 0;
  const found = signed
    ? amount(tokens, index + 1 + written)
    : head && !head.named
      ? amount(tokens, index)
      : null;
  const direction = written ? (spelled === 'minus' ? -1 : 1) : signed ? sign.value : 1;
  if (found)
    return {
      letter: head?.letter ?? null,
      value: zero(direction * found.value),
      unit: found.unit,
      next: found.next,
    };
  return head?.named ? { letter: head.letter, value: 0, unit: null, next: head.next } : null;
}

/** T-2h · T-5 to T-1 days · T - 2 Wochen bis T - 1 Tag · J+1 - J+5 · D-7 · H-2 · T=0 · D-Day · Jour J-3. */
const anchored: Parse<Place> = (tokens, at) => {
  const first = offset(tokens, at, true);
  if (!first) return null;
  let last = first;
  const sep = rangeSep(tokens, first.next);
  const second = sep === null ? null : offset(tokens, sep, false);
  if (second && (second.letter === null || second.letter === first.letter)) last = second;
  const trailing = unitAt(tokens, last.next);
  const next = trailing ? last.next + 1 : last.next;
  const letter = first.letter ?? 't';
  const fallback: TimeUnit = letter === 'j' || letter === 'd' ? 'day' : 'hour';
  const toUnit = last.unit ?? trailing ?? fallback;
  const fromUnit = first.unit ?? (last === first ? toUnit : (trailing ?? toUnit));
  const span = common(first.value, fromUnit, last.value, toUnit);
  // J+N counts days from the start (J+1 is the first day); J, J-N and D±N count from the go-live day.
  const anchor = letter === 'j' && span.from >= 1 ? 'start' : 'launch';
  return { value: { ...span, anchor }, next };
};

/** A number after a day, week or month word, signed when it counts from the go-live ("Day -1"). */
function dayNumber(
  tokens: readonly Token[],
  at: number,
): { value: number; signed: boolean; next: number } | null {
  const sign = tokens[at];
  const value = num(tokens, sign?.type === 'sign' ? at + 1 : at);
  if (value === null) return null;
  if (sign?.type !== 'sign') return { value, signed: false, next: at + 1 };
  return tokens[at + 1]?.gap ? null : { value: zero(sign.value * value), signed: true, next: at + 2 };
}

/**
 * "Semaines 1-2", "Week 3", "Día 4", "Settimana 2", "Dag 3", "S1-S2", "W3": numbered from the start;
 * "Day 0", "Day -1", "Shadow Day -1", "Woche -2": from the go-live.
 */
const numbered: Parse<Place> = (tokens, at) => {
  const code = word(tokens, at);
  // S1, W1 are week codes written against their number; other single letters are units of a number before them.
  const isCode = code === 's' || code === 'w';
  const unit = isCode ? 'week' : unitAt(tokens, at);
  if (!unit || unit === 'minute' || unit === 'hour' || (code !== null && code.length === 1 && !isCode))
    return null;
  const next = tokens[at + 1];
  const first = isCode
    ? next?.type === 'num' && !next.gap
      ? dayNumber(tokens, at + 1)
      : null
    : dayNumber(tokens, at + 1);
  if (!first) return null;
  let last = first;
  const sep = rangeSep(tokens, first.next);
  if (sep !== null) {
    const repeated = word(tokens, sep) === code && dayNumber(tokens, sep + 1) ? sep + 1 : sep;
    const end = dayNumber(tokens, repeated);
    if (end && end.value >= first.value) last = end;
  }
  const fromGoLive = first.signed || last.signed || first.value <= 0 || afterGoLiveAt(tokens, last.next);
  return {
    value: { unit, from: first.value, to: last.value, anchor: fromGoLive ? 'launch' : 'start' },
    next: last.next,
  };
};

/** The direction of a before/after word at `at` (-1, 1), or 0; "voor" and "na" only where they cannot be "for" or "in the". */
function relationAt(tokens: readonly Token[], at: number): -1 | 0 | 1 {
  const relation = word(tokens, at);
  if (relation === null) return 0;
  if (AMBIGUOUS_RELATIONS.has(relation)) {
    const article = RELATION_ARTICLES.has(word(tokens, at + 1) ?? '');
    const after = tokens[article ? at + 2 : at + 1];
    const ends = !article && (!after || after.type === 'punct' || after.type === 'sign'); // "1 dag voor — Ops"
    if (!ends && !(after?.type === 'word' && GO_LIVE_WORDS.has(after.value))) return 0;
  }
  return BEFORE_WORDS.has(relation) ? -1 : AFTER_WORDS.has(relation) ? 1 : 0;
}

/** "1 Week Before", "2 jours avant", "3 días después", "2 Wochen vorher", "2 giorni prima", "1 dag voor": relative to the go-live. */
const beforeAfter: Parse<Place> = (tokens, at) => {
  const found = amount(tokens, at);
  if (!found?.unit) return null;
  const direction = relationAt(tokens, found.next);
  if (direction === 0) return null;
  const value = direction * found.value;
  return { value: { unit: found.unit, from: value, to: value, anchor: 'launch' }, next: found.next + 1 };
};

/** "First 24 Hours", "Premières 24h", "Primera Semana", "Erste Woche", "Prime 24 ore", "Eerste week": from the go-live on. */
const first: Parse<Place> = (tokens, at) => {
  const value = word(tokens, at);
  if (value === null || !FIRST_WORDS.has(value)) return null;
  const found = amount(tokens, at + 1);
  if (found?.unit)
    return { value: { unit: found.unit, from: 0, to: found.value, anchor: 'launch' }, next: found.next };
  const unit = unitAt(tokens, at + 1);
  return unit ? { value: { unit, from: 0, to: 1, anchor: 'launch' }, next: at + 2 } : null;
};

/** "0-15 MINUTOS", "15-30 min", "0-2h": minutes, or hours from zero, are a span after the go-live. */
const minutesRange: Parse<Place> = (tokens, at) => {
  const range = amountRange(tokens, at);
  if (
    !range ||
    range.from === range.to ||
    !(range.unit === 'minute' || (range.unit === 'hour' && range.from === 0))
  )
    return null;
  return { value: { unit: range.unit, from: range.from, to: range.to, anchor: 'launch' }, next: range.next };
};

const WINDOWS: readonly Parse<Place>[] = [
  anchored,
  bounded,
  date,
  clock,
  first,
  beforeAfter,
  numbered,
  minutesRange,
  weekday,
];

/** Whether a length word ("Durée", "Duration", "ca.", "Durée de") or mark ("±", "~") stands just before `at`. */
function afterLengthWord(tokens: readonly Token[], at: number): boolean {
  for (let index = at - 1; index >= Math.max(0, at - 3); index -= 1) {
    const token = tokens[index];
    if (token?.type === 'punct' && APPROX_MARKS.has(token.value)) return true;
    if (token?.type !== 'word') continue;
    if (DURATION_WORDS.has(token.value)) return true;
    if (!LINK_WORDS.has(token.value)) return false;
  }
  return false;
}

/**
 * Every window holds a digit but "First Week", "D-Day", "Jour J" and their kind: other text is not
 * tokenized at all. Literal words only: a test with word boundaries costs four times as much (measured).
 */
const MAY_HOLD_WINDOW =
  /\d|first|premi|prim[aeio]|erste|day|jour|d[ií]a|tag|giorno|dag|hour|heure|hora|veille|lendemain|mittwoch|feira|(?:lun|mar|mercre|jeu|vendre|same)di|dimanche|lunes|martes|rcoles|jueves|viernes|bado|domingo|(?:lune|marte|mercole|giove|vener)d|domenica/iu;

/** A window with its fields in one order, so serialized plans do not depend on the production. */
function windowOf(raw: string, { unit, from, to, anchor, zone, time, bound }: Place): Window {
  return {
    raw,
    unit,
    from,
    to,
    anchor,
    ...(zone === undefined ? {} : { zone }),
    ...(time === undefined ? {} : { time }),
    ...(bound === undefined ? {} : { bound }),
  };
}

/**
 * How far from its anchor a window may reach: a century. No launch's calendar goes further, and
 * `T+9999999999h` is past what a Date can hold (issue 23: `tick` died on it with a RangeError).
 */
const MAX_REACH_MINUTES = 100 * 366 * 24 * 60;
/** Days from 1970-01-01 to 2200-01-01, the calendar dates the grammar reads. */
const LAST_DAY = 84_006;

/** Whether a window stays where a launch's calendar can be: a century around its anchor, dates 1970–2199, times of a day. */
export function windowInReach(place: Omit<Window, 'raw'>): boolean {
  const ends = [place.from, place.to];
  if (place.anchor === 'date') return ends.every((day) => day >= 0 && day < LAST_DAY);
  if (place.anchor === 'clock') return ends.every((minute) => minute >= 0 && minute < 24 * 60);
  if (place.anchor === 'weekday') return ends.every((day) => day >= 1 && day <= 7);
  return ends.every((end) => Math.abs(end) * UNIT_MINUTES[place.unit] <= MAX_REACH_MINUTES);
}

/**
 * Parses the first window in the text, or null. Intervals ("every 5 min") and holds ("for 5 min")
 * are passed over, and an amount after a length word ("Durée : 2h", "± 20–40 min") is no window.
 * @example parseWindow('T-2h: freeze') // { raw: 'T-2h', unit: 'hour', from: -2, to: -2, anchor: 'launch' }
 */
export function parseWindow(text: string): Window | null {
  const window = knownWindow(text);
  // A copy: callers may set a window's anchor or zone, never the remembered one's.
  return window === null ? null : { ...window };
}

/** The reader asks for the window of the same heading and line many times (roles, timeline, steps). */
const knownWindow = memoized(readWindow);

function readWindow(text: string): Window | null {
  if (!MAY_HOLD_WINDOW.test(text)) return null;
  const tokens = tokenize(text);
  let named: Window | null = null;
  for (let at = 0; at < tokens.length; at += 1) {
    if (!afterLengthWord(tokens, at))
      for (const production of WINDOWS) {
        const found = production(tokens, at);
        if (!found || !windowInReach(found.value)) continue;
        const window = windowOf(rawText(text, tokens, at, found.next), found.value);
        // "Launch Day (T-0)": a named day gives way to the offset written beside it.
        if (/\d/u.test(window.raw)) return window;
        named ??= window;
        at = found.next - 1;
        break;
      }
    const length = intervalAt(tokens, at) ?? holdAt(tokens, at);
    if (length) at = length.next - 1;
  }
  return named;
}

/** The go-live instant as a header writes it: `date` ISO (yyyy-mm-dd), `time` HH:MM, `zone` as written. */
export interface GoLiveAnchor {
  raw: string;
  date?: string;
  time?: string;
  zone?: string;
}

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * The first date (with its time and zone) or time of day in a header value, as written; `raw` is
 * the exact substring. Null when there is none.
 * @example parseGoLiveAnchor('Friday, December 19, 2025, 10:00 AM MSK')
 * // { raw: 'Friday, December 19, 2025, 10:00 AM MSK', date: '2025-12-19', time: '10:00', zone: 'MSK' }
 */
export function parseGoLiveAnchor(text: string): GoLiveAnchor | null {
  if (!/\d/u.test(text)) return null;
  const tokens = tokenize(text);
  for (let at = 0; at < tokens.length; at += 1) {
    const found = date(tokens, at) ?? clock(tokens, at);
    if (!found) continue;
    const place = found.value;
    const minutes = place.anchor === 'date' ? place.time : place.from;
    return {
      raw: rawText(text, tokens, at, found.next),
      ...(place.anchor === 'date'
        ? { date: new Date(place.from * 86_400_000).toISOString().slice(0, 10) }
        : {}),
      ...(minutes === undefined ? {} : { time: `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}` }),
      ...(place.zone ? { zone: place.zone } : {}),
    };
  }
  return null;
}
