/**
 * The calendar productions of the time grammar (time.ts): times of day ("10:00 AM", "9am–5pm",
 * "21h30", "à 9h", "14 Uhr") with their time zone ("01:00 UTC", "9am PT", "UTC+2", "Europe/Paris"),
 * dates in seven languages with an optional weekday and the time after them ("Friday, December 19,
 * 2025, 10:00 AM MSK", "martes 4 de marzo de 2025", "2025-03-15T06:00Z"), and bounds ("before
 * March 3, 2026", "avant le 15/03/2026", "ab 16 Uhr").
 */
import type { Window } from './model.ts';
import {
  isPunct,
  num,
  phraseAt,
  phrases,
  rangeSep,
  skipPunct,
  word,
  type Parse,
  type Token,
} from './timeTokens.ts';
import {
  BOUND_ARTICLES,
  BOUND_PHRASES,
  CLOCK_LEADS,
  CLOCK_RANGE_LEADS,
  CLOCK_SUFFIXES,
  COMPARISON_WORDS,
  DATE_ARTICLES,
  DATE_TIME_LINKS,
  OFFSET_ZONES,
  ORDINAL_SUFFIXES,
  WEEKDAYS,
  ZONES,
  ZONE_AREAS,
  monthOfWord,
} from './timeWords.ts';

/** What a production reads: a window without its raw text. */
export type Place = Omit<Window, 'raw'>;

const DAY_MINUTES = 24 * 60;

/** The folded word or punctuation mark at `at`, or null. */
function wordOrMark(tokens: readonly Token[], at: number): string | null {
  const token = tokens[at];
  return token?.type === 'word' || token?.type === 'punct' ? token.value : null;
}

/**
 * A time of day: "10:00", "10:00 AM", "9pm", "21h30", "14:00 Uhr", "14 Uhr", "14.30 Uhr". With
 * `loose`, also an hour alone ("9h", "9 h", "9 uur"), which elsewhere is a length ("Deploy (2h)").
 */
function timeOfDay(
  tokens: readonly Token[],
  at: number,
  loose: boolean,
): { minutes: number; strict: boolean; next: number } | null {
  const token = tokens[at];
  const suffix = word(tokens, at + 1);
  if (token?.type === 'clock') {
    if (token.minutes >= DAY_MINUTES) return null;
    const next = suffix !== null && CLOCK_SUFFIXES.has(suffix) ? at + 2 : at + 1;
    return { minutes: token.minutes, strict: true, next };
  }
  if (token?.type !== 'num' || suffix === null) return null;
  const strict = suffix === 'uhr';
  if (!strict && !(loose && (suffix === 'h' || suffix === 'uur'))) return null;
  const parts = /^(\d{1,2})(?:[.,](\d{2}))?$/u.exec(token.text);
  const hours = Number(parts?.[1] ?? 24);
  const minutes = Number(parts?.[2] ?? 0);
  return hours < 24 && minutes < 60 ? { minutes: hours * 60 + minutes, strict, next: at + 2 } : null;
}

/** Where a zone written from `at` ends: "UTC", "UTC+2", "GMT-03:00", "CET", "Z", "Europe/Paris". */
function zoneEnd(tokens: readonly Token[], at: number): number | null {
  const token = tokens[at];
  if (token?.type !== 'word') return null;
  if (OFFSET_ZONES.has(token.value)) {
    const sign = tokens[at + 1];
    const hours = tokens[at + 2];
    const offset =
      sign?.type === 'sign' &&
      hours !== undefined &&
      !hours.gap &&
      (hours.type === 'clock' ||
        (hours.type === 'num' && Number.isInteger(hours.value) && hours.value <= 14));
    return offset ? at + 3 : at + 1;
  }
  if (ZONES.has(token.text) || (token.text === 'Z' && !token.gap)) return at + 1;
  if (!ZONE_AREAS.has(token.value) || !isPunct(tokens, at + 1, '/')) return null;
  let end = at + 1;
  while (tokens[end] && !tokens[end]?.gap && /^[\p{L}/_]/u.test(tokens[end]?.text ?? '')) end += 1;
  return end > at + 2 ? end : null;
}

/** A time zone after a time, in brackets or not: "UTC", "(CET)", "UTC+2", "Europe/Paris". */
export function zoneAt(tokens: readonly Token[], at: number): { zone: string; next: number } | null {
  const open = isPunct(tokens, at, '(');
  const start = open ? at + 1 : at;
  const end = zoneEnd(tokens, start);
  if (end === null || (open && !isPunct(tokens, end, ')'))) return null;
  const zone = tokens
    .slice(start, end)
    .map((token) => token.text)
    .join('');
  return { zone, next: open ? end + 1 : end };
}

/** One end of a span of times, with the zone after it: "10:00 AM", "9am PT", "21h30 CET". */
function clockEnd(tokens: readonly Token[], at: number) {
  const time = timeOfDay(tokens, at, true);
  if (!time) return null;
  const zone = zoneAt(tokens, time.next);
  return { ...time, zone: zone?.zone, next: zone?.next ?? time.next };
}

/**
 * "09:00-10:00", "7:00 AM - 11:00 PM", "9am–5pm", "21h30", "10:00 AM MSK", "à 9h", "de 9h à 17h":
 * minutes since midnight of the launch day. An hour alone is a time only after "à", "at", "um"…,
 * in "de 9h à 17h", next to a time with minutes or before a zone; "2h" and "9h-12h" stay lengths.
 */
export const clock: Parse<Place> = (tokens, at) => {
  const start = clockEnd(tokens, at);
  if (!start) return null;
  const lead = word(tokens, at - 1) ?? '';
  // "à 9h", not "1 à 2h", "supérieure à 2h" nor "jusqu'à 2h".
  const before = isPunct(tokens, at - 2, "'") ? at - 3 : at - 2;
  const led =
    CLOCK_LEADS.has(lead) &&
    tokens[before]?.type !== 'num' &&
    !COMPARISON_WORDS.has(word(tokens, before) ?? '');
  const sep = rangeSep(tokens, start.next);
  const end = sep === null ? null : clockEnd(tokens, sep);
  const last = end && (start.strict || end.strict || led || CLOCK_RANGE_LEADS.has(lead)) ? end : start;
  if (last === start && !start.strict && !led && start.zone === undefined) return null;
  const zone = last.zone ?? start.zone;
  return {
    value: {
      unit: 'minute',
      from: start.minutes,
      to: last.minutes,
      anchor: 'clock',
      ...(zone ? { zone } : {}),
    },
    next: last.next,
  };
};

/** A calendar day as days since 1970-01-01, or null when it is no real date. */
function epochDay(year: number, month: number, day: number): number | null {
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year >= 1970 && year < 2200
    ? time / 86_400_000
    : null;
}

/** The index after an ordinal or the German point written against a day number ("4th", "1er", "1º", "1°", "4."). */
function afterDayNumber(tokens: readonly Token[], at: number): number {
  const token = tokens[at];
  if (!token || token.gap) return at;
  const ordinal =
    token.type === 'word'
      ? ORDINAL_SUFFIXES.has(token.value)
      : isPunct(tokens, at, '.') || isPunct(tokens, at, '°');
  return ordinal ? at + 1 : at;
}

/** "15 mars 2025", "4th of September 2023", "4. September 2023", "4 de marzo de 2025". */
function dayFirst(tokens: readonly Token[], at: number): { value: number; next: number } | null {
  const day = num(tokens, at);
  if (day === null) return null;
  let index = afterDayNumber(tokens, at + 1);
  if (word(tokens, index) === 'of' || word(tokens, index) === 'de') index += 1;
  const month = monthOfWord(word(tokens, index) ?? '');
  if (month === null) return null;
  index = skipPunct(tokens, skipPunct(tokens, index + 1, '.'), ',');
  if (word(tokens, index) === 'de' || word(tokens, index) === 'of') index += 1;
  const year = num(tokens, index);
  const value = year === null ? null : epochDay(year, month, day);
  return value === null ? null : { value, next: index + 1 };
}

/** "March 15, 2025", "December 19th, 2025", "Sept. 4 2023". */
function monthFirst(tokens: readonly Token[], at: number): { value: number; next: number } | null {
  const month = monthOfWord(word(tokens, at) ?? '');
  if (month === null) return null;
  let index = skipPunct(tokens, at + 1, '.');
  if (word(tokens, index) === 'the') index += 1;
  const day = num(tokens, index);
  if (day === null) return null;
  index = afterDayNumber(tokens, index + 1);
  if (tokens[index]?.type === 'punct') index += 1;
  const year = num(tokens, index);
  const value = year === null ? null : epochDay(year, month, day);
  return value === null ? null : { value, next: index + 1 };
}

/** "2025-03-15", "15/03/2025", "15-03-2026", or a date in words. */
function calendarDay(tokens: readonly Token[], at: number): { value: number; next: number } | null {
  const token = tokens[at];
  if (token?.type !== 'date') return dayFirst(tokens, at) ?? monthFirst(tokens, at);
  const value = token.year === null ? null : epochDay(token.year, token.month, token.day);
  return value === null ? null : { value, next: at + 1 };
}

/** The index after a weekday and what joins it to its day ("Friday, ", "Mo., ", "segunda-feira", "lundi le"), or null. */
function afterWeekday(tokens: readonly Token[], at: number): number | null {
  const value = word(tokens, at);
  if (value === null || !WEEKDAYS.has(value)) return null;
  let index = at + 1;
  if (word(tokens, index) === 'feira') index += 1;
  else if (tokens[index]?.type === 'sign' && word(tokens, index + 1) === 'feira') index += 2;
  index = skipPunct(tokens, skipPunct(tokens, index, '.'), ',');
  return DATE_ARTICLES.has(word(tokens, index) ?? '') ? index + 1 : index;
}

/** One day, with an optional weekday before it: "Monday 4th September 2023", "lunedì 4 settembre 2023". */
function dayAt(tokens: readonly Token[], at: number): { value: number; next: number } | null {
  const weekday = afterWeekday(tokens, at);
  return (weekday === null ? null : calendarDay(tokens, weekday)) ?? calendarDay(tokens, at);
}

/** A zone or offset written against an ISO time: "Z", "+01:00", "-3". */
function isoZone(tokens: readonly Token[], at: number): { zone: string; next: number } | null {
  const sign = tokens[at];
  const offset = tokens[at + 1];
  if (sign?.type === 'sign' && !sign.gap && offset && !offset.gap)
    if (offset.type === 'clock' || offset.type === 'num')
      return { zone: sign.text + offset.text, next: at + 2 };
  return zoneAt(tokens, at);
}

/** The time after a date: "06:00 UTC", ", 10:00 AM MSK", "à 06h00", "um 14 Uhr", "T06:00:00Z". */
function timeAfter(
  tokens: readonly Token[],
  at: number,
): { minutes: number; zone: string | undefined; next: number } | null {
  const iso = tokens[at];
  if (iso?.type === 'word' && iso.value === 't' && !iso.gap) {
    const time = tokens[at + 1];
    if (time?.type !== 'clock' || time.gap || time.minutes >= DAY_MINUTES) return null;
    const fraction = isPunct(tokens, at + 2, '.') && tokens[at + 3]?.type === 'num' ? 2 : 0;
    const zone = isoZone(tokens, at + 2 + fraction);
    return { minutes: time.minutes, zone: zone?.zone, next: zone?.next ?? at + 2 + fraction };
  }
  let index = skipPunct(tokens, at, ',');
  const linked = DATE_TIME_LINKS.has(wordOrMark(tokens, index) ?? '');
  if (linked) index += DATE_TIME_LINKS.has(wordOrMark(tokens, index + 1) ?? '') ? 2 : 1; // "a las"
  const time = timeOfDay(tokens, index, linked);
  if (!time) return null;
  const zone = zoneAt(tokens, time.next);
  return { minutes: time.minutes, zone: zone?.zone, next: zone?.next ?? time.next };
}

/**
 * "2025-03-15", "15/03/2025 - 20/03/2025", "Monday 4th September 2023", "15/03/2025 à 06h00",
 * "December 19, 2025, 10:00 AM MSK": days since 1970, with the time after a single day
 * (minutes since midnight) and its zone.
 */
export const date: Parse<Place> = (tokens, at) => {
  const start = dayAt(tokens, at);
  if (!start) return null;
  const time = timeAfter(tokens, start.next);
  if (time) {
    const zone = time.zone ? { zone: time.zone } : {};
    return {
      value: { unit: 'day', from: start.value, to: start.value, anchor: 'date', time: time.minutes, ...zone },
      next: time.next,
    };
  }
  const sep = rangeSep(tokens, start.next);
  const end = sep === null ? null : dayAt(tokens, sep);
  const to = end && end.value >= start.value ? end : null;
  return {
    value: { unit: 'day', from: start.value, to: to?.value ?? start.value, anchor: 'date' },
    next: to?.next ?? start.next,
  };
};

const BOUNDS = phrases(Object.entries(BOUND_PHRASES));

/**
 * "before March 3, 2026", "vor 16.11.2026", "avant le 15/03/2026", "antes del 15/03/2026", "entro
 * il 15/03/2026", "by 18:00", "à partir du 15/03/2026", "ab 16 Uhr": one day or time and its bound.
 */
export const bounded: Parse<Place> = (tokens, at) => {
  const bound = phraseAt(tokens, at, BOUNDS);
  if (!bound) return null;
  let index = bound.next;
  if (BOUND_ARTICLES.has(wordOrMark(tokens, index) ?? '')) index += 1;
  if (BOUND_ARTICLES.has(wordOrMark(tokens, index) ?? '')) index += 1; // "jusqu'au", "a partir de la"
  const found = date(tokens, index) ?? clock(tokens, index);
  if (!found || found.value.from !== found.value.to) return null;
  return { value: { ...found.value, bound: bound.value }, next: found.next };
};
