/**
 * Plans written inside a ```` ```markdown ```` fence (a runbook template pasted as code): the
 * fence lines are blanked so the plan inside is read like the rest, on the same line numbers
 * and columns, so checkboxes are still written back in place.
 */
import type { Heading, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { hasKeyword } from './keywords.ts';
import { TITLE_WORDS } from './roleWords.ts';
import { lineOf, endLineOf } from './parse.ts';

/** A box in a fence: a task-list entry, or a line that opens with a box mark ("□ Final security scan"). */
const BOX = /^\s{0,6}(?:(?:[-*+]|\d+[.)])\s+\[[ xX]\]|[☐□☑☒]\s*\S)/u;
/** A blank to fill in, or an entry that only names its kind and a number ("Nouveauté 1", "Item 2"). */
const BLANK =
  /_{3,}|\[(?![ xX]\])[^\]\n]{1,40}\](?!\()|<[a-z][^<>]{0,30}>|\b(?:tbd|xx\/xx|yyyy-mm-dd|x\.y\.z)\b|^\s{0,6}(?:[-*+]\s+)?(?:\[[ xX]\]\s+)?\p{L}+\s+\d+\s*$/iu;

/**
 * A fence holding a plan rather than showing one: its boxes outnumber its blanks to fill in
 * ("[Name]", "____", "Item 1"), whatever its language says (```markdown, ```yaml, none); or a
 * ```markdown fence of headings and lists, with no lists outside it and few blanks. A template
 * to copy (release notes, an e-mail, a report) is mostly blanks: it stays code.
 */
function isPlanFence(lang: string | null | undefined, value: string, outsideHasLists: boolean): boolean {
  if (lang && !/^(markdown|md|gfm|text|txt|plain|yaml|yml)$/iu.test(lang)) return false;
  const lines = value.split('\n').filter((line) => line.trim());
  const boxes = lines.filter((line) => BOX.test(line)).length;
  const blanks = lines.filter((line) => BLANK.test(line)).length;
  if (boxes >= 2 && boxes > blanks) return true;
  if (!/^(markdown|md|gfm)$/iu.test(lang ?? '') || blanks * 5 > lines.length) return false;
  return (
    /^\s{0,3}#{1,6}\s/mu.test(value) || (!outsideHasLists && /^\s{0,3}([-*+]\s|\d+[.)]\s|\|)/mu.test(value))
  );
}

/** The lines of boxes in fences kept as code (templates to copy): reported, so nothing is lost silently. */
export function fencedBoxes(root: Root): number[] {
  return root.children.flatMap((node) =>
    node.type === 'code'
      ? node.value.split('\n').flatMap((line, index) => (BOX.test(line) ? [lineOf(node) + 1 + index] : []))
      : [],
  );
}

/**
 * In a plan with lists of its own, a fence that is a document of its own (a `# Title` inside) or
 * that sits under a heading naming a template ("Freigabevorlage", "Approval template") is a form
 * to copy, not more of the plan: opened, its heading would swallow the sections after it.
 */
function isTemplateInPlan(value: string, before: readonly RootContent[]): boolean {
  if (/^\s{0,3}#\s/mu.test(value)) return true;
  const heading = before.filter((node): node is Heading => node.type === 'heading').at(-1);
  return heading !== undefined && hasKeyword(toString(heading), TITLE_WORDS.template);
}

export interface Unfenced {
  text: string;
  /** First lines of the fences that were opened. */
  fences: number[];
}

/** The text with its Markdown fences opened, or null when it has none. */
export function openMarkdownFences(text: string, root: Root): Unfenced | null {
  const outsideHasLists = root.children.some((node) => node.type === 'list' || node.type === 'table');
  const fences = root.children.filter(
    (node, index) =>
      node.type === 'code' &&
      isPlanFence(node.lang, node.value, outsideHasLists) &&
      !(outsideHasLists && isTemplateInPlan(node.value, root.children.slice(0, index))),
  );
  if (fences.length === 0) return null;
  const lines = text.split('\n');
  for (const fence of fences) {
    const first = lineOf(fence);
    const last = endLineOf(fence);
    lines[first - 1] = '';
    // An unclosed fence runs to the end of the document: its last line is content, not a fence.
    const closed = last > first && /^\s{0,3}(`{3,}|~{3,})\s*$/.test(lines[last - 1] ?? '');
    if (closed) lines[last - 1] = '';
    // YAML nests by indentation, which Markdown would read as code or as a paragraph's continuation:
    // its lines stand at the margin (a box's column is still found in the original line).
    if (fence.type === 'code' && !/^(markdown|md|gfm)$/iu.test(fence.lang ?? ''))
      for (let line = first; line < (closed ? last - 1 : last); line += 1)
        lines[line] = (lines[line] ?? '').trimStart();
  }
  return { text: lines.join('\n'), fences: fences.map(lineOf) };
}
