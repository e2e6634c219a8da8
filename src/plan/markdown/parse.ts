/**
 * Markdown to mdast with CommonMark + GFM (task lists, tables) + YAML front matter, and the
 * heading structure of the document as a tree of sections.
 */
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import type { Heading, Nodes, Root, RootContent } from 'mdast';
import { stripEmoji, stripNumbering } from '../text.ts';
import { parseWindow } from '../time.ts';
import { labelClass } from './criteria.ts';
import { modeOf } from './rollbackWords.ts';
// micromark's edit map made linear: headings under lists cost O(n²) without it (see the file).
import './linearEdits.ts';

/** Parses Markdown text into an mdast tree with positions. */
export function parseMarkdown(text: string): Root {
  return fromMarkdown(text, {
    extensions: [gfm(), frontmatter(['yaml'])],
    mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml'])],
  });
}

// A node's text is asked for by several readers (its role, its items, its thresholds): computed once.
const texts = new WeakMap<Nodes, string>();

/**
 * The text of a node as a reader sees it: markup dropped, hard line breaks as spaces, images as
 * their alt text, code blocks as their code.
 */
export function plainText(node: Nodes): string {
  const known = texts.get(node);
  if (known !== undefined) return known;
  const text = textOf(node);
  texts.set(node, text);
  return text;
}

function textOf(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
    case 'code':
      return node.value;
    case 'break':
      return ' ';
    case 'image':
    case 'imageReference':
      return node.alt ?? '';
    case 'html':
    case 'yaml':
      return '';
    default:
      return 'children' in node ? node.children.map((child) => plainText(child as Nodes)).join('') : '';
  }
}

/** A heading and everything under it until the next heading of the same or a higher level. */
export interface Section {
  depth: number;
  /** The heading's text as written (emoji included), or "" for the text before any heading. */
  rawTitle: string;
  /** The heading's text without emoji, markup or leading numbering ("2.1", "Phase 2 :"). */
  title: string;
  line: number;
  endLine: number;
  /** Nodes between this heading and its first sub-heading. */
  content: RootContent[];
  children: Section[];
}

export function lineOf(node: { position?: { start: { line: number } } }): number {
  return node.position?.start.line ?? 0;
}

export function endLineOf(node: { position?: { end: { line: number } } }): number {
  return node.position?.end.line ?? 0;
}

/** Cleans a heading or label: no emoji, no "1.", "Phase 2 :", trailing colon or brackets. */
function cleanTitle(text: string): string {
  let title = stripEmoji(text);
  for (let previous = ''; previous !== title;) {
    previous = title;
    title = stripNumbering(title);
  }
  // A schedule in brackets is not part of the name: "(Semaines 1-2)" may change, the id must not.
  title = title.replace(/\s*\(([^()]*)\)\s*$/u, (whole, inner: string) =>
    parseWindow(inner) || /^continue?$/iu.test(inner.trim()) ? '' : whole,
  );
  return title.replace(/\s*:\s*$/, '').trim() || stripEmoji(text);
}

/** Heading text for display: emoji and markup gone, numbering kept ("Phase 2 : Backend Core"). */
export function displayTitle(rawTitle: string): string {
  return stripEmoji(rawTitle).replace(/\s*:\s*$/, '') || rawTitle;
}

const TIME_LABEL =
  /^(?:[TJDH]\s*[-+−–]\s*\d+\s*\p{L}{0,7}|\d{1,2}[:h]\d{2}(?:\s*[-–—]\s*\d{1,2}[:h]\d{2})?)\s*[:—–-]\s*\S/u;

/**
 * A bold label standing alone before a list or a table ("**Tasks:**", "**When to Rollback:**",
 * "**Monday — Store review**"): people use it as a heading. Null when the paragraph is prose, a
 * field ("**Owner:** Dana") or not followed by a list.
 */
function labelHeading(node: RootContent, next: RootContent | undefined): string | null {
  if (node.type !== 'paragraph' || (next?.type !== 'list' && next?.type !== 'table')) return null;
  // "T-24h: Final Go/No-Go Decision", "09:00 — Open the gates": a time leading a list is a stage of it.
  const plain = plainText(node).trim();
  if (TIME_LABEL.test(plain) && plain.length <= 80 && !plain.includes('\n'))
    return plain.replace(/\s*:\s*$/u, '');
  const [first, ...rest] = node.children;
  const trailing = rest
    .map((child) => plainText(child))
    .join('')
    .trim();
  if (first?.type !== 'strong' || (trailing !== '' && trailing !== ':')) return null;
  const text = plainText(first)
    .replace(/\s*:\s*$/u, '')
    .trim();
  // Labels the gate and rollback readers read themselves (MUST HAVE, NO-GO if, Procedure) stay labels.
  if (labelClass(text) !== null || modeOf(text) !== null) return null;
  return text && text.length <= 80 && text.split(/\s+/).length <= 10 ? text : null;
}

/** Builds the section tree. The root section (depth 0) holds what comes before any heading. */
export function buildSections(root: Root): Section {
  const top: Section = {
    depth: 0,
    rawTitle: '',
    title: '',
    line: 1,
    endLine: endLineOf(root),
    content: [],
    children: [],
  };
  const stack: Section[] = [top];
  let headingDepth = 0;
  root.children.forEach((node, index) => {
    const label = headingDepth > 0 ? labelHeading(node, root.children[index + 1]) : null;
    if (label !== null) {
      // A label is a heading one level under the last real heading, so the next label closes it.
      const section = labelSection(label, lineOf(node), Math.min(headingDepth + 1, 7));
      while ((stack.at(-1)?.depth ?? 0) >= section.depth) stack.pop();
      (stack.at(-1) ?? top).children.push(section);
      stack.push(section);
    } else if (node.type === 'heading' && !isNavigation(node)) {
      headingDepth = node.depth;
      const section = sectionFor(node);
      while ((stack.at(-1)?.depth ?? 0) >= section.depth) stack.pop();
      (stack.at(-1) ?? top).children.push(section);
      stack.push(section);
    } else if (node.type !== 'yaml') {
      (stack.at(-1) ?? top).content.push(node);
    }
  });
  closeEndLines(top, endLineOf(root));
  return top;
}

/** A heading made only of links ("[prev] | [home] | [next]"): a navigation bar, not a section. */
function isNavigation(heading: Heading): boolean {
  const links = heading.children.filter((child) => child.type === 'link');
  const rest = heading.children
    .filter((child) => child.type !== 'link')
    .map((child) => plainText(child))
    .join('');
  return links.length >= 2 && !/\p{L}/u.test(rest);
}

function labelSection(rawTitle: string, line: number, depth: number): Section {
  return { depth, rawTitle, title: cleanTitle(rawTitle), line, endLine: line, content: [], children: [] };
}

function sectionFor(heading: Heading): Section {
  const rawTitle = plainText(heading).trim();
  return {
    depth: heading.depth,
    rawTitle,
    title: cleanTitle(rawTitle),
    line: lineOf(heading),
    endLine: lineOf(heading),
    content: [],
    children: [],
  };
}

/** A section ends on the line before the next section that is not its descendant. */
function closeEndLines(section: Section, endLine: number): void {
  section.endLine = endLine;
  section.children.forEach((child, index) => {
    const next = section.children[index + 1];
    closeEndLines(child, next ? next.line - 1 : endLine);
  });
}
