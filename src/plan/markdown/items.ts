/**
 * GFM lists to checklist items: `- [ ]`/`- [x]` task items (nested), plain bullets and numbered
 * items, and status marks written as text (✅, ☑, ⬜, `:white_check_mark:`).
 */
import type { List, ListItem, RootContent } from 'mdast';
import type { CheckboxPos, Item, ItemKind } from '../model.ts';
import { fold, slug, stripEmoji } from '../text.ts';
import { endLineOf, lineOf, plainText } from './parse.ts';

const DONE_MARK = /^\s*(✅|☑️?|✔️?|✓|:white_check_mark:|:heavy_check_mark:|\[x\])\s*/iu;
const OPEN_MARK = /^\s*(⬜|☐|🔲|❌|:white_large_square:|:x:)\s*/u;

/** A status written as a leading mark: true (done), false (open) or null (no mark). */
export function leadingStatus(text: string): boolean | null {
  if (DONE_MARK.test(text)) return true;
  if (OPEN_MARK.test(text)) return false;
  return null;
}

/** Text without a leading status mark, emoji or surrounding space. */
export function itemText(text: string): string {
  return stripEmoji(text.replace(DONE_MARK, '').replace(OPEN_MARK, '')).replace(/\s+/g, ' ').trim();
}

const TEST_WORDS = /\btests?\b|testing|smoke|e2e|end-to-end|recette|pentest|penetration|\bqa\b|load test|benchmark/;
const CHECK_WORDS = /verif|verify|\bcheck|controle|audit|valid|inspect|revue|review/;

/** test, check or task, read from the item's words. */
export function kindOf(text: string): ItemKind {
  const folded = fold(text);
  if (TEST_WORDS.test(folded)) return 'test';
  if (CHECK_WORDS.test(folded)) return 'check';
  return 'task';
}

export interface ItemContext {
  /** Id prefix: the step's id. */
  scope: string;
  /** Gives unique ids within the plan. */
  uniqueId: (base: string) => string;
  /** Whether leading ✅/⬜ marks set the status (an override can turn this off). */
  emojiStatus: boolean;
  /** Called for every item whose status came from a mark rather than a checkbox. */
  onMarkStatus: (line: number) => void;
}

/** The text of a list item itself: its paragraphs, without nested lists or code blocks (code is data). */
export function ownText(node: ListItem): string {
  return node.children
    .filter((child) => child.type !== 'list' && child.type !== 'code')
    .map((child) => plainText(child))
    .join(' ');
}

/** Where the `[ ]` of a task item is: GFM puts it right after the list marker. */
function checkboxOf(node: ListItem, source: readonly string[]): CheckboxPos | null {
  if (node.checked === null || node.checked === undefined) return null;
  const line = lineOf(node);
  const text = source[line - 1] ?? '';
  const column = text.search(/\[[ xX]\]/);
  return column < 0 ? null : { line, column: column + 2 };
}

/**
 * The part of an item's text that names it: "Tests de Charge" in "Tests de Charge : Validé…".
 * Ids come from the name, so rewording the description keeps the id.
 */
export function itemName(text: string): string {
  return splitLabel(text)[0];
}

/** "Label : rest" → ["Label", "rest"]; without a colon the label is the whole text. */
export function splitLabel(text: string): [string, string | null] {
  const match = /^(.{1,80}?)\s*:\s+(.+)$/su.exec(text);
  return match?.[1] && match[2] ? [match[1].trim(), match[2].trim()] : [text.replace(/\s*:\s*$/, '').trim(), null];
}

/** Converts a list into items, recursively. */
export function itemsFromList(list: List, context: ItemContext, source: readonly string[]): Item[] {
  return list.children.map((node) => itemFromListItem(node, context, source));
}

function itemFromListItem(node: ListItem, context: ItemContext, source: readonly string[]): Item {
  const raw = ownText(node);
  const text = itemText(raw) || raw.trim() || '(empty item)';
  const mark = context.emojiStatus ? leadingStatus(raw) : null;
  const hasCheckbox = node.checked !== null && node.checked !== undefined;
  if (!hasCheckbox && mark !== null) context.onMarkStatus(lineOf(node));
  const children = node.children
    .filter((child): child is List => child.type === 'list')
    .flatMap((child) => itemsFromList(child, context, source));
  return {
    id: context.uniqueId(`${context.scope}/${slug(itemName(text))}`),
    text,
    kind: kindOf(text),
    done: hasCheckbox ? node.checked === true : mark === true,
    checkbox: checkboxOf(node, source),
    children,
    pos: { line: lineOf(node), endLine: endLineOf(node) },
  };
}

/** All lists directly in a run of nodes. */
export function listsIn(nodes: readonly RootContent[]): List[] {
  return nodes.filter((node): node is List => node.type === 'list');
}
