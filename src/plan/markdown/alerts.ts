/**
 * Monitoring thresholds as alert rules: `responseTime: '<200ms'`, "Taux d'erreur: <0.1%",
 * "**Disponibilité** : > 99.9%". Read from the text and code of monitoring sections.
 */
import type { AlertRule, Comparison } from '../model.ts';
import { fold, slug, stripEmoji } from '../text.ts';

const THRESHOLD_LINE =
  /^[\s\-*>]*([\p{L}][\p{L}\p{N}\s'’_.\-/]*?)\**\s*[:=]\s*['"`]?\s*(<=|>=|≤|≥|<|>|=)?\s*(\d+(?:[.,]\d+)?)\s*(ms|s|sec|min|h|%|req\/s(?:ec)?|rps|\/100|\/5)?\s*['"`]?\s*,?\s*(?:\/\/.*)?$/u;

const COMPARATORS: Record<string, Comparison> = { '<': '<', '>': '>', '<=': '<=', '>=': '>=', '≤': '<=', '≥': '>=', '=': '=' };

/** Metrics whose healthy side is "at least" when the plan writes no comparator (uptime: 99.9%). */
const AT_LEAST = /uptime|disponibilit|availability|hit ?rate|satisfaction|score|couverture|coverage/;

export interface LineText {
  text: string;
  line: number;
}

/** Alert rules found in the given lines; lines without a recognisable threshold are skipped. */
export function alertRulesIn(lines: readonly LineText[], uniqueId: (base: string) => string): AlertRule[] {
  const rules: AlertRule[] = [];
  for (const { text, line } of lines) {
    const match = THRESHOLD_LINE.exec(stripEmoji(text.replace(/\*\*/g, '')));
    if (!match?.[1] || !match[3]) continue;
    const metric = match[1].replace(/\s+/g, ' ').trim();
    const comparison: Comparison | undefined = match[2]
      ? COMPARATORS[match[2]]
      : AT_LEAST.test(fold(metric))
        ? '>='
        : undefined;
    if (!comparison) continue;
    rules.push({
      id: uniqueId(`alert/${slug(metric)}`),
      metric,
      comparison,
      threshold: Number(match[3].replace(',', '.')),
      unit: match[4] ?? '',
      raw: text.trim(),
      pos: { line, endLine: line },
    });
  }
  return rules;
}
