/**
 * The tokens of the time grammar (time.ts): a tokenizer that cuts text into numbers, clock times,
 * dates, words, signs and punctuation, and the readers every production shares: a word, a number,
 * a unit, a phrase of several words, a range separator, an amount and a range of amounts.
 */
import type { TimeUnit } from './model.ts';
import { fold } from './text.ts';
import { GO_LIVE_WORDS, RANGE_PHRASES, RANGE_WORDS, unitOfWord } from './timeWords.ts';

/** Where a token stands, whether space came before it, and its text as written. */
interface Span {
  start: number;
  end: number;
  gap: boolean;
  text: string;
}
export type Token = Span &
  (
    | { type: 'num'; value: number }
    | { type: 'clock'; minutes: number }
    | { type: 'date'; day: number; month: number; year: number | null }
    | { type: 'word'; value: string }
    | { type: 'sign'; value: 1 | -1 }
    | { type: 'punct'; value: string }
  );

/** A production of the grammar: what it read at `at`, and the index after it. */
export type Parse<T> = (tokens: readonly Token[], at: number) => { value: T; next: number } | null;

// "10:00 AM", "9am", "9 pm", "9 a.m.": a space only before upper-case AM/PM or a dotted a.m./p.m.,
// since German writes "9 am Montag" ("9 on Monday").
const MERIDIEM = String.raw`(?:[aApP]\.?[mM]\.?|\s(?:[AP]\.?M\.?|p\.?m\.?|a\.m\.))(?![\p{L}\d])`;
// One alternative per token kind, tried in this order at each position: ISO date, day-first date
// ("15/03/2025", "15.03.25", "15-03-2026", "15/03"), clock time, number, word, sign, punctuation.
// Every quantifier is bounded or over one character class, so a match never backtracks far.
const TOKEN = new RegExp(
  String.raw`(\d{4}-\d{1,2}-\d{1,2})` +
    String.raw`|(\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}-\d{1,2}-\d{4}(?!\d)|\d{1,2}\/\d{1,2}(?![/\d]))` +
    // "10:00", "10: 00"; never "Week 1: 10%" or "Step 1: 10 min" (a label, then a number).
    String.raw`|((?:\d{2}:\s?\d{2}|\d{1,2}:\d{2}|\d{1,2}h\d{2})(?::\d{2})?(?![\d%])(?:${MERIDIEM})?|\d{1,2}${MERIDIEM})` +
    String.raw`|(\d+(?:[.,]\d+)?)|(\p{L}+)|([+\-−–—])|([()[\]:,;/=])|(\s+)|.`,
  'gu',
);

/** Minutes since midnight of "10:00", "21h30", "06:00:00", "10:00 AM", "9pm", "12 a.m.". */
function clockMinutes(clock: string): number {
  const [hours = 0, minutes = 0] = (clock.match(/\d+/g) ?? []).map(Number);
  const meridiem = /([ap])\.?m\.?$/iu.exec(clock)?.[1]?.toLowerCase();
  const hour = meridiem && hours <= 12 ? (hours % 12) + (meridiem === 'p' ? 12 : 0) : hours;
  return hour * 60 + minutes;
}

/** Cuts text into tokens; `gap` says whether space came before the token. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let gap = true;
  for (const match of text.matchAll(TOKEN)) {
    const [whole, iso, dmy, clock, num, word, sign, punct, space] = match;
    if (space !== undefined) {
      gap = true;
      continue;
    }
    const start = match.index;
    const end = start + whole.length;
    if (iso !== undefined) {
      const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
      tokens.push({ type: 'date', day, month, year, start, end, gap, text: whole });
    } else if (dmy !== undefined) {
      const [day, month, year] = dmy.split(/[/.-]/).map(Number) as [number, number, number | undefined];
      const fullYear = year === undefined ? null : year < 100 ? 2000 + year : year;
      tokens.push({ type: 'date', day, month, year: fullYear, start, end, gap, text: whole });
    } else if (clock !== undefined)
      tokens.push({ type: 'clock', minutes: clockMinutes(clock), start, end, gap, text: whole });
    else if (num !== undefined)
      tokens.push({ type: 'num', value: Number(num.replace(',', '.')), start, end, gap, text: whole });
    else if (word !== undefined)
      tokens.push({ type: 'word', value: fold(word), start, end, gap, text: whole });
    else if (sign !== undefined)
      tokens.push({ type: 'sign', value: sign === '+' ? 1 : -1, start, end, gap, text: whole });
    else {
      const value = punct ?? (whole === '’' ? "'" : whole);
      tokens.push({ type: 'punct', value, start, end, gap, text: whole });
    }
    gap = false;
  }
  return tokens;
}

/** The folded word at `at`, or null. */
export const word = (tokens: readonly Token[], at: number): string | null => {
  const token = tokens[at];
  return token?.type === 'word' ? token.value : null;
};
/** The number at `at`, or null. */
export const num = (tokens: readonly Token[], at: number): number | null => {
  const token = tokens[at];
  return token?.type === 'num' ? token.value : null;
};
/** Whether the punctuation mark `mark` stands at `at`. */
export const isPunct = (tokens: readonly Token[], at: number, mark: string): boolean => {
  const token = tokens[at];
  return token?.type === 'punct' && token.value === mark;
};
/** The index after `mark` when it stands at `at`, else `at`. */
export const skipPunct = (tokens: readonly Token[], at: number, mark: string): number =>
  isPunct(tokens, at, mark) ? at + 1 : at;
/** The unit the word at `at` names, or null. */
export const unitAt = (tokens: readonly Token[], at: number): TimeUnit | null => {
  const value = word(tokens, at);
  return value === null ? null : unitOfWord(value);
};

/** Phrases of one or more words (and "/" or "'"), by their first word, the longest first. */
export type Phrases<T> = ReadonlyMap<string, readonly { parts: readonly string[]; value: T }[]>;

/** A phrase table from `[phrase, value]` entries whose parts are parted by spaces ("no later than"). */
export function phrases<T>(entries: Iterable<readonly [string, T]>): Phrases<T> {
  const table = new Map<string, { parts: string[]; value: T }[]>();
  for (const [phrase, value] of entries) {
    const parts = phrase.split(' ');
    const list = table.get(parts[0] ?? '') ?? [];
    list.push({ parts, value });
    list.sort((a, b) => b.parts.length - a.parts.length);
    table.set(parts[0] ?? '', list);
  }
  return table;
}

const SYMBOL_PARTS = new Set(['/', "'"]);

/** The phrase of `table` that starts at `at`, a hyphen allowed before each next word ("D-Day", "Jour-J"). */
export function phraseAt<T>(
  tokens: readonly Token[],
  at: number,
  table: Phrases<T>,
): { value: T; next: number } | null {
  const first = word(tokens, at);
  const candidates = first === null ? undefined : table.get(first);
  for (const { parts, value } of candidates ?? []) {
    let index = at + 1;
    for (let part = 1; part < parts.length && index >= 0; part += 1) {
      const hyphen = tokens[index];
      if (hyphen?.type === 'sign' && hyphen.value === -1 && !SYMBOL_PARTS.has(parts[part] ?? '')) index += 1;
      const token = tokens[index];
      const matches = (token?.type === 'word' || token?.type === 'punct') && token.value === parts[part];
      index = matches ? index + 1 : -1;
    }
    if (index >= 0) return { value, next: index };
  }
  return null;
}

const RANGE_TABLE = phrases(RANGE_PHRASES.map((phrase) => [phrase, true] as const));

/** A range separator: "-", "–", "à", "to", "bis", "al", "até", "fino a", "t/m"… Returns the index after it. */
const ARROWS = new Set(['→', '⇒', '⟶', '➜', '➔']);

export function rangeSep(tokens: readonly Token[], at: number): number | null {
  const token = tokens[at];
  if (token?.type === 'sign') return token.value === -1 ? at + 1 : null;
  // "J-6 → J-4": an arrow runs from one to the other.
  if (token?.type === 'punct' && ARROWS.has(token.value)) return at + 1;
  if (token?.type !== 'word') return null;
  return phraseAt(tokens, at, RANGE_TABLE)?.next ?? (RANGE_WORDS.has(token.value) ? at + 1 : null);
}

/** An amount with an optional unit right after it: "2", "2h", "2 Wochen". */
/** Words between an amount and its day unit: "working days", "business days", "calendar days". */
const DAY_QUALIFIERS = new Set(['working', 'business', 'calendar', 'work']);

const wordAt = (tokens: readonly Token[], at: number): string | null => {
  const token = tokens[at];
  return token?.type === 'word' ? token.value : null;
};

export function amount(
  tokens: readonly Token[],
  at: number,
): { value: number; unit: TimeUnit | null; next: number } | null {
  const value = num(tokens, at);
  if (value === null) return null;
  // "18 working days", "5 jours ouvrés" count days all the same.
  const skip = DAY_QUALIFIERS.has(wordAt(tokens, at + 1) ?? '') ? 1 : 0;
  const unit = unitAt(tokens, at + 1 + skip) ?? (skip ? null : unitAt(tokens, at + 1));
  return { value, unit, next: unit ? at + 2 + skip : at + 1 };
}

/** "2-3 semaines", "1 à 2 Wochen", "24h": an amount or a range of amounts and one unit. */
export function amountRange(
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

/** The text of tokens `at` up to `next` (excluded), as written. */
export function rawText(text: string, tokens: readonly Token[], at: number, next: number): string {
  return text.slice(tokens[at]?.start ?? 0, tokens[next - 1]?.end ?? text.length).trim();
}

/** "post-cutover", "after go-live", "après la mise en production" right after a numbered range: counted from the go-live. */
const AFTER_WORDS_OF_RANGE = new Set(['post', 'after', 'apres', 'despues', 'apos', 'pos', 'nach', 'dopo']);
/** What goes live, after such a word: the go-live words and "production" ("après la mise en production"). */
const LIVE_WORDS = new Set([
  ...GO_LIVE_WORDS,
  'production',
  'produccion',
  'producao',
  'produktion',
  'produzione',
  'prod',
]);

export function afterGoLiveAt(tokens: readonly Token[], at: number): boolean {
  if (!AFTER_WORDS_OF_RANGE.has(word(tokens, at) ?? '')) return false;
  for (let index = at + 1; index <= at + 4; index += 1) {
    const token = tokens[index];
    if (token?.type === 'word' && LIVE_WORDS.has(token.value)) return true;
    if (token?.type === 'num' || token?.type === 'clock' || token?.type === 'date') return false;
  }
  return false;
}
