/**
 * Shapes the reader refuses before the Markdown parser sees them. Measured here (see
 * docs/benchmarks.md, "Hostile plans"): micromark's time grows with the square of the depth of
 * nested block quotes and lists, and long runs of emphasis marks cost it seconds per few KB; a
 * plan nested hundreds of levels deep also nests its items past what its hash (canonical JSON)
 * follows. No plan a person writes comes near these limits; a line past one makes the plan an
 * error naming the line, read by no one.
 */

/** Block quotes and list levels a line may open, together. */
export const MAX_NESTING = 32;
/** Emphasis marks (`*`, `_`) one line may hold. */
export const MAX_EMPHASIS_MARKS = 1_000;

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

/**
 * The first line past a limit, or null when the text is within them all.
 *
 * @example
 * shapeRefusal('>'.repeat(10_000)) // { line: 1, message: 'line 1 nests 10000 block quotes or list levels; the reader reads at most 32' }
 */
export function shapeRefusal(text: string): ShapeRefusal | null {
  const lines = text.split('\n');
  let fence: string | null = null;
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
  }
  return null;
}
