/**
 * When a line of work is due: the window its first sentence gives. A long item that goes on to
 * explain ("You will compare these numbers on Day 2–3.") or points at another step ("Day 4 step
 * 4", "in Day 1 step 5") or names a day as a thing ("close to the Day 1 baseline") does not
 * take that other day as its own; nor does the date a step records it was done ("Done 2026-09-19").
 */
import type { Window } from '../model.ts';
import { parseWindow } from '../time.ts';

/** A sentence ends at ".", "!" or "?" before a capital letter. */
const SENTENCE_END = /(?<=[.!?])\s+(?=\p{Lu})/u;
/** "the Day 1 baseline", "die T-0 Meldung": a window named as a thing, not a time ("le J-1" is a time). */
const ARTICLE_BEFORE = /\b(?:the|this|that|der|die|das|dem|des|het)\s+$/iu;
/** "done 2026-09-19", "(cerrado 2026-09-05)", "erledigt am 4.3.": when it was done, not when it is due. */
const RECORD_BEFORE =
  /\b(?:done|closed|completed|finished|shipped|cerrad[oa]|hech[oa]|terminad[oa]|completad[oa]|fait|faite|termin[eé]e?|clos|feit[oa]|conclu[ií]d[oa]|fechad[oa]|erledigt|abgeschlossen|fatt[oa]|chius[oa]|klaar|afgerond|gesloten)\b[^\p{L}\p{N}]*(?:(?:on|le|el|em|am|il|op)\s+)?$/iu;
/** "Day 4 step 4", "J+1, étape 3": a window that names where another step is. */
const STEP_AFTER = /^\s*,?\s*(?:step|étape|etape|paso|passo|schritt|stap)\s*\d/iu;

export function lineWindow(text: string): Window | null {
  const first = text.split(SENTENCE_END)[0] ?? text;
  const window = parseWindow(first);
  if (!window) return null;
  const at = first.indexOf(window.raw);
  if (at < 0) return window;
  const before = first.slice(0, at);
  const named =
    ARTICLE_BEFORE.test(before) ||
    RECORD_BEFORE.test(before) ||
    STEP_AFTER.test(first.slice(at + window.raw.length));
  return named ? null : window;
}
