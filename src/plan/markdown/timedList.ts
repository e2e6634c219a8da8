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
import type { Language } from './language.ts';
import { stepFromListItem } from './steps.ts';
import { startsWithVerb } from './verbs.ts';

/** An entry placed on the plan's timeline: an offset from the go-live, a numbered week or day, a date (a box is an item to tick, not a stage). */
function timedEntry(item: ListItem): boolean {
  if (typeof item.checked === 'boolean') return false;
  const window = parseWindow(itemText(ownText(item)).slice(0, 60));
  return window !== null && window.anchor !== 'clock' && window.anchor !== 'weekday';
}

/** "**T-72 hours**: Confirm the checklist" → "Confirm the checklist": what an entry says after its time. */
const afterLabel = (text: string): string => text.slice(text.indexOf(':') + 1).trim();

/** The timed list of a section holding nothing else of weight, or null. */
function timedList(section: Section, language: Language): List | null {
  if (section.children.length > 0) return null;
  const lists = section.content.filter((node): node is List => node.type === 'list');
  const list = lists.length === 1 ? lists[0] : undefined;
  if (!list || list.children.length < 2 || !list.children.every(timedEntry)) return null;
  // The entries carry the work: a list of its own under one, or what most say after their time asks for it.
  const nested = list.children.some((item) => item.children.some((child) => child.type === 'list'));
  const asked = list.children.filter((item) => {
    const text = ownText(item);
    return text.includes(':') && startsWithVerb(afterLabel(text), language);
  });
  // Under a heading with a time of its own ("Launch day") or in a numbered list, they are its steps.
  const ownTime = parseWindow(section.rawTitle) !== null || list.ordered === true;
  return nested || (!ownTime && asked.length * 2 >= list.children.length) ? list : null;
}

/** The phases of a section written as a timed list, or null when it is not one. */
export function timedListPhases(section: Section, collector: Collector): Phase[] | null {
  const list = timedList(section, collector.language);
  if (!list) return null;
  collector.explain(
    lineOf(list),
    displayTitle(section.rawTitle),
    'phases, one per list entry',
    'every entry is a place on the timeline (an offset from the go-live, a week, a date) holding its work',
  );
  return list.children.map((item) => {
    const text = itemText(ownText(item));
    // A one-line "T-72 hours: Confirm the checklist" is the stage "T-72 hours"; its work is the step.
    const oneLine = !item.children.some((child) => child.type === 'list');
    const label = oneLine && text.includes(':') ? text.slice(0, text.indexOf(':')).trim() : '';
    const title = label && parseWindow(label) !== null ? label : text;
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
