/**
 * Author overrides of the reader's heuristic decisions, given in the plan's YAML front matter
 * under a `launchplan:` key or in a sidecar file `<plan>.launchplan.yaml` next to the plan.
 * See docs/plan-format.md.
 */
import * as t from 'io-ts';

export const SectionOverride = t.keyof({
  phase: null,
  note: null,
  rollback: null,
  risks: null,
  calendar: null,
  gate: null,
  ignore: null,
});
export type SectionOverride = t.TypeOf<typeof SectionOverride>;

export const Overrides = t.partial({
  /** Plan id (defaults to the file name). */
  id: t.string,
  /** Plan title (defaults to the first heading). */
  title: t.string,
  /** Role of a section, keyed by its heading text (emoji and case ignored). */
  sections: t.record(t.string, SectionOverride),
  /** Whether a leading ✅ or ⬜ on a bullet or heading sets the item's status (default true). */
  emojiStatus: t.boolean,
  /** Whether to add a go/no-go gate before the launch phase when the plan has none (default true). */
  addGate: t.boolean,
  /** Phases (by heading text or id) that never finish, such as maintenance. */
  continuous: t.array(t.string),
});
export type Overrides = t.TypeOf<typeof Overrides>;
