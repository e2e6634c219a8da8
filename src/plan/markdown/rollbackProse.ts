/**
 * A rollback told in one paragraph of a phase ("Rollback (any time): point the host back at
 * db-01 …"): the plan's rollback protocol, written where the cutover happens. The paragraph is
 * taken out of the phase and read as a rollback section of its own, named by its label.
 */
import type { Paragraph } from 'mdast';
import { findKeyword, wordsOf } from './keywords.ts';
import { endLineOf, lineOf, plainText, type Section } from './parse.ts';
import { TITLE_WORDS } from './roleWords.ts';

/** "Rollback (any time): …", "**Retour arrière :** …": a short label that opens with a rollback word, then the text. */
const LABEL = /^\**\s*([^:*]{3,40}?)\s*\**\s*:\s*\**\s*\S/u;

function rollbackLabel(paragraph: Paragraph): string | null {
  const label = LABEL.exec(plainText(paragraph).trim())?.[1];
  if (!label || label.split(/\s+/u).length > 6) return null;
  // The label opens with it: "Size the rollback window: …" is not a rollback.
  return findKeyword(wordsOf(label), TITLE_WORDS.rollback)?.index === 0 ? label : null;
}

/** The section without its rollback paragraphs, and each of them as a rollback section. */
export function withoutRollbackProse(section: Section): { section: Section; rollbacks: Section[] } {
  const rollbacks: Section[] = [];
  const content = section.content.filter((node) => {
    const label = node.type === 'paragraph' ? rollbackLabel(node) : null;
    if (label === null || node.type !== 'paragraph') return true;
    rollbacks.push({
      depth: section.depth + 1,
      rawTitle: label,
      title: label,
      line: lineOf(node),
      endLine: endLineOf(node),
      content: [node],
      children: [],
    });
    return false;
  });
  return { section: rollbacks.length ? { ...section, content } : section, rollbacks };
}
