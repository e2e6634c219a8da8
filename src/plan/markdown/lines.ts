/**
 * Lines inside a paragraph, as a reader sees them: a paragraph of "✅ Backup verified  " lines
 * (no list marker, each ending in a hard break) is a list to a person, and "**Owner** : Ops"
 * lines under a heading are fields; a short line ending in ":" labels what follows. Each line
 * keeps its source line number.
 */
import type { Paragraph, PhrasingContent } from 'mdast';
import { lineOf, plainText } from './parse.ts';

export interface LineText {
  text: string;
  line: number;
}

/** The lines of a paragraph (split at hard and soft breaks), markup dropped, with their line numbers. */
export function paragraphLines(paragraph: Paragraph): LineText[] {
  const lines: LineText[] = [{ text: '', line: lineOf(paragraph) }];
  const add = (text: string) => {
    const parts = text.split('\n');
    parts.forEach((part, index) => {
      if (index > 0) lines.push({ text: '', line: (lines.at(-1)?.line ?? 0) + 1 });
      const last = lines.at(-1);
      if (last) last.text += part;
    });
  };
  const visit = (node: PhrasingContent) => {
    if (node.type === 'break') add('\n');
    else if (node.type === 'text') add(node.value);
    else add(plainText(node));
  };
  paragraph.children.forEach(visit);
  return lines.map((line) => ({ text: line.text.trim(), line: line.line })).filter((line) => line.text);
}

/** A short line introducing what follows ("**NICE TO HAVE:**", "When to Rollback:"), not prose. */
export function isLabel(text: string): boolean {
  return text.trim().length < 60 || /:\s*$/.test(text);
}
