/**
 * Whole-word keyword matching for headings, column headers and labels in five languages.
 * Text is accent-folded and cut into words at anything that is not a letter or a digit, so
 * "prepa-raci-ón" never holds the word "raci" and "Pré-Go-Live" is the words pre, go, live.
 * A phrase matches consecutive words; a word written `stem*` matches any word it starts.
 * A match right after Pre-/Post-/Avant/Après/Pré-/Pós-/Vor-/Nach- says so, because "Pre-Go-Live"
 * is not the go-live.
 */
import { fold, stripEmoji } from '../text.ts';

/** The words of a text: accent-folded, lower case, split at every non-letter, non-digit. */
export function wordsOf(text: string): string[] {
  return fold(stripEmoji(text)).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/** A list of phrases compiled once: each phrase a list of word tests. */
export interface Keywords {
  readonly phrases: readonly { text: string; words: readonly ((word: string) => boolean)[] }[];
}

/** Compiles phrases written as "go no go", "risk*", "retour arriere" (already accent-folded). */
export function keywords(...phrases: string[]): Keywords {
  return {
    phrases: phrases.map((text) => ({
      text,
      words: text.split(' ').map((part) => (part.endsWith('*') ? (word: string) => word.startsWith(part.slice(0, -1)) : (word: string) => word === part)),
    })),
  };
}

/** Words that make the next words a time before or after them: "Pre-Production" is not production. */
const PREFIXES = new Set(['pre', 'post', 'avant', 'apres', 'pos', 'vor', 'nach', 'antes', 'despues', 'before', 'after', 'prior']);

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
export function findKeyword(words: readonly string[], list: Keywords, options: { unprefixed?: boolean } = {}): KeywordMatch | null {
  for (let index = 0; index < words.length; index += 1) {
    let best: KeywordMatch | null = null;
    for (const phrase of list.phrases) {
      if (index + phrase.words.length > words.length) continue;
      if (!phrase.words.every((test, offset) => test(words[index + offset] ?? ''))) continue;
      if (best && best.matched.split(' ').length >= phrase.words.length) continue;
      const prefix = words.slice(Math.max(0, index - 3), index).find((word) => PREFIXES.has(word)) ?? null;
      best = { phrase: phrase.text, matched: words.slice(index, index + phrase.words.length).join(' '), index, prefix };
    }
    if (!best) continue;
    if (!options.unprefixed || !best.prefix) return best;
    // "Avant la mise en production": the words the prefixed match covers are not matched again.
    index += best.matched.split(' ').length - 1;
  }
  return null;
}

/** Whether the text holds one of the phrases. */
export function hasKeyword(text: string, list: Keywords, options: { unprefixed?: boolean } = {}): boolean {
  return findKeyword(wordsOf(text), list, options) !== null;
}
