/**
 * Author overrides of the reader's heuristic decisions, given in the plan's YAML front matter
 * under a `launchplan:` key or in a sidecar file `<plan>.launchplan.yaml` next to the plan.
 * See docs/plan-format.md.
 */
import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { formatPathErrors, toPathErrors } from '../codecErrors.ts';
import { ApprovalPolicy, type Diagnostic } from './model.ts';

/** What an author may say a section is: `phase` (or `step` inside a phase), `note`, `ignore`, or any role the reader scores. */
export const SectionOverride = t.keyof(
  Object.fromEntries(
    [
      'phase',
      'step',
      'note',
      'ignore',
      'work',
      'gate',
      'rollback',
      'risks',
      'calendar',
      'durations',
      'monitoring',
      'metrics',
      'overview',
      'objectives',
      'deliverables',
      'weekly',
      'roles',
      'conclusion',
      'annex',
      'contents',
      'contacts',
      'links',
      'legend',
      'progress',
      'fields',
      'signoff',
      'template',
      'glossary',
      'summary',
      'diagram',
    ].map((name) => [name, null]),
  ),
);
export type SectionOverride = t.TypeOf<typeof SectionOverride>;

export const Overrides = t.partial({
  /** Plan id (defaults to the file name). */
  id: t.string,
  /** Plan title (defaults to the first heading). */
  title: t.string,
  /** Role of a section, keyed by its heading text (emoji and case ignored). */
  sections: t.record(t.string, SectionOverride),
  /**
   * Whether a leading ✅ or ⬜ on a bullet sets the item's status: true everywhere, false never;
   * left out, only in checklists (a checklist title, boxes beside, or done and open marks mixed).
   */
  emojiStatus: t.boolean,
  /** Whether to add a go/no-go gate before the launch phase when the plan has none (default true). */
  addGate: t.boolean,
  /** Phases (by heading text or id) that never finish, such as maintenance. */
  continuous: t.array(t.string),
  /** `required`: a go/no-go must say why (the service refuses one without a reason). */
  decisionReason: t.keyof({ required: null, optional: null }),
  /** Approval policies of gates, keyed by gate id, gate title, or `*` for every gate (see `plan/approvals.ts`). */
  approvals: t.record(t.string, ApprovalPolicy),
});
export type Overrides = t.TypeOf<typeof Overrides>;

/** Overrides found somewhere, with the problems found reading them. */
export interface ReadOverrides {
  overrides: Overrides;
  diagnostics: Diagnostic[];
}

/**
 * Decodes overrides given in `where` (front matter, a sidecar file). Invalid overrides are
 * ignored as a whole and reported as a `bad-overrides` warning naming each bad field: a typo in
 * an override must not stop a launch plan from being read.
 */
export function readOverrides(value: unknown, where: string): ReadOverrides {
  const decoded = Overrides.decode(value ?? {});
  if (E.isRight(decoded)) return { overrides: decoded.right, diagnostics: [] };
  const fields = formatPathErrors(toPathErrors(decoded.left), '; ');
  return {
    overrides: {},
    diagnostics: [
      {
        code: 'bad-overrides',
        severity: 'warning',
        message: `${where}: invalid overrides were ignored (${fields})`,
        line: 1,
      },
    ],
  };
}
