/**
 * The language a plan is written in, guessed once from its most common short words: English,
 * French, Spanish, Portuguese, German, Italian or Dutch. Only shapes that differ by language use
 * it (how a line that starts with a verb looks); heading words are read in every language.
 */
import { fold } from '../text.ts';

export type Language = 'en' | 'fr' | 'es' | 'pt' | 'de' | 'it' | 'nl';

// Words common in one language and rare in the others: "de", "en", "la", "das" or "con" are
// everyday words of several, and counted for one they tip a Spanish plan into Dutch.
// prettier-ignore
const STOPWORDS: Readonly<Record<Language, readonly string[]>> = {
  en: ['the', 'and', 'of', 'to', 'for', 'with', 'are', 'all', 'on', 'be', 'before', 'after', 'check'],
  fr: ['le', 'les', 'des', 'du', 'et', 'est', 'pour', 'avec', 'sur', 'une', 'au', 'aux', 'dans'],
  es: ['el', 'los', 'las', 'del', 'y', 'al', 'es', 'esta', 'sin', 'desde', 'cuando', 'hay', 'pero'],
  pt: ['o', 'os', 'do', 'dos', 'das', 'com', 'uma', 'nao', 'em', 'ao', 'sao', 'pelo', 'pela'],
  de: ['der', 'die', 'und', 'ist', 'mit', 'fur', 'von', 'den', 'dem', 'nicht', 'ein', 'eine', 'auf', 'im', 'zu', 'wird', 'sind', 'bei'],
  it: ['il', 'gli', 'della', 'delle', 'dei', 'per', 'che', 'di', 'sono', 'nel', 'alla', 'degli'],
  nl: ['het', 'een', 'van', 'voor', 'met', 'op', 'zijn', 'niet', 'bij', 'naar', 'wordt', 'worden', 'ook'],
};

/** The plan's language: the one whose common words occur most often (English when none do). */
export function detectLanguage(text: string): Language {
  const counts = new Map<string, number>();
  for (const word of fold(text).split(/[^\p{L}]+/u)) if (word) counts.set(word, (counts.get(word) ?? 0) + 1);
  let best: Language = 'en';
  let bestScore = 0;
  for (const [language, words] of Object.entries(STOPWORDS) as [Language, readonly string[]][]) {
    const score = words.reduce((sum, word) => sum + (counts.get(word) ?? 0), 0);
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  return best;
}
