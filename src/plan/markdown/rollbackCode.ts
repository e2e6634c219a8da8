/**
 * The steps a rollback writes as code. Numbered comments ("# 1. Stop the writers", "-- Step 2:
 * restore") are the steps. A procedure written only as code without them is read the way people
 * annotate a short block: each
 * comment opens a step ("# Railway" over `railway rollback`, "# Puis restaurer depuis backup" on its
 * own) and the commands under it are how; a longer script is one step, named by its first comment.
 */
import type { Code } from 'mdast';
import { lineOf } from './parse.ts';

export interface CodeStep {
  /** The comment or command that names the step. */
  title: string;
  /** The step as written: its comment, then its commands. */
  text: string;
  line: number;
  endLine: number;
}

const NUMBERED_COMMENT =
  /^\s*(?:#|\/\/|--(?!\p{L})|;|rem\s)\s*(?:(?:step|étape|paso|passo|schritt|stap)\s*)?(\d+)[.):-]?(?:\s+(\S.*))?$/iu;
/** A comment line; "--region eu-west-1" is a flag of the command above, not an SQL comment. */
const COMMENT = /^\s*(?:#(?!!)|\/\/|--(?!\p{L})|;|rem\s)\s*(\S.*)$/iu;
/** Beyond this many lines or steps, a block is a script: one step. */
const SHORT_BLOCK = { lines: 30, steps: 8 };

/** The steps of a block: its numbered comments; or, with `annotated`, its comments and commands. */
export function codeSteps(code: Code, annotated = false): CodeStep[] {
  const start = lineOf(code) + 1;
  const lines = code.value.split('\n');
  const numbered = lines
    .map((text, index) => ({ match: NUMBERED_COMMENT.exec(text), line: start + index }))
    .filter((entry): entry is { match: RegExpExecArray; line: number } => entry.match !== null)
    // "# Passo 1" alone names the step by its number; "# 2. Deploy it" by its words.
    .map(({ match, line }) => {
      const text = match[2] ?? match[0].replace(/^\s*(?:#|\/\/|--|;|rem\s)\s*/iu, '').trim();
      return { title: text, text, line, endLine: line };
    });
  if (numbered.length > 0 || !annotated) return numbered;
  const chunks: CodeStep[] = [];
  lines.forEach((raw, index) => {
    const text = raw.trim();
    const line = start + index;
    if (!text) return;
    const comment = COMMENT.exec(raw);
    const last = chunks.at(-1);
    // A line after one ending in "\" goes on with the same command.
    const continued = index > 0 && /\\\s*$/u.test(lines[index - 1] ?? '');
    if (!last || (comment?.[1] && !continued))
      chunks.push({ title: comment?.[1] ?? text, text, line, endLine: line });
    else {
      last.text = `${last.text}\n${text}`;
      last.endLine = line;
    }
  });
  if (chunks.length === 0) return [];
  if (lines.length > SHORT_BLOCK.lines || chunks.length > SHORT_BLOCK.steps) {
    const first = chunks[0] as CodeStep;
    return [{ title: first.title, text: code.value, line: first.line, endLine: start + lines.length - 1 }];
  }
  return chunks;
}
