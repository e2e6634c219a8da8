/**
 * What the reader gathers while it walks the sections, beside the phases themselves: ids,
 * diagnostics, alert rules, gates found in the text. One collector per read.
 */
import type { AlertRule, Diagnostic, Severity } from '../model.ts';
import { createIdScope } from '../text.ts';
import type { Overrides } from '../overrides.ts';

export interface Collector {
  readonly source: readonly string[];
  readonly overrides: Overrides;
  readonly uniqueId: (base: string) => string;
  readonly alerts: AlertRule[];
  readonly diagnostics: Diagnostic[];
  /** Lines whose ✅/⬜ mark set an item's status (reported once, as one diagnostic). */
  readonly markStatusLines: number[];
  report(code: string, severity: Severity, message: string, line: number): void;
}

export function createCollector(source: readonly string[], overrides: Overrides): Collector {
  const diagnostics: Diagnostic[] = [];
  return {
    source,
    overrides,
    uniqueId: createIdScope(),
    alerts: [],
    diagnostics,
    markStatusLines: [],
    report(code, severity, message, line) {
      diagnostics.push({ code, severity, message, line });
    },
  };
}
