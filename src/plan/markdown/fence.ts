/**
 * Plans written inside a ```` ```markdown ```` fence (a runbook template pasted as code): the
 * fence lines are blanked so the plan inside is read like the rest, on the same line numbers
 * and columns, so checkboxes are still written back in place.
 */
import type { Root } from 'mdast';
import { lineOf, endLineOf } from './parse.ts';

/**
 * A Markdown fence holding a plan: headings, or lists when nothing outside the fences is a list.
 * A short list in a fence beside a real plan is an example to show, not work.
 */
function isPlanFence(lang: string | null | undefined, value: string, outsideHasLists: boolean): boolean {
  if (!/^(markdown|md|gfm)$/i.test(lang ?? '')) return false;
  return (
    /^\s{0,3}#{1,6}\s/m.test(value) || (!outsideHasLists && /^\s{0,3}([-*+]\s|\d+[.)]\s|\|)/m.test(value))
  );
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
    (node) => node.type === 'code' && isPlanFence(node.lang, node.value, outsideHasLists),
  );
  if (fences.length === 0) return null;
  const lines = text.split('\n');
  for (const fence of fences) {
    const first = lineOf(fence);
    const last = endLineOf(fence);
    lines[first - 1] = '';
    // An unclosed fence runs to the end of the document: its last line is content, not a fence.
    if (last > first && /^\s{0,3}(`{3,}|~{3,})\s*$/.test(lines[last - 1] ?? '')) lines[last - 1] = '';
  }
  return { text: lines.join('\n'), fences: fences.map(lineOf) };
}
