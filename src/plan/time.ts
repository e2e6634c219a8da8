/**
 * The one grammar of time expressions, in English, French, Spanish, Portuguese and German,
 * over the tokens of timeTokens.ts. Windows (a place in time):
 *   T-2h · T-5 to T-1 days · T - 2 Wochen bis T - 1 Tag · D-7 · J+1 - J+5   around the go-live or the start
 *   Semaines 1-2 · Week 3 · S1-S2 · Día 4 · Mes 2                             numbered from the start
 *   1 Week Before · 2 jours avant · 3 días después                            before/after the go-live
 *   First 24 Hours · Premières 24h · Primera Semana · 0-15 MINUTOS           right after the go-live
 *   09:00-10:00 · 9h30                                                        a time of the launch day
 *   2025-03-15 · 15/03/2025 · 15 mars 2025                                    calendar dates
 * Durations (a length): 2-3 semaines · 1h · 24 Hours · Durée cible : 1-2 semaines.
 */
import type { Duration, TimeUnit, Window } from './model.ts';
import {
  AFTER_WORDS,
  BEFORE_WORDS,
  DURATION_WORDS,
  FIRST_WORDS,
  RANGE_WORDS,
  UNIT_MINUTES,
  monthOfWord,
  tokenize,
  unitOfWord,
  type Token,
} from './timeTokens.ts';

type Parse<T> = (tokens: readonly Token[], at: number) => { value: T; next: number } | null;

const word = (tokens: readonly Token[], at: number): string | null => {
  const token = tokens[at];
  return token?.type === 'word' ? token.value : null;
};
const num = (tokens: readonly Token[], at: number): number | null => {
  const token = tokens[at];
  return token?.type === 'num' ? token.value : null;
};
const unitAt = (tokens: readonly Token[], at: number): TimeUnit | null => {
  const value = word(tokens, at);
  return value === null ? null : unitOfWord(value);
};

/** A range separator: "-", "–", "à", "to", "bis", "al", "até"… Returns the index after it. */
function rangeSep(tokens: readonly Token[], at: number): number | null {
  const token = tokens[at];
  if (token?.type === 'sign' && token.value === -1) return at + 1;
  if (token?.type === 'punct' && token.value === '/') return null;
  const value = word(tokens, at);
  return value !== null && RANGE_WORDS.has(value) ? at + 1 : null;
}

/** An amount with an optional unit right after it: "2", "2h", "2 Wochen". */
function amount(
  tokens: readonly Token[],
  at: number,
): { value: number; unit: TimeUnit | null; next: number } | null {
  const value = num(tokens, at);
  if (value === null) return null;
  const unit = unitAt(tokens, at + 1);
  return { value, unit, next: unit ? at + 2 : at + 1 };
}

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

type Place = Omit<Window, 'raw'>;

/** One end of an anchored offset: "T-2h", "T - 2 Wochen", "J+5", "D-7" (the letter optional after a range word). */
function offset(
  tokens: readonly Token[],
  at: number,
  letterNeeded: boolean,
): { letter: string | null; value: number; unit: TimeUnit | null; next: number } | null {
  const letter = word(tokens, at);
  const previous = tokens[at - 1];
  // In "2h-3h" the h is the unit of 2, not the hour H of "H-3".
  const isUnit = previous?.type === 'num' && !tokens[at]?.gap;
  const hasLetter = !isUnit && (letter === 't' || letter === 'j' || letter === 'd' || letter === 'h');
  if (letterNeeded && !hasLetter) return null;
  let index = hasLetter ? at + 1 : at;
  const sign = tokens[index];
  let direction = 1;
  if (sign?.type === 'sign') {
    direction = sign.value;
    index += 1;
  } else if (!hasLetter) return null;
  const found = amount(tokens, index);
  if (!found) return null;
  return {
    letter: hasLetter ? letter : null,
    value: zero(direction * found.value),
    unit: found.unit,
    next: found.next,
  };
}

/** T-2h · T-5 to T-1 days · T - 2 Wochen bis T - 1 Tag · J+1 - J+5 · D-7 · H-2. */
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
  // J+N counts days from the start (J+1 is the first day); J-N and D±N count from the launch day.
  const anchor = letter === 'j' && span.from >= 0 ? 'start' : 'launch';
  return { value: { ...span, anchor }, next };
};

/** "Semaines 1-2", "Week 3", "Día 4", "Mes 2", "S1-S2", "W3": numbered from the start. */
const numbered: Parse<Place> = (tokens, at) => {
  const code = word(tokens, at);
  // S1, W1 are week codes written against their number; other single letters are units of a number before them.
  const isCode = code === 's' || code === 'w';
  const unit = isCode ? 'week' : unitAt(tokens, at);
  if (!unit || unit === 'minute' || unit === 'hour' || (code !== null && code.length === 1 && !isCode))
    return null;
  const next = tokens[at + 1];
  if (!next || next.type !== 'num' || (isCode && next.gap)) return null;
  const from = next.value;
  let to = from;
  let end = at + 2;
  const sep = rangeSep(tokens, end);
  if (sep !== null) {
    const repeated = word(tokens, sep) === code && num(tokens, sep + 1) !== null ? sep + 1 : sep;
    const value = num(tokens, repeated);
    if (value !== null && value >= from) {
      to = value;
      end = repeated + 1;
    }
  }
  return { value: { unit, from, to, anchor: 'start' }, next: end };
};

/** "1 Week Before", "2 jours avant", "3 días después", "2 Wochen vorher": relative to the go-live. */
const beforeAfter: Parse<Place> = (tokens, at) => {
  const found = amount(tokens, at);
  if (!found?.unit) return null;
  const relation = word(tokens, found.next);
  if (relation === null) return null;
  const direction = BEFORE_WORDS.has(relation) ? -1 : AFTER_WORDS.has(relation) ? 1 : 0;
  if (direction === 0) return null;
  return {
    value: { unit: found.unit, from: direction * found.value, to: direction * found.value, anchor: 'launch' },
    next: found.next + 1,
  };
};

/** "First 24 Hours", "Premières 24h", "Primera Semana", "Erste Woche": from the go-live on. */
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

/** "09:00-10:00", "9h30": minutes since midnight of the launch day. */
const clock: Parse<Place> = (tokens, at) => {
  const start = tokens[at];
  if (start?.type !== 'clock' || start.minutes >= 24 * 60) return null;
  const sep = rangeSep(tokens, at + 1);
  const end = sep === null ? undefined : tokens[sep];
  if (end?.type === 'clock' && sep !== null && end.minutes < 24 * 60)
    return {
      value: { unit: 'minute', from: start.minutes, to: end.minutes, anchor: 'clock' },
      next: sep + 1,
    };
  return { value: { unit: 'minute', from: start.minutes, to: start.minutes, anchor: 'clock' }, next: at + 1 };
};

/** A calendar day as days since 1970-01-01, or null when it is no real date. */
function epochDay(year: number, month: number, day: number): number | null {
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year >= 1970 && year < 2200
    ? time / 86_400_000
    : null;
}

/** "2025-03-15", "15/03/2025", "15.03.2025", "15 mars 2025", "March 15, 2025": one day, as days since 1970. */
function dateAt(tokens: readonly Token[], at: number): { value: number; next: number } | null {
  const token = tokens[at];
  if (token?.type === 'date' && token.year !== null) {
    const day = epochDay(token.year, token.month, token.day);
    return day === null ? null : { value: day, next: at + 1 };
  }
  const dayFirst = num(tokens, at);
  const skipDe = word(tokens, at + 1) === 'de' ? 1 : 0;
  const monthAfter = monthOfWord(word(tokens, at + 1 + skipDe) ?? '');
  if (dayFirst !== null && monthAfter !== null) {
    const yearAt = at + 2 + skipDe + (word(tokens, at + 2 + skipDe) === 'de' ? 1 : 0);
    const year = num(tokens, yearAt);
    const day = year !== null ? epochDay(year, monthAfter, dayFirst) : null;
    return day === null ? null : { value: day, next: yearAt + 1 };
  }
  const monthFirst = monthOfWord(word(tokens, at) ?? '');
  const dayAfter = num(tokens, at + 1);
  const comma = tokens[at + 2]?.type === 'punct' ? 1 : 0;
  const year = num(tokens, at + 2 + comma);
  const day =
    monthFirst !== null && dayAfter !== null && year !== null ? epochDay(year, monthFirst, dayAfter) : null;
  return day === null ? null : { value: day, next: at + 3 + comma };
}

const date: Parse<Place> = (tokens, at) => {
  const start = dateAt(tokens, at);
  if (!start) return null;
  const sep = rangeSep(tokens, start.next);
  const end = sep === null ? null : dateAt(tokens, sep);
  const to = end && end.value >= start.value ? end : null;
  return {
    value: { unit: 'day', from: start.value, to: to?.value ?? start.value, anchor: 'date' },
    next: to?.next ?? start.next,
  };
};

const WINDOWS: readonly Parse<Place>[] = [anchored, date, clock, first, beforeAfter, numbered, minutesRange];

/** Whether a duration word ("Durée", "Duration", "Dauer") stands just before `at`. */
function afterDurationWord(tokens: readonly Token[], at: number): boolean {
  for (let index = at - 1; index >= Math.max(0, at - 3); index -= 1) {
    const value = word(tokens, index);
    if (value !== null && DURATION_WORDS.has(value)) return true;
    if (value !== null) return false;
  }
  return false;
}

function raw(text: string, tokens: readonly Token[], at: number, next: number): string {
  return text.slice(tokens[at]?.start ?? 0, tokens[next - 1]?.end ?? text.length).trim();
}

/** Every window holds a digit but "First Week" and its kind: other text is not tokenized at all. */
const MAY_HOLD_WINDOW = /\d|first|premi|primer|primeir|erste/iu;

/** Parses the first window in the text, or null. */
export function parseWindow(text: string): Window | null {
  if (!MAY_HOLD_WINDOW.test(text)) return null;
  const tokens = tokenize(text);
  for (let at = 0; at < tokens.length; at += 1) {
    if (afterDurationWord(tokens, at)) continue;
    for (const production of WINDOWS) {
      const found = production(tokens, at);
      if (found)
        return {
          raw: raw(text, tokens, at, found.next),
          unit: found.value.unit,
          from: found.value.from,
          to: found.value.to,
          anchor: found.value.anchor,
        };
    }
  }
  return null;
}

/** "2-3 semaines", "1 à 2 Wochen", "24h": an amount or a range of amounts and one unit. */
function amountRange(
  tokens: readonly Token[],
  at: number,
): { from: number; to: number; unit: TimeUnit; next: number } | null {
  const start = amount(tokens, at);
  if (!start) return null;
  const sep = rangeSep(tokens, start.next);
  const end = sep === null ? null : amount(tokens, sep);
  const unit = end?.unit ?? null;
  if (end && unit && end.value >= start.value && (start.unit === null || start.unit === unit))
    return { from: start.value, to: end.value, unit, next: end.next };
  return start.unit ? { from: start.value, to: start.value, unit: start.unit, next: start.next } : null;
}

/** Parses the first duration ("2-3 semaines", "1h", "15 min", "24 Horas") in the text, or null. */
export function parseDuration(text: string): Duration | null {
  const tokens = tokenize(text);
  for (let at = 0; at < tokens.length; at += 1) {
    const previous = tokens[at - 1];
    if (previous?.type === 'sign' && !tokens[at]?.gap) continue; // "T-2h" is a place, not a length
    const found = amountRange(tokens, at);
    if (found)
      return { raw: raw(text, tokens, at, found.next), unit: found.unit, min: found.from, max: found.to };
  }
  return null;
}
