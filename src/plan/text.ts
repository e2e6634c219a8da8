/**
 * Text helpers shared by the reader: cleaning heading titles, slugs for stable ids,
 * accent-insensitive word sets for fuzzy matching, and a bounded memo for repeated questions.
 */

// One code point at a time, joiners and modifiers too, so each is an alternative rather than a
// member of one class (where a reader would take `\u{FE0F}\u{200D}` for a joined sequence).
const EMOJI =
  /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\u{FE0F}|\u{200D}|\u{20E3}|[\u{1F3FB}-\u{1F3FF}]/gu;
const KEYCAP_DIGIT = /([0-9])\uFE0F?\u20E3/gu;

/** Every emoji, joiner and keycap sign is at or above U+200D: below it, there is nothing to strip. */
const MAY_HOLD_EMOJI = /[\u200D-\u{10FFFF}]/u;

/** Removes emoji (keeping keycap digits such as 1️⃣ as "1") and collapses whitespace. */
export function stripEmoji(text: string): string {
  const bare = MAY_HOLD_EMOJI.test(text) ? text.replace(KEYCAP_DIGIT, '$1').replace(EMOJI, '') : text;
  return bare.replace(/\s+/g, ' ').trim();
}

const NOT_ASCII = /[\u0080-\u{10FFFF}]/u;

/** Lower-case ASCII without accents: "Préparation" → "preparation". */
export function fold(text: string): string {
  // The reader folds the same headings and lines many times; plain ASCII needs no decomposition.
  return NOT_ASCII.test(text) ? foldAccents(text) : text.toLowerCase();
}

const foldAccents = memoized((text) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());

/** "Phase 2 : Backend Core" → "Backend Core"; "2.1 Mise en place" → "Mise en place". */
export function stripNumbering(title: string): string {
  return title
    .replace(/^(phase|étape|etape|step|stage|partie|part)\s*\d+(\.\d+)*\s*[:.)–—-]?\s*/iu, '')
    .replace(/^\d+(\.\d+)*\s*[.):–—-]?\s+/u, '')
    .trim();
}

const MAX_SLUG = 48;

/**
 * A stable, readable id fragment from text: accents folded, emoji and punctuation dropped,
 * words joined by "-", cut at a word boundary near 48 characters.
 */
export function slug(text: string): string {
  const words = fold(stripEmoji(text))
    .replace(/\+(?=\s*\d)/g, ' plus ') // "T+1h" and "T-1h" must not share an id
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let out = '';
  for (const word of words) {
    const next = out ? `${out}-${word}` : word;
    if (next.length > MAX_SLUG && out) break;
    out = next.slice(0, MAX_SLUG);
  }
  return out || 'untitled';
}

/** Hands out ids unique within one scope: the second "tests" becomes "tests-2". */
export function createIdScope(): (base: string) => string {
  const seen = new Map<string, number>();
  return (base) => {
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  };
}

const STOP_WORDS = new Set(
  'a an and the of for to in on with de des du la le les l d et en pour par au aux un une sur avec'.split(
    ' ',
  ),
);

/** Significant words of a text, accent-folded, for fuzzy comparison. */
export function wordSet(text: string): Set<string> {
  return new Set(
    fold(stripEmoji(text))
      .replace(/[^a-z0-9]+/g, ' ')
      .split(' ')
      .filter((word) => word.length > 1 && !STOP_WORDS.has(word)),
  );
}

/** Words of `a` found in `b`, a prefix match ("prod" ~ "production") counting for words of 4+ letters. */
export function sharedWords(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const word of a) {
    for (const other of b) {
      if (
        word === other ||
        (Math.min(word.length, other.length) >= 4 && (word.startsWith(other) || other.startsWith(word)))
      ) {
        shared += 1;
        break;
      }
    }
  }
  return shared;
}

/** Dice similarity of two word sets, with prefix matches counted (see `sharedWords`). */
export function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  return (2 * sharedWords(a, b)) / (a.size + b.size);
}

/**
 * A function of a string, remembered: the reader asks the same questions of the same headings,
 * labels and header rows many times in one read. The memo is emptied when it grows past `size`
 * entries, so a long-running service does not keep every text it ever read.
 */
export function memoized<T>(compute: (text: string) => T, size = 4096): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    if (memo.has(text)) return memo.get(text) as T;
    if (memo.size >= size) memo.clear();
    const value = compute(text);
    memo.set(text, value);
    return value;
  };
}
