/**
 * Time expressions as plans write them, in French and English: "Semaines 1-2", "S1", "Week 3",
 * "J+1 - J+5", "J+31", "T-2h", "T-0", "T+1h" (windows), and "2-3 semaines", "1h", "15 min"
 * (durations).
 */
import type { Duration, TimeUnit, Window } from './model.ts';
import { fold } from './text.ts';

const UNIT_WORDS: ReadonlyArray<[RegExp, TimeUnit]> = [
  [/^(min|mins|minute|minutes)$/, 'minute'],
  [/^(h|hr|hrs|hour|hours|heure|heures)$/, 'hour'],
  [/^(j|d|day|days|jour|jours)$/, 'day'],
  [/^(s|w|wk|week|weeks|semaine|semaines|sem)$/, 'week'],
  [/^(m|mo|month|months|mois)$/, 'month'],
];

function unitOf(word: string): TimeUnit | null {
  const folded = fold(word);
  for (const [pattern, unit] of UNIT_WORDS) if (pattern.test(folded)) return unit;
  return null;
}

const SIGNED = String.raw`([+-−–]?\s*\d+)`;
const DAY_RANGE = new RegExp(String.raw`\bJ\s*${SIGNED}(?:\s*(?:-|–|—|à|to)\s*J\s*${SIGNED})?`, 'iu');
const LAUNCH_HOUR = new RegExp(String.raw`\bT\s*${SIGNED}\s*(h|min|j|d)?\b`, 'iu');
const WEEK_WORD = /\b(semaines?|weeks?)\s*(\d+)(?:\s*(?:-|–|—|à|to|et|and)\s*(\d+))?/iu;
const WEEK_CODE = /(?:^|[^\p{L}\d])S(\d{1,2})(?:\s*(?:-|–)\s*S(\d{1,2}))?(?![\p{L}\d])/u;
const MONTH_WORD = /\b(mois|months?)\s*(\d+)(?:\s*(?:-|–|à|to)\s*(\d+))?/iu;

function signed(raw: string): number {
  return Number(raw.replace(/\s+/g, '').replace(/[−–]/g, '-')) || 0; // T-0 is 0, not -0
}

/** Parses the first anchored window in the text, or null. */
export function parseWindow(text: string): Window | null {
  const day = DAY_RANGE.exec(text);
  if (day?.[1]) {
    const from = signed(day[1]);
    return { raw: day[0].trim(), unit: 'day', from, to: day[2] ? signed(day[2]) : from, anchor: 'start' };
  }
  const launch = LAUNCH_HOUR.exec(text);
  if (launch?.[1]) {
    const value = signed(launch[1]);
    const unit = launch[2] ? (unitOf(launch[2]) ?? 'hour') : 'hour';
    return { raw: launch[0].trim(), unit, from: value, to: value, anchor: 'launch' };
  }
  const week = WEEK_WORD.exec(text);
  if (week?.[2]) {
    const from = Number(week[2]);
    return { raw: week[0].trim(), unit: 'week', from, to: week[3] ? Number(week[3]) : from, anchor: 'start' };
  }
  const code = WEEK_CODE.exec(text);
  if (code?.[1]) {
    const from = Number(code[1]);
    return { raw: code[0].replace(/^[^S]*/u, ''), unit: 'week', from, to: code[2] ? Number(code[2]) : from, anchor: 'start' };
  }
  const month = MONTH_WORD.exec(text);
  if (month?.[2]) {
    const from = Number(month[2]);
    return { raw: month[0].trim(), unit: 'month', from, to: month[3] ? Number(month[3]) : from, anchor: 'start' };
  }
  return null;
}

const DURATION = /(\d+(?:[.,]\d+)?)\s*(?:(?:-|–|à|to)\s*(\d+(?:[.,]\d+)?)\s*)?(min(?:utes?)?|h(?:eures?|ours?)?|jours?|days?|j|semaines?|weeks?|mois|months?)(?![\p{L}])/iu;

/** Parses the first duration ("2-3 semaines", "1h", "15 min") in the text, or null. */
export function parseDuration(text: string): Duration | null {
  const match = DURATION.exec(text);
  if (!match?.[1] || !match[3]) return null;
  const unit = unitOf(match[3]) ?? unitOf(match[3].replace(/s$/, ''));
  if (!unit) return null;
  const min = Number(match[1].replace(',', '.'));
  const max = match[2] ? Number(match[2].replace(',', '.')) : min;
  return { raw: match[0].trim(), unit, min, max };
}
