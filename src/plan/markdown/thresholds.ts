/**
 * Thresholds as people write them, in five languages: "Error rate > 5% for 5 min", "Taux
 * d'erreur < 0.1%", "responseTime: '<200ms'", "≤ 2 segundos (p95)", "alerts if >80%",
 * "Latenz unter 300 ms", "uptime: 99.9%". A comparator (sign or words), a number, a unit, and
 * the metric named before them; trailing text such as "(p95)" is left aside.
 */
import type { Comparison, Threshold } from '../model.ts';
import { fold, stripEmoji } from '../text.ts';
import { parseDuration } from '../time.ts';
import { withoutMark } from './status.ts';

const WORDS: ReadonlyArray<[Comparison, string]> = [
  [
    '<=',
    'at most|no more than|max|maximum|au plus|au maximum|como maximo|maximo|no maximo|hochstens|maximal|up to|jusqu a|bis zu|ate',
  ],
  [
    '>=',
    'at least|min|minimum|au moins|al menos|como minimo|minimo|pelo menos|no minimo|mindestens|not less than',
  ],
  [
    '<',
    'below|under|less than|lower than|moins de|inferieur a|inferieure a|en dessous de|sous|menos de|menor que|inferior a|por debajo de|abaixo de|unter|weniger als|kleiner als|unterhalb',
  ],
  [
    '>',
    'above|over|more than|greater than|exceeds|exceed|exceeding|plus de|superieur a|superieure a|au dessus de|depasse|mas de|mayor que|superior a|por encima de|mais de|acima de|maior que|uber|mehr als|grosser als|oberhalb',
  ],
];
const SIGNS: Record<string, Comparison> = {
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
  '≤': '<=',
  '≥': '>=',
  '=': '=',
  '==': '=',
};

const UNIT = String.raw`ms|millisecond(?:e)?s?|milisegundos?|millisekunden|secondes?|seconds?|segundos?|sekunden|secs?|sek|s|minutes?|minutos?|minuten|mins?|hours?|heures?|horas?|stunden|h|%|req\/s(?:ec)?|rps|rpm|qps|tps|\/100|\/5|mb|gb|kb|x`;
const COMPARATOR = new RegExp(
  String.raw`(<=|>=|≤|≥|==|<|>|=|\b(?:${WORDS.map(([, words]) => words).join('|')})\b)\s*(\d+(?:[.,]\d+)?)\s*(${UNIT})?(?![\p{L}\d])`,
  'u',
);
const PLAIN = new RegExp(String.raw`[:=]\s*(\d+(?:[.,]\d+)?)\s*(${UNIT})?(?![\p{L}\d])`, 'u');

const UNIT_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/^(ms|milli|mili)/, 'ms'],
  [/^(s|sec|seg|sek)/, 's'],
  [/^min/, 'min'],
  [/^(h|heure|hora|stunde)/, 'h'],
  [/^req\/s/, 'req/s'],
];

/** Metrics whose healthy side is "at least" when the plan writes no comparator (uptime: 99.9%). */
const AT_LEAST =
  /uptime|disponibilit|availability|verfugbarkeit|hit ?rate|satisfaction|satisfaccion|satisfacao|zufriedenheit|score|couverture|coverage|cobertura|abdeckung/;

/** Words between a metric and its comparator: "Error rate is < 1%", "CPU alerts if > 80%". */
const CONNECTORS =
  /(\s|:|=|-|\bis\b|\best\b|\bes\b|\bist\b|\bmust be\b|\bshould be\b|\bdoit etre\b|\bdoit rester\b|\bdebe ser\b|\bdeve ser\b|\bmuss\b|\bsollte\b|\balerts? if\b|\balertes? si\b|\balerta si\b|\balerta se\b|\balarm wenn\b|\bif\b|\bsi\b|\bse\b|\bwenn\b|\bwhen\b|\bquand\b|\bcuando\b|\bquando\b|\bstays\b|\breste\b|\bremains\b|\btarget\b|\bcible\b)+$/;

/** Words saying the threshold is when to alert, not the target: "CPU alerts if > 80%" means CPU ≤ 80% is healthy. */
const ALERT_WHEN =
  /\b(alerts? (if|when|above|below)|page (if|when)|alerte si|alerter si|alerta (si|se|cuando|quando)|alarm (wenn|bei)|alarme si)\b/;
const OPPOSITE: Record<Comparison, Comparison> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<', '=': '=' };

/** "for 5 min", "pendant 10 minutes", "durante 5 min", "für 5 Minuten": how long the condition must hold. */
const SUSTAINED = /^\s*(?:\([^)]*\)\s*)?(?:for|during|over|pendant|durant|sur|durante|por|fur|uber)\s+/;

/**
 * The threshold written in a line, with the metric before it (null when the line names none).
 * The comparison states the healthy side ("CPU alerts if > 80%" gives CPU <= 80).
 */
export function findThreshold(text: string): (Omit<Threshold, 'metric'> & { metric: string | null }) | null {
  if (!/\d/.test(text)) return null; // no number, no threshold
  const clean = stripEmoji(withoutMark(text.replace(/^\s*(?:[-*+]|\d+[.)])?\s*(?:\[[ xX]\])?\s*/u, '')))
    .replace(/[*`"_]|(?<!\p{L})['’]|['’](?!\p{L})/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const folded = foldInPlace(clean);
  const match = COMPARATOR.exec(folded);
  const plain = match ? null : PLAIN.exec(folded);
  const found = match ?? plain;
  if (!found?.index && found?.index !== 0) return null;
  const before = clean.slice(0, found.index);
  const metric = metricName(before);
  let comparison: Comparison | undefined;
  if (match)
    comparison =
      SIGNS[match[1] ?? ''] ??
      WORDS.find(([, words]) => new RegExp(`^(?:${words})$`).test(match[1] ?? ''))?.[0];
  else if (metric && AT_LEAST.test(fold(metric))) comparison = '>=';
  const number = match ? match[2] : plain?.[1];
  if (!comparison || number === undefined) return null;
  const foldedBefore = folded.slice(0, found.index);
  if (ALERT_WHEN.test(foldedBefore.slice(-24))) comparison = OPPOSITE[comparison];
  const unitWord = (match ? match[3] : plain?.[2]) ?? '';
  const rest = clean.slice(found.index + found[0].length);
  const sustained = SUSTAINED.test(fold(rest)) ? parseDuration(rest) : null;
  return {
    metric,
    comparison,
    threshold: Number(number.replace(',', '.')),
    unit: UNIT_NAMES.find(([pattern]) => pattern.test(unitWord))?.[1] ?? unitWord,
    ...(sustained ? { sustained } : {}),
  };
}

/**
 * The text folded with every index still on the same character, so a match in the folded text
 * cuts the original in the same place: the whole text at once when folding keeps its length (it
 * almost always does), else letter by letter.
 */
function foldInPlace(text: string): string {
  const whole = fold(text);
  return whole.length === text.length
    ? whole
    : Array.from(text, (char) => (fold(char).length === char.length ? fold(char) : char)).join('');
}

/** The metric named before a comparator: the last clause, connecting words dropped, at most 8 words. */
function metricName(before: string): string | null {
  const clause = before.split(/[,;(|]/u).at(-1) ?? '';
  const folded = foldInPlace(clause);
  const connectors = CONNECTORS.exec(folded);
  const name = Array.from(clause)
    .slice(0, connectors ? connectors.index : undefined)
    .join('')
    .trim();
  const words = name.split(/\s+/).filter(Boolean);
  return words.length === 0 || words.length > 8 || !/\p{L}/u.test(name) ? null : words.join(' ');
}
