/**
 * Plans pasted from a word processor or written as plain text: numbered lines for headings
 * ("2. Pre-Go-Live (Viernes 15:00-18:00)", "2.1 Verificación de Infraestructura"), tab-separated
 * rows for tables, "☐" lines for boxes, commands unfenced, and numbered paragraphs under a bold
 * label ("1.1\. Confirm replication…"). They are given the Markdown a person sees in them, line
 * for line, so every line keeps its number: numbered lines become headings, tab rows items,
 * "#" command lines text. A plan written in Markdown is left as it is.
 */

const SUB_NUMBERED = /^\d+\.\d+(?:\.\d+)*\.?\s+\p{L}/u;
const TOP_NUMBERED = /^(\d+)\.\s+(\p{L}.{0,80})$/u;
const MARKDOWN_STRUCTURE = /^\s{0,3}(?:[-*+]\s|\||#{1,6}\s+\p{L}|```|>)/u;
const ESCAPED_NUMBER = /^(?:\s|&nbsp;)*(\d+(?:\.\d+)*)\\\.\s+(\S.*)$/u;

/** Whether a text is a plain-text outline rather than Markdown: numbered sub-headings and tab rows, few Markdown lines. */
function isOutline(lines: readonly string[]): boolean {
  const sub = lines.filter((line) => SUB_NUMBERED.test(line)).length;
  const tabs = lines.filter((line) => line.includes('\t')).length;
  const markdown = lines.filter((line) => MARKDOWN_STRUCTURE.test(line)).length;
  return sub >= 3 && tabs >= 3 && markdown * 4 < sub + tabs;
}

/** An outline line as the Markdown a person reads in it. */
function outlineLine(line: string, index: number): string {
  if (index === 0 && line.trim()) return `# ${line.trim()}`;
  if (SUB_NUMBERED.test(line)) return `### ${line}`;
  if (TOP_NUMBERED.test(line)) return `## ${line}`;
  if (/^\s*#/u.test(line)) return `\\${line.trimStart()}`;
  if (line.includes('\t')) {
    const cells = line
      .split('\t')
      .map((cell) => cell.trim())
      .filter(Boolean);
    // "☐\tTask" is a box and its task; other rows are read as one line of their cells.
    return /^[☐☑✅⬜❌]$/u.test(cells[0] ?? '') ? `${cells.join(' ')}  ` : `- ${cells.join(' · ')}`;
  }
  return /^[☐☑✅⬜❌]/u.test(line.trim()) ? `${line}  ` : line;
}

/**
 * The text with its plain-text outline made Markdown (or null when it is Markdown already), and
 * escaped numbered paragraphs ("1.1\. Confirm…") made list items in any plan.
 */
export function outlineAsMarkdown(text: string): string | null {
  const lines = text.split('\n');
  const outline = isOutline(lines);
  let changed = outline;
  const out = lines.map((line, index) => {
    const numbered = ESCAPED_NUMBER.exec(line);
    if (numbered?.[2]) {
      changed = true;
      return `1. ${numbered[2]}`;
    }
    return outline ? outlineLine(line, index) : line;
  });
  return changed ? out.join('\n') : null;
}
