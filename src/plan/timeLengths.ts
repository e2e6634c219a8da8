/**
 * Lengths of time, as opposed to places in time (time.ts): durations ("2-3 semaines", "± 20–40
 * min", "ca. 30 Minuten"), intervals ("every 5 min", "toutes les 2 heures", "hourly") and hold
 * times ("for 5 min", "pendant 10 minutes", "gedurende 5 minuten"), in seven languages.
 */
import type { Duration, TimeUnit } from './model.ts';
import { amountRange, phraseAt, phrases, rawText, tokenize, word, type Token } from './timeTokens.ts';
import { HOLD_LEADS, INTERVAL_ADVERBS, INTERVAL_LEADS, LENGTH_FILLERS, unitOfWord } from './timeWords.ts';

/** A length read at some index: its unit, bounds, and the index after it. */
export interface Length {
  unit: TimeUnit;
  min: number;
  max: number;
  next: number;
}

const INTERVALS = phrases(Object.entries(INTERVAL_LEADS));
const HOLDS = phrases(HOLD_LEADS.map((lead) => [lead, true] as const));

const skipFillers = (tokens: readonly Token[], at: number): number =>
  LENGTH_FILLERS.has(word(tokens, at) ?? '') ? at + 1 : at;

/** An amount (or range of amounts) and its unit from `at`, as a length. */
function lengthFrom(tokens: readonly Token[], at: number): Length | null {
  const found = amountRange(tokens, at);
  return found ? { unit: found.unit, min: found.from, max: found.to, next: found.next } : null;
}

/**
 * An interval at `at`: "every 5 min", "every 2 hours", "toutes les 5 minutes", "cada 5 minutos",
 * "a cada 5 min", "alle 5 Minuten", "ogni 5 minuti", "elke 5 minuten", "every hour", "hourly".
 */
export function intervalAt(tokens: readonly Token[], at: number): Length | null {
  const value = word(tokens, at);
  const adverb = value === null ? undefined : INTERVAL_ADVERBS.get(value);
  if (adverb) return { unit: adverb, min: 1, max: 1, next: at + 1 };
  const lead = phraseAt(tokens, at, INTERVALS);
  if (!lead) return null;
  const index = skipFillers(tokens, lead.next);
  const found = lengthFrom(tokens, index);
  if (found || !lead.value) return found;
  const unitWord = word(tokens, index); // "every hour", "tous les jours"; not a lone letter
  const unit = unitWord !== null && unitWord.length > 1 ? unitOfWord(unitWord) : null;
  return unit ? { unit, min: 1, max: 1, next: index + 1 } : null;
}

/** A hold at `at`: "for 5 min", "hold 30 min", "pendant 10 minutes", "durante 5 min", "für 5 Minuten", "per 5 minuti". */
export function holdAt(tokens: readonly Token[], at: number): Length | null {
  const lead = phraseAt(tokens, at, HOLDS);
  return lead ? lengthFrom(tokens, skipFillers(tokens, lead.next)) : null;
}

/** The first length `find` reads in `text`, as a duration whose raw text is the whole phrase. */
function firstLength(
  text: string,
  find: (tokens: readonly Token[], at: number) => Length | null,
): Duration | null {
  const tokens = tokenize(text);
  for (let at = 0; at < tokens.length; at += 1) {
    const found = find(tokens, at);
    if (found)
      return { raw: rawText(text, tokens, at, found.next), unit: found.unit, min: found.min, max: found.max };
  }
  return null;
}

/**
 * The first interval in the text ("every 5 min", "toutes les 5 minutes", "daily"), or null. Never
 * a window: `parseWindow` passes over it.
 * @example parseInterval('Poll the health endpoint every 5 min') // { raw: 'every 5 min', unit: 'minute', min: 5, max: 5 }
 */
export function parseInterval(text: string): Duration | null {
  return firstLength(text, intervalAt);
}

/**
 * The first hold time in the text ("for 5 min", "pendant 10 minutes", "gedurende 5 minuten"), or
 * null. Never a window: "Monitor for 24 hours after go-live" has none.
 * @example parseHold('Error rate > 2% for 5 min') // { raw: 'for 5 min', unit: 'minute', min: 5, max: 5 }
 */
export function parseHold(text: string): Duration | null {
  return firstLength(text, holdAt);
}

/**
 * The first duration ("2-3 semaines", "1h", "15 min", "24 Horas", "circa 3 ore", "ongeveer 2
 * uur") in the text, or null.
 * @example parseDuration('Durée cible : 1-2 semaines') // { raw: '1-2 semaines', unit: 'week', min: 1, max: 2 }
 */
export function parseDuration(text: string): Duration | null {
  const tokens = tokenize(text);
  for (let at = 0; at < tokens.length; at += 1) {
    const previous = tokens[at - 1];
    if (previous?.type === 'sign' && !tokens[at]?.gap) continue; // "T-2h" is a place, not a length
    const found = lengthFrom(tokens, at);
    if (found)
      return { raw: rawText(text, tokens, at, found.next), unit: found.unit, min: found.min, max: found.max };
  }
  return null;
}
