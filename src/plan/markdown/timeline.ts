/**
 * The plan's timeline backbone: which sections are its phases, in which order, and where the
 * go-live stands among them. Stages written under a wrapper heading ("Rollout Checklist" over
 * "Day 0", "Day 1", "Day 2-3"; "Detailed Timeline" over "T-24h", "T-4h", "T-0") are the phases,
 * never parallel steps of one phase; what comes after the go-live (post-launch monitoring,
 * sign-off records) is read as such.
 */
import type { Phase, Window } from '../model.ts';
import type { Collector } from './collect.ts';
import { parseWindow } from '../time.ts';
import { UNIT_MINUTES } from '../timeWords.ts';
import { isLaunchTitle } from './classify.ts';
import { holdsCommand, holdsItems, holdsWorkToDo } from './steps.ts';
import type { List } from 'mdast';
import { ownText } from './items.ts';
import { findKeyword, wordsOf } from './keywords.ts';
import type { Section } from './parse.ts';
import { TITLE_WORDS, type TitleWord } from './roleWords.ts';
import { allContent } from './sectionContent.ts';

/** A stage of a timeline: "Phase 2", "Stage 3", "Day 1", "Week 2", "Wave 1", "Sprint 4". */
const STAGE_TITLE =
  /^\P{L}*(phase|fase|etapa|stage|stufe|étape|etape|wave|vague|ola|onda|welle|golf|day|jour|d[ií]a|tag|giorno|dag|week|semaine|semana|woche|settimana|sprint|cohort|cohorte|ring|batch|lot|lote)\s*[-+]?\d/iu;

/** "Step 3:", "Paso 2 —", "Schritt 1.": the number of a step, which may name a stage after it. */
const STEP_PREFIX = /^\P{L}*(?:step|paso|passo|schritt|stap)\s*\d+\s*[:.)—–-]?\s*/iu;

/**
 * A stage of a timeline: a numbered stage, or a place on it written as an offset from the
 * go-live (T-24h, J+1, D-7), a numbered week or a date. "First hour" or "10:30-11:30" are times
 * inside one phase, not stages of the plan.
 */
function isStage(section: Section): boolean {
  // "Step 3: Stage 1 — Internal (1%)" is a stage; "Stap 2 — DNS zetten" a step of one phase.
  const title = section.rawTitle.replace(STEP_PREFIX, '');
  if (STAGE_TITLE.test(title)) return true;
  const window = parseWindow(title);
  if (!window || window.anchor === 'clock' || window.anchor === 'weekday') return false;
  return window.anchor !== 'launch' || /^[tjdh]\s*[-+−–=]/iu.test(window.raw);
}

/** A list of work to do, not of facts: most of its entries are not `Key: value` fields. */
function listOfWork(list: List): boolean {
  const entries = list.children.map((item) => ownText(item));
  return entries.filter((text) => !/^[^:]{1,30}:\s/u.test(text)).length * 2 > entries.length;
}

/** Headings of what is not a timeline of work, whatever its sub-sections look like: weekly objectives, a schedule of messages… */
const NOT_STAGES: readonly TitleWord[] = [
  'weekly',
  'objectives',
  'overview',
  'metrics',
  'glossary',
  'annex',
  'template',
  'summary',
  'contents',
  'contacts',
  'links',
  'risks',
  'rollback',
  'gate',
  'signoff',
  'fields',
  'roles',
  'communication',
];

/** Work a person ticks or runs: boxes, a task table, ✅/☐ lines, a numbered list, a command. */
function stageHoldsWork(section: Section): boolean {
  const runs = (part: Section): boolean => holdsCommand(part) || part.children.some(runs);
  if (runs(section)) return true;
  return allContent(section).some(
    (node) =>
      (node.type === 'list' &&
        (node.ordered === true ||
          node.children.some((item) => typeof item.checked === 'boolean') ||
          listOfWork(node))) ||
      (node.type !== 'list' && holdsItems([node])),
  );
}

/**
 * A wrapper of stages: no window of its own, nothing to do of its own, a heading that does not
 * name something else, and at least two sub-sections that are stages of a timeline, most of them
 * holding work to do, making up most of its sub-sections.
 */
function isStageWrapper(section: Section): boolean {
  if (STAGE_TITLE.test(section.rawTitle) || holdsWorkToDo(section.content)) return false;
  const words = wordsOf(section.rawTitle);
  if (NOT_STAGES.some((kind) => findKeyword(words, TITLE_WORDS[kind]))) return false;
  const stages = section.children.filter(isStage);
  const working = stages.filter(stageHoldsWork).length;
  // A wrapper with a window of its own ("Go-Live Day") holds stages only when each has its own.
  const placed =
    !parseWindow(section.rawTitle) || stages.every((stage) => parseWindow(stage.rawTitle) !== null);
  return (
    placed &&
    stages.length >= 2 &&
    stages.length * 2 >= section.children.length &&
    working * 2 >= stages.length
  );
}

/**
 * The sections to read as the plan's top sections: stage wrappers give way to their stages. When
 * several wrappers repeat the same stages ("Wave 1", "Wave 2" under each environment), the
 * wrappers are the phases and the stages their steps.
 */
export function backboneSections(sections: readonly Section[]): { sections: Section[]; wrappers: Section[] } {
  const out: Section[] = [];
  const wrappers: Section[] = [];
  const candidates = sections.filter(isStageWrapper);
  const seen = new Map<string, number>();
  for (const wrapper of candidates)
    for (const title of new Set(wrapper.children.map((child) => child.title.toLowerCase())))
      seen.set(title, (seen.get(title) ?? 0) + 1);
  const repeated = (wrapper: Section) =>
    wrapper.children.some((child) => (seen.get(child.title.toLowerCase()) ?? 0) > 1);
  for (const section of sections) {
    if (candidates.includes(section) && !repeated(section)) {
      wrappers.push(section);
      out.push(...section.children);
    } else out.push(section);
  }
  return { sections: out, wrappers };
}

/** The index of the first top section that is the go-live itself (its title, or a T-0 / J / D-Day window), or -1. */
export function goLiveSectionIndex(sections: readonly Section[]): number {
  return sections.findIndex((section) => {
    const window = parseWindow(section.rawTitle);
    if (window?.anchor === 'launch' && window.from <= 0 && window.to >= 0) return true;
    return isLaunchTitle(section.rawTitle);
  });
}

/** A span of minutes or hours after the go-live written without a letter: "(0-15 min)", "(5-10 minutes)". */
const isBareSpan = (window: Window | null): window is Window =>
  window !== null &&
  window.anchor === 'launch' &&
  window.unit !== 'day' &&
  !/^[tdjh]\b/iu.test(window.raw) &&
  window.from < window.to;

/**
 * Spans after the go-live on sibling phases ("(0-15 MINUTOS)", "(15-45 MINUTOS)") are where each
 * runs when the first starts at zero; when it does not ("(5-10 minutes)", "(10-15 minutes)"), they
 * are how long each one lasts.
 */
export function settleSpans(phases: Phase[]): void {
  const spans = phases.filter((phase) => isBareSpan(phase.window));
  const first = spans[0]?.window;
  if (first?.from === 0) return continueSpans(phases);
  if (!first) return;
  for (const phase of spans) {
    const window = phase.window as Window;
    phase.duration ??= { raw: window.raw, unit: window.unit, min: window.from, max: window.to };
    phase.window = null;
  }
}

/**
 * A span that starts where the phase before it ended ("Canary (0-4h)", then "Ramp (4-12h)",
 * "Full rollout (12-24h)") is the next stretch of the same timeline, not a length.
 */
function continueSpans(phases: Phase[]): void {
  let last: Window | null = null;
  for (const phase of phases) {
    const length = phase.duration;
    if (isBareSpan(phase.window)) last = phase.window;
    else if (last && !phase.window && length && length.unit === last.unit && length.min === last.to) {
      phase.window = {
        raw: length.raw,
        unit: length.unit,
        from: length.min,
        to: length.max,
        anchor: 'launch',
      };
      phase.duration = null;
      last = phase.window;
    }
  }
}

/** A phase that comes before the go-live by its window (T-48h, "2 days before") or its heading ("Pre-Go-Live checklist"). */
function isBeforeGoLive(phase: Phase): boolean {
  const window = phase.window;
  if (window?.anchor === 'launch') return window.to < 0;
  return (
    findKeyword(wordsOf(phase.title), TITLE_WORDS.before) !== null &&
    findKeyword(wordsOf(phase.title), TITLE_WORDS.launch) !== null &&
    findKeyword(wordsOf(phase.title), TITLE_WORDS.after) === null
  );
}

/**
 * A timeline runs in the order of its offsets: a phase written after the go-live phase but due
 * before it ("Pre-Go-Live checklist — 48h before", a to-do list written last) is moved ahead of
 * the go-live. Returns the titles of the phases moved.
 */
/** The go-live on the timeline: the index of the phase whose window holds T-0, or -1. */
const goLiveStage = (phases: readonly Phase[]): number =>
  phases.findIndex(
    (phase) => phase.window?.anchor === 'launch' && phase.window.from <= 0 && phase.window.to >= 0,
  );

export function orderByTimeline(phases: Phase[], launchIndex: number): string[] {
  // The go-live on the timeline: the phase whose window holds T-0, else the one its heading names.
  const zero = goLiveStage(phases);
  launchIndex = zero >= 0 ? zero : launchIndex;
  const launch = phases[launchIndex];
  if (!launch) return [];
  const early = phases.slice(launchIndex + 1).filter(isBeforeGoLive);
  if (early.length === 0) return [];
  const rest = phases.filter((phase) => !early.includes(phase));
  const at = rest.indexOf(launch);
  phases.splice(0, phases.length, ...rest.slice(0, at), ...early, ...rest.slice(at));
  return early.map((phase) => phase.title);
}

/** Counted in days, weeks or months from the start ("Day 3", "Week 2"). */
const countedFromStart = (window: Window | null): window is Window =>
  window?.anchor === 'start' && (window.unit === 'day' || window.unit === 'week' || window.unit === 'month');

/**
 * After the go-live, "Day 1", "Week 2" and "Month 1" count from the go-live, not from the start of
 * the launch: "Phase 2: Beta tenants (Day 3-5)" written after "T-0: Deploy" is three days after it.
 * Only in a plan whose go-live stands on the timeline (a phase whose window holds T-0).
 */
export function anchorAfterGoLive(phases: readonly Phase[]): void {
  const zero = goLiveStage(phases);
  if (zero < 0) return;
  for (const phase of phases.slice(zero + 1)) {
    if (countedFromStart(phase.window)) phase.window = { ...phase.window, anchor: 'launch' };
    for (const step of phase.steps)
      if (countedFromStart(step.window)) step.window = { ...step.window, anchor: 'launch' };
  }
}

/** "T+30", "H+150": an offset from the go-live written without its unit, read as hours. */
const BARE_OFFSET = /^[tdh]\s*\+\s*\d+$/iu;

/**
 * In a phase timed in minutes ("Phase 2 (T+15min to T+45min)"), a bare "T+30" inside its span is
 * thirty minutes, not thirty hours.
 */
export function bareOffsetsInMinutes(phases: readonly Phase[]): void {
  for (const phase of phases) {
    const span = phase.window;
    if (span?.anchor !== 'launch' || span.unit !== 'minute') continue;
    const inMinutes = <T extends { window?: Window | null }>(timed: T): void => {
      const window = timed.window;
      if (
        window?.anchor === 'launch' &&
        window.unit === 'hour' &&
        BARE_OFFSET.test(window.raw) &&
        window.from >= span.from &&
        window.to <= span.to
      )
        timed.window = { ...window, unit: 'minute' };
    };
    for (const step of phase.steps) {
      inMinutes(step);
      step.items.forEach(inMinutes);
    }
  }
}

/** A window counted from the go-live, in minutes; null when it is not, or its unit is longer than a day. */
function launchMinutes(window: Window | null | undefined): [number, number] | null {
  if (window?.anchor !== 'launch' || window.unit === 'week' || window.unit === 'month') return null;
  const per = UNIT_MINUTES[window.unit];
  return [window.from * per, window.to * per];
}

/** Steps and items timed from the go-live outside the span of their own phase: a misread or a slip, said by lint. */
export function reportOffsetsOutside(phases: readonly Phase[], collector: Collector): void {
  for (const phase of phases) {
    // Only a span of minutes or hours bounds its work: "Jour J" or "T-0h" only say when it starts.
    const span = phase.window?.unit === 'day' ? null : launchMinutes(phase.window);
    if (!span || span[0] === span[1]) continue;
    const check = (what: string, window: Window | null | undefined, line: number) => {
      const at = launchMinutes(window);
      if (at && (at[0] < span[0] || at[1] > span[1]))
        collector.report(
          'window-outside-phase',
          'warning',
          `${what} is timed ${window?.raw} (${window?.unit}s), outside its phase "${phase.title}" (${phase.window?.raw})`,
          line,
        );
    };
    for (const step of phase.steps) {
      check(`step "${step.title}"`, step.window, step.pos.line);
      for (const item of step.items) check(`item "${item.text}"`, item.window, item.pos.line);
    }
  }
}
