/**
 * The structure of a plan before any section is read: the Markdown tree (with ```markdown fences
 * opened), the title, the text before the first section, and the top sections on the timeline
 * backbone with their place (first, last, after the go-live). The reader reads the sections;
 * the role-weight fit (scripts/fitRoles.ts) weighs the same sections.
 */
import type { Root } from 'mdast';
import { openMarkdownFences } from './fence.ts';
import { outlineAsMarkdown } from './textOutline.ts';
import { echoIndex, mirroredSections, type Place } from './evidence.ts';
import { detectLanguage, type Language } from './language.ts';
import { buildSections, displayTitle, parseMarkdown, type Section } from './parse.ts';
import { findKeyword, wordsOf } from './keywords.ts';
import { TITLE_WORDS } from './roleWords.ts';
import { backboneSections, goLiveSectionIndex } from './timeline.ts';

export interface PlanStructure {
  /** The text read: the decoded text with its plan fences opened. */
  text: string;
  root: Root;
  /** First lines of the ```markdown fences that were opened. */
  fences: number[];
  language: Language;
  /** The single `#` heading's section, when the plan has one. */
  titleSection: Section | undefined;
  /** What holds the text before the first top section (the title section, or the document). */
  preamble: Section;
  /** The title the headings give (the front matter may override it). */
  title: string;
  /** Headings whose sub-sections are the stages of a timeline: their stages are top sections. */
  wrappers: Section[];
  sections: Section[];
  /** Whether the plan is itself a rollback protocol (its first heading names a rollback). */
  rollbackPlan: boolean;
  /** How many top sections hold each line of work. */
  echoes: ReadonlyMap<string, number>;
  places: Place[];
}

/** The structure of a decoded plan text; `parsed` is its tree when already parsed. */
export function planStructure(decodedText: string, parsed: Root = parseMarkdown(decodedText)): PlanStructure {
  // A plain-text outline is read as the Markdown a person sees in it, line for line.
  const outlined = outlineAsMarkdown(decodedText);
  const source = outlined ?? decodedText;
  const tree = outlined ? parseMarkdown(outlined) : parsed;
  const unfenced = openMarkdownFences(source, tree);
  const text = unfenced?.text ?? source;
  const root = unfenced ? parseMarkdown(text) : tree;
  const language = detectLanguage(text);
  const top = buildSections(root);
  // One heading over everything is the title, whatever its level ("## Project – Release checklist" over "###" phases).
  const only = top.children.length === 1 ? top.children[0] : undefined;
  const titleSection = only && (only.depth === 1 || only.children.length > 0) ? only : undefined;
  const first = titleSection ?? top.children[0];
  const { sections, wrappers } = backboneSections(titleSection ? titleSection.children : top.children);
  const goLive = goLiveSectionIndex(sections);
  const echoes = echoIndex(sections);
  const mirrored = mirroredSections(sections);
  // A plan that is a rollback protocol: its checklists are what a person ticks while rolling back.
  const rollbackPlan = first ? findKeyword(wordsOf(first.rawTitle), TITLE_WORDS.rollback) !== null : false;
  return {
    text,
    root,
    fences: unfenced?.fences ?? [],
    language,
    titleSection,
    preamble: titleSection ?? top,
    title: first ? displayTitle(first.rawTitle) : 'Untitled plan',
    wrappers,
    sections,
    rollbackPlan,
    echoes,
    places: sections.map((section, index) => ({
      language,
      echoes,
      rollbackPlan,
      mirrored: mirrored.has(section),
      first: index === 0,
      last: index === sections.length - 1,
      afterGoLive: goLive >= 0 && index > goLive,
      nested: false,
    })),
  };
}
