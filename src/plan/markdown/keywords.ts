/**
 * Whole-word keyword matching for headings, column headers and labels in five languages.
 * Text is accent-folded and cut into words at anything that is not a letter or a digit, so
 * "prepa-raci-ón" never holds the word "raci" and "Pré-Go-Live" is the words pre, go, live.
 * A phrase matches consecutive words; a word written `stem*` matches any word it starts.
 * A match right after Pre-/Post-/Avant/Après/Pré-/Pós-/Vor-/Nach- says so, because "Pre-Go-Live"
 * is not the go-live.
 */
import { fold, memoized, stripEmoji } from '../text.ts';

/** The words of a text: accent-folded, lower case, split at every non-letter, non-digit. */
export const wordsOf: (text: string) => readonly string[] = memoized((text) =>
  fold(stripEmoji(text))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean),
);

interface Phrase {
  text: string;
  words: readonly ((word: string) => boolean)[];
}

/**
 * A list of phrases compiled once, indexed by their first word so that a word of a heading is
 * tried only against the phrases that can start with it.
 */
export interface Keywords {
  readonly byFirstWord: ReadonlyMap<string, readonly Phrase[]>;
  /** Phrases whose first word is a stem ("risk*"), with that stem. */
  readonly byStem: readonly { stem: string; phrase: Phrase }[];
}

/** Compiles phrases written as "go no go", "risk*", "retour arriere" (already accent-folded). */
/**
 * A test of a text (a title): whether it holds one of the phrases, as {@link hasKeyword} reads them.
 *
 * @example
 * const isMonitoringTitle = keywordTest('monitor*', 'surveillance');
 * isMonitoringTitle('Monitoring & alerting') // true
 */
export function keywordTest(...phrases: string[]): (text: string) => boolean {
  const words = keywords(...phrases);
  return (text) => hasKeyword(text, words);
}

export function keywords(...phrases: string[]): Keywords {
  const byFirstWord = new Map<string, Phrase[]>();
  const byStem: { stem: string; phrase: Phrase }[] = [];
  for (const text of phrases) {
    const parts = text.split(' ');
    const phrase = {
      text,
      words: parts.map((part) =>
        part.endsWith('*')
          ? (word: string) => word.startsWith(part.slice(0, -1))
          : (word: string) => word === part,
      ),
    };
    const first = parts[0] ?? '';
    if (first.endsWith('*')) byStem.push({ stem: first.slice(0, -1), phrase });
    else byFirstWord.set(first, [...(byFirstWord.get(first) ?? []), phrase]);
  }
  return { byFirstWord, byStem };
}

/** Words that make the next words a time before or after them: "Pre-Production" is not production. */
const PREFIXES = new Set([
  'pre',
  'post',
  'avant',
  'apres',
  'pos',
  'vor',
  'nach',
  'antes',
  'despues',
  'before',
  'after',
  'prior',
]);

export interface KeywordMatch {
  /** The phrase as written in the keyword list. */
  phrase: string;
  /** The words of the text it matched. */
  matched: string;
  /** Index of the first matched word. */
  index: number;
  /** A prefix word among the three before the match ("Pre-", "Après la", "Antes del"), or null. */
  prefix: string | null;
}

/** The first phrase found in `words` (in text order, longest phrase first at one place), or null. */
export function findKeyword(
  words: readonly string[],
  list: Keywords,
  options: { unprefixed?: boolean } = {},
): KeywordMatch | null {
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    let found: Phrase | null = null;
    for (const phrase of list.byFirstWord.get(word) ?? [])
      if (isLonger(phrase, found) && matchesAt(phrase, words, index)) found = phrase;
    for (const { stem, phrase } of list.byStem)
      if (word.startsWith(stem) && isLonger(phrase, found) && matchesAt(phrase, words, index)) found = phrase;
    if (!found) continue;
    const prefix =
      words.slice(Math.max(0, index - 3), index).find((candidate) => PREFIXES.has(candidate)) ?? null;
    const match = {
      phrase: found.text,
      matched: words.slice(index, index + found.words.length).join(' '),
      index,
      prefix,
    };
    if (!options.unprefixed || !prefix) return match;
    // "Avant la mise en production": the words the prefixed match covers are not matched again.
    index += found.words.length - 1;
  }
  return null;
}

const isLonger = (phrase: Phrase, than: Phrase | null): boolean =>
  !than || phrase.words.length > than.words.length;

function matchesAt(phrase: Phrase, words: readonly string[], index: number): boolean {
  if (index + phrase.words.length > words.length) return false;
  return phrase.words.every((test, offset) => test(words[index + offset] ?? ''));
}

/** Whether the text holds one of the phrases. */
export function hasKeyword(text: string, list: Keywords, options: { unprefixed?: boolean } = {}): boolean {
  return findKeyword(wordsOf(text), list, options) !== null;
}
