/**
 * The language a plan is written in, guessed once from its most common short words: English,
 * French, Spanish, Portuguese, German, Italian or Dutch. Only shapes that differ by language use
 * it (how a line that starts with a verb looks); heading words are read in every language.
 */
import { fold } from '../text.ts';

export type Language = 'en' | 'fr' | 'es' | 'pt' | 'de' | 'it' | 'nl';

// prettier-ignore
const STOPWORDS: Readonly<Record<Language, readonly string[]>> = {
  en: ['the', 'and', 'of', 'to', 'for', 'with', 'is', 'are', 'all', 'on', 'be', 'before', 'after', 'check'],
  fr: ['le', 'la', 'les', 'des', 'du', 'et', 'est', 'pour', 'avec', 'sur', 'une', 'au', 'aux', 'dans'],
  es: ['el', 'los', 'las', 'del', 'y', 'para', 'con', 'por', 'una', 'que', 'se', 'al', 'es', 'en'],
  pt: ['o', 'os', 'as', 'do', 'da', 'dos', 'das', 'e', 'para', 'com', 'uma', 'no', 'na', 'nao', 'em'],
  de: ['der', 'die', 'das', 'und', 'ist', 'mit', 'fur', 'von', 'den', 'dem', 'nicht', 'ein', 'eine', 'auf'],
  it: ['il', 'lo', 'gli', 'della', 'delle', 'dei', 'e', 'per', 'con', 'una', 'che', 'di', 'sono', 'nel'],
  nl: ['de', 'het', 'een', 'en', 'van', 'voor', 'met', 'op', 'is', 'zijn', 'niet', 'bij', 'naar', 'wordt'],
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
