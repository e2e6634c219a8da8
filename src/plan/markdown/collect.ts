/**
 * What the reader gathers while it walks the sections, beside the phases themselves: ids,
 * diagnostics, alert rules, the lines whose marks set or did not set a status, and the decisions
 * `inspect --explain` prints. One collector per read.
 */
import type { Diagnostic, Severity } from '../model.ts';
import { createIdScope } from '../text.ts';
import type { Overrides } from '../overrides.ts';
import type { Language } from './language.ts';
import type { Section } from './parse.ts';
import type { Role } from './roles.ts';

/** Why the reader read a section or a table the way it did, for `inspect --explain`. */
export interface Decision {
  line: number;
  /** The heading, or what was decided about ("table", "rollback table"). */
  subject: string;
  /** What it was read as: phase, step, note (contacts), gate, rollback, items… */
  as: string;
  /** The words or columns that decided it. */
  why: string;
}

export interface Collector {
  readonly source: readonly string[];
  /** The plan's language, for the shapes that differ by language (language.ts). */
  readonly language: Language;
  /** How many top sections hold each line of work (evidence.ts `echoIndex`). */
  readonly echoes: ReadonlyMap<string, number>;
  /** Whether the whole plan is a rollback protocol (its title says so). */
  readonly rollbackPlan: boolean;
  readonly overrides: Overrides;
  readonly uniqueId: (base: string) => string;
  /** The role decided for each section (roles.ts), for the readers that run after the walk. */
  readonly sectionRoles: Map<Section, Role>;
  readonly diagnostics: Diagnostic[];
  readonly decisions: Decision[];
  /** Lines whose ✅/⬜ mark set an item's status (reported once, as one diagnostic). */
  readonly markStatusLines: number[];
  /** Lines whose ✅ was read as decoration, outside a checklist (reported once). */
  readonly markDecorationLines: number[];
  /** Source ranges read into something other than items (steps from list items, RACI rows…). */
  readonly accounted: [number, number][];
  report(code: string, severity: Severity, message: string, line: number): void;
  account(line: number, endLine: number): void;
  explain(line: number, subject: string, as: string, why: string): void;
}

export function createCollector(
  source: readonly string[],
  overrides: Overrides,
  language: Language,
  echoes: ReadonlyMap<string, number> = new Map(),
  rollbackPlan = false,
): Collector {
  const diagnostics: Diagnostic[] = [];
  const decisions: Decision[] = [];
  const accounted: [number, number][] = [];
  return {
    source,
    language,
    echoes,
    rollbackPlan,
    overrides,
    uniqueId: createIdScope(),
    sectionRoles: new Map(),
    diagnostics,
    decisions,
    markStatusLines: [],
    markDecorationLines: [],
    accounted,
    account(line, endLine) {
      accounted.push([line, endLine]);
    },
    report(code, severity, message, line) {
      diagnostics.push({ code, severity, message, line });
    },
    explain(line, subject, as, why) {
      decisions.push({ line, subject, as, why });
    },
  };
}
