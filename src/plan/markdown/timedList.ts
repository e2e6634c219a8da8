/**
 * A timeline written as one list: "- T-72 hours: confirm the checklist" with the work under each
 * entry, "- Week 1: …", "- 2026-03-10: …". Each entry is a phase of its own, in sequence, with
 * its window: a timeline is phases one after the other, never parallel steps of one phase.
 */
import type { List, ListItem } from 'mdast';
import type { Phase } from '../model.ts';
import { slug } from '../text.ts';
import { parseWindow } from '../time.ts';
import type { Collector } from './collect.ts';
import { itemName, itemText, ownText } from './items.ts';
import { displayTitle, endLineOf, lineOf, type Section } from './parse.ts';
import { stepFromListItem } from './steps.ts';

/** An entry placed on the plan's timeline: an offset from the go-live, a numbered week or day, a date (a box is an item to tick, not a stage). */
function timedEntry(item: ListItem): boolean {
  if (typeof item.checked === 'boolean') return false;
  const window = parseWindow(itemText(ownText(item)).slice(0, 60));
  return window !== null && window.anchor !== 'clock';
}

/** The timed list of a section holding nothing else of weight, or null. */
function timedList(section: Section): List | null {
  if (section.children.length > 0) return null;
  const lists = section.content.filter((node): node is List => node.type === 'list');
  const list = lists.length === 1 ? lists[0] : undefined;
  if (!list || list.children.length < 2 || !list.children.every(timedEntry)) return null;
  // The entries carry the work: at least one holds a list of its own.
  return list.children.some((item) => item.children.some((child) => child.type === 'list')) ? list : null;
}

/** The phases of a section written as a timed list, or null when it is not one. */
export function timedListPhases(section: Section, collector: Collector): Phase[] | null {
  const list = timedList(section);
  if (!list) return null;
  collector.explain(
    lineOf(list),
    displayTitle(section.rawTitle),
    'phases, one per list entry',
    'every entry is a place on the timeline (an offset from the go-live, a week, a date) holding its work',
  );
  return list.children.map((item) => {
    const title = itemText(ownText(item));
    const id = collector.uniqueId(slug(itemName(title)));
    const step = stepFromListItem(item, id, collector, {
      group: null,
      checklist: false,
      itemClass: 'criterion',
      inGate: false,
    });
    return {
      id,
      title,
      kind: 'sequential',
      window: parseWindow(title),
      duration: null,
      objectives: [],
      deliverables: [],
      steps: [step],
      pos: { line: lineOf(item), endLine: endLineOf(item) },
    };
  });
}
