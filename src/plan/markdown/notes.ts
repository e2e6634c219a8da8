/**
 * Sections that are not work: the rollback protocol, risks and their mitigations, and notes
 * (objectives, overview, conclusion, annexes…) kept with their text.
 */
import type { RootContent } from 'mdast';
import type { Note, NoteKind, Risk, Rollback, RollbackStep } from '../model.ts';
import { fold, slug } from '../text.ts';
import type { Collector } from './collect.ts';
import { itemText, listsIn, ownText, splitLabel } from './items.ts';
import { endLineOf, lineOf, plainText, type Section } from './parse.ts';
import { displayTitle, textLines } from './phases.ts';

/** Every node of a section and its sub-sections, in document order. */
export function allContent(section: Section): RootContent[] {
  return [...section.content, ...section.children.flatMap(allContent)];
}


const CONDITION = /\b(si|if|lorsque|quand|when|unless|sauf si|en cas d['e]\s*)\s*([^,.;:]+?)\s*(?:[,;:]|\.\s|$)/iu;

/** Reads a rollback section: its trigger (the prose before the steps) and its ordered steps. */
export function readRollback(section: Section, collector: Collector): Rollback | null {
  const content = allContent(section);
  const lists = listsIn(content);
  if (lists.length === 0) return null;
  const id = collector.uniqueId(`rollback/${slug(section.title)}`);
  const firstList = content.indexOf(lists[0] as RootContent);
  const trigger = content
    .slice(0, firstList)
    .filter((node) => node.type === 'paragraph')
    .map((node) => plainText(node).trim().replace(/\s*:$/, ''))
    .join(' ');
  const steps: RollbackStep[] = lists.flatMap((list) =>
    list.children.map((node) => {
      const text = itemText(ownText(node));
      const [label, rest] = splitLabel(text);
      const condition = CONDITION.exec(rest ?? text);
      return {
        id: collector.uniqueId(`${id}/${slug(label)}`),
        title: label,
        text,
        condition: condition?.[2] && condition[1] && !/^en cas/i.test(condition[1]) ? condition[2].trim() : null,
        pos: { line: lineOf(node), endLine: endLineOf(node) },
      };
    }),
  );
  return { id, title: displayTitle(section.rawTitle), trigger: trigger || null, steps, pos: { line: section.line, endLine: section.endLine } };
}

/**
 * Reads risks: each list item is a risk; "Impact"/"Mitigation" come from its sub-items, and the
 * text after "Risk :" is read as the mitigation (plans write "Performance : Optimisation continue").
 */
export function readRisks(section: Section, collector: Collector): Risk[] {
  return listsIn(allContent(section)).flatMap((list) =>
    list.children.map((node) => {
      const [title, rest] = splitLabel(itemText(ownText(node)));
      const details = node.children.filter((child) => child.type === 'list').flatMap((child) => textLines([child]));
      const field = (pattern: RegExp) => details.map((line) => splitLabel(line)).find(([label]) => pattern.test(fold(label)))?.[1] ?? null;
      return {
        id: collector.uniqueId(`risk/${slug(title)}`),
        title,
        impact: field(/impact|consequence|effet/),
        mitigation: field(/mitigation|parade|reponse|action/) ?? rest,
        pos: { line: lineOf(node), endLine: endLineOf(node) },
      };
    }),
  );
}

/** Keeps a non-actionable section as a note, with the text of all its sub-sections. */
export function readNote(section: Section, kind: NoteKind, collector: Collector): Note {
  const text = [section, ...section.children.flatMap(function flat(child: Section): Section[] { return [child, ...child.children.flatMap(flat)]; })]
    .flatMap((part, index) => [...(index > 0 ? [displayTitle(part.rawTitle)] : []), ...textLines(part.content)])
    .join('\n');
  return { id: collector.uniqueId(`note/${slug(section.title)}`), title: displayTitle(section.rawTitle), kind, text, pos: { line: section.line, endLine: section.endLine } };
}
