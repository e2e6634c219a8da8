/**
 * Monitoring thresholds as alert rules: every line of a monitoring section (prose, list items,
 * code, table rows) that states a threshold (see thresholds.ts) becomes a rule on its metric.
 */
import type { AlertRule } from '../model.ts';
import { slug } from '../text.ts';
import type { LineText } from './lines.ts';
import { findThreshold } from './thresholds.ts';

/** A line to read, and the metric it is about when the line itself does not name one (a table row's first cell). */
export interface ThresholdLine extends LineText {
  metric?: string;
}

/** Alert rules found in the given lines; lines without a recognisable threshold are skipped. */
export function alertRulesIn(
  lines: readonly ThresholdLine[],
  uniqueId: (base: string) => string,
): AlertRule[] {
  const rules: AlertRule[] = [];
  for (const { text, line, metric: fallback } of lines) {
    const found = findThreshold(text);
    const metric = found?.metric ?? fallback;
    if (!found || !metric) continue;
    rules.push({
      id: uniqueId(`alert/${slug(metric)}`),
      metric,
      comparison: found.comparison,
      threshold: found.threshold,
      unit: found.unit,
      raw: text.trim(),
      pos: { line, endLine: line },
      ...(found.sustained ? { sustained: found.sustained } : {}),
    });
  }
  return rules;
}
