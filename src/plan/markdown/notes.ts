/**
 * Sections that are not work: risks and their mitigations, and notes (objectives, overview,
 * contacts, links, legends, progress summaries, conclusion, annexes…) kept with their text.
 */
import type { RootContent } from 'mdast';
import type { Note, NoteKind, Risk } from '../model.ts';
import { fold, slug, stripEmoji } from '../text.ts';
import type { Collector } from './collect.ts';
import { itemText, listsIn, ownText, splitLabel } from './items.ts';
import { displayTitle, endLineOf, lineOf, plainText, type Section } from './parse.ts';
import { allContent } from './sectionContent.ts';

/** Paragraphs and list items as plain lines (objectives, notes). */
export function textLines(nodes: readonly RootContent[]): string[] {
  const out: string[] = [];
  const visit = (node: RootContent): void => {
    if (node.type === 'list')
      for (const item of node.children) {
        out.push(itemText(ownText(item)));
        item.children.filter((child) => child.type === 'list').forEach(visit);
      }
    else if (node.type !== 'thematicBreak' && node.type !== 'html') out.push(stripEmoji(plainText(node)));
  };
  nodes.forEach(visit);
  return out.filter(Boolean);
}

/**
 * Reads risks: each list item is a risk; "Impact"/"Mitigation" come from its sub-items, and the
 * text after "Risk :" is read as the mitigation (plans write "Performance : Optimisation continue").
 */
export function readRisks(section: Section, collector: Collector): Risk[] {
  return listsIn(allContent(section)).flatMap((list) =>
    list.children.map((node) => {
      const [title, rest] = splitLabel(itemText(ownText(node)));
      const details = node.children
        .filter((child) => child.type === 'list')
        .flatMap((child) => textLines([child]));
      const field = (pattern: RegExp) =>
        details.map((line) => splitLabel(line)).find(([label]) => pattern.test(fold(label)))?.[1] ?? null;
      return {
        id: collector.uniqueId(`risk/${slug(title)}`),
        title,
        impact: field(/impact|consequence|effet|auswirkung|impacto/),
        mitigation:
          field(/mitigation|parade|reponse|action|mitigacion|mitigacao|massnahme|gegenmassnahme/) ?? rest,
        pos: { line: lineOf(node), endLine: endLineOf(node) },
      };
    }),
  );
}

/** Keeps a non-actionable section as a note, with the text of all its sub-sections. */
export function readNote(section: Section, kind: NoteKind, collector: Collector): Note {
  const text = [
    section,
    ...section.children.flatMap(function flat(child: Section): Section[] {
      return [child, ...child.children.flatMap(flat)];
    }),
  ]
    .flatMap((part, index) => [
      ...(index > 0 ? [displayTitle(part.rawTitle)] : []),
      ...textLines(part.content),
    ])
    .join('\n');
  return {
    id: collector.uniqueId(`note/${slug(section.title)}`),
    title: displayTitle(section.rawTitle),
    kind,
    text,
    pos: { line: section.line, endLine: section.endLine },
  };
}
