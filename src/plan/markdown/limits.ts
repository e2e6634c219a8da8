/**
 * Shapes the reader refuses before the Markdown parser sees them. Measured here (see
 * docs/benchmarks.md, "Hostile plans"): micromark's time grows with the square of the depth of
 * nested block quotes and lists, long runs of emphasis marks cost it seconds per few KB, and so
 * do long paragraphs continued lazily in a quote (the heading-under-list shape is made linear in
 * linearEdits.ts instead: real plans are written that way); a plan nested hundreds of levels deep also nests its items past what its hash (canonical JSON)
 * follows. No plan a person writes comes near these limits; a line past one makes the plan an
 * error naming the line, read by no one.
 */

/** Block quotes and list levels a line may open, together. */
export const MAX_NESTING = 32;
/** Emphasis marks (`*`, `_`) one line may hold. */
export const MAX_EMPHASIS_MARKS = 1_000;
/**
 * Lines one paragraph in a block quote or list item may continue lazily (without the `>` or the
 * indentation): micromark walks back over the whole paragraph for each such line, O(n²).
 */
export const MAX_LAZY_LINES = 200;

export interface ShapeRefusal {
  line: number;
  message: string;
}

/** Block quote markers and list levels (two columns of indentation each) before a line's text. */
function nestingOf(line: string): number {
  let quotes = 0;
  let indent = 0;
  for (const char of line) {
    if (char === '>') quotes += 1;
    else if (char === ' ') indent += 1;
    else if (char === '\t') indent += 4;
    else break;
  }
  return quotes + Math.floor(indent / 2);
}

function emphasisMarks(line: string): number {
  let marks = 0;
  for (let index = 0; index < line.length; index += 1) {
    const code = line.charCodeAt(index);
    if (code === 42 || code === 95) marks += 1; // * and _
  }
  return marks;
}

const LIST_MARKER = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const QUOTE_MARKER = /^ {0,3}>/;
const ENDS_PARAGRAPH = /^ {0,3}(?:#{1,6}(?:[ \t]|$)|(?:[-*_][ \t]*){3,}$)/;

/**
 * Counts lines that continue a paragraph of a block quote or list item lazily, an approximation
 * of micromark's own rule on the safe side: any unindented text line after a quote or item line
 * with no blank line, heading or thematic break between. A new list item starts a new paragraph;
 * a new `>` line continues the quote's.
 */
function createLazyLineCounter(): (line: string) => number {
  let inContainer = false;
  let lazy = 0;
  return (line) => {
    if (line.trim() === '' || ENDS_PARAGRAPH.test(line)) {
      inContainer = false;
      lazy = 0;
    } else if (LIST_MARKER.test(line)) {
      inContainer = true;
      lazy = 0;
    } else if (QUOTE_MARKER.test(line)) {
      inContainer = true;
    } else if (inContainer && !/^(?: {2}|\t)/.test(line)) {
      lazy += 1;
    }
    return lazy;
  };
}

/**
 * The first line past a limit, or null when the text is within them all.
 *
 * @example
 * shapeRefusal('>'.repeat(10_000)) // { line: 1, message: 'line 1 nests 10000 block quotes or list levels; the reader reads at most 32' }
 */
export function shapeRefusal(text: string): ShapeRefusal | null {
  const lines = text.split('\n');
  let fence: string | null = null;
  const lazyLines = createLazyLineCounter();
  for (const [index, line] of lines.entries()) {
    // Inside a fenced code block, indentation and marks are text: the parser does not nest or match them.
    const opener = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (opener !== undefined && opener[0] === fence[0] && opener.length >= fence.length) fence = null;
      continue;
    }
    if (opener !== undefined) {
      fence = opener;
      continue;
    }
    const nesting = nestingOf(line);
    if (nesting > MAX_NESTING && line.trim() !== '')
      return {
        line: index + 1,
        message: `line ${index + 1} nests ${nesting} block quotes or list levels; the reader reads at most ${MAX_NESTING}`,
      };
    const marks = emphasisMarks(line);
    if (marks > MAX_EMPHASIS_MARKS)
      return {
        line: index + 1,
        message: `line ${index + 1} holds ${marks} emphasis marks (* or _); the reader reads at most ${MAX_EMPHASIS_MARKS} on a line`,
      };
    if (lazyLines(line) > MAX_LAZY_LINES)
      return {
        line: index + 1,
        message: `line ${index + 1} continues a block quote or list item without its marker or indentation, one line more than the ${MAX_LAZY_LINES} the reader reads in one paragraph`,
      };
  }
  return null;
}
