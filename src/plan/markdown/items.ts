/**
 * GFM lists to checklist items: `- [ ]`/`- [x]` task items (nested), plain bullets and numbered
 * items, status marks written as text (✅ ⬜ 🔲 🔄 ❌, `:white_check_mark:`) where the list is a
 * checklist, and owners written after the item ("(Owner: Ops)", "— @alice").
 */
import type { List, ListItem, Paragraph, RootContent } from 'mdast';
import type { CheckboxPos, Item, ItemKind } from '../model.ts';
import { fold, slug, stripEmoji } from '../text.ts';
import { hasKeyword, keywords } from './keywords.ts';
import { lineWindow } from './lineWindow.ts';
import { paragraphLines } from './lines.ts';
import { endLineOf, lineOf, plainText } from './parse.ts';
import { isBoxMark, leadingMark, markStatus, withoutMark } from './status.ts';
import { splitOwners } from './tables.ts';

/** Text without a leading status mark, emoji or surrounding space. */
export function itemText(text: string): string {
  return stripEmoji(withoutMark(text)).replace(/\s+/g, ' ').trim();
}

const TEST_WORDS =
  /\btests?\b|testing|smoke|e2e|end-to-end|recette|pentest|penetration|\bqa\b|load test|benchmark|\bpruebas?\b|\btestes?\b|\bprufung/;
const CHECK_WORDS = /verif|verify|\bcheck|controle|audit|valid|inspect|revue|review|comprob|pruf/;

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
  /** Whether leading ✅/⬜ marks set the status: everywhere, never, or only in checklists (the default). */
  emojiStatus: 'always' | 'never' | 'checklists';
  /** Whether the section holding the list is a checklist (by its title or an ancestor's). */
  checklist: boolean;
  /** Called for every item whose status came from a mark rather than a checkbox. */
  onMarkStatus: (line: number) => void;
  /** Called for every ✅ read as decoration (outside a checklist). */
  onMarkDecoration: (line: number) => void;
  /** Called for every `- [ ] ✅` whose box and mark disagree. */
  onDisagreement: (line: number) => void;
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
  return match?.[1] && match[2]
    ? [match[1].trim(), match[2].trim()]
    : [text.replace(/\s*:\s*$/, '').trim(), null];
}

const OWNER_SUFFIX =
  /\s*[([]\s*(?:(?:owners?|responsables?|responsible|lead|assignee|dueño|dueno|responsável|responsavel|verantwortlich|zuständig|zustandig|pilote|porteur|qui|who|quien|quem|wer)\s*:|resp\.)\s*([^)\]]+)[)\]]\s*$|\s+[—–-]\s+((?:@[\w.-]+(?:\s*,\s*)?)+)\s*$/iu;

/** "Deploy API (Owner: Ops)" → ["Deploy API", ["Ops"]]; "Backup — @alice, @bob" → owners alice, bob. */
export function ownersSuffix(text: string): [string, string[]] {
  const match = OWNER_SUFFIX.exec(text);
  const names = match?.[1] ?? match?.[2];
  if (!match || !names) return [text, []];
  return [text.slice(0, match.index).trim(), splitOwners(names)];
}

/** Whether a list's leading marks are statuses: in a checklist, beside boxes, or when done and open marks mix. */
function marksAreStatus(list: List, context: ItemContext): boolean {
  if (context.emojiStatus !== 'checklists') return context.emojiStatus === 'always';
  if (context.checklist || list.children.some((node) => node.checked !== null && node.checked !== undefined))
    return true;
  if (list.children.some((node) => isBoxMark(ownText(node)))) return true;
  const marks = new Set(
    list.children.map((node) => markStatus(ownText(node))).filter((status) => status !== null),
  );
  return marks.size > 1;
}

/** Converts a list into items, recursively; under a ticked box, details without a box of their own are done too. */
export function itemsFromList(
  list: List,
  context: ItemContext,
  source: readonly string[],
  parentDone = false,
): Item[] {
  const status = marksAreStatus(list, context);
  return list.children.map((node) => itemFromListItem(node, context, source, status, parentDone));
}

// prettier-ignore
const FIELD_KEY = keywords(
  'owner*', 'responsible', 'responsable*', 'resp', 'assignee', 'assigned to', 'dueno', 'responsavel',
  'verantwortlich*', 'responsabile', 'eigenaar', 'verantwoordelijke', 'status', 'statut', 'estado', 'etat',
  'stand', 'stato', 'evidence', 'preuve', 'evidencia', 'nachweis', 'evidenza', 'bewijs', 'measurement',
  'mesure', 'medicion', 'medicao', 'messung', 'misura', 'meting', 'target', 'cible', 'objetivo', 'meta', 'ziel',
  'obiettivo', 'doel', 'current', 'actuel', 'actual', 'atual', 'aktuell', 'attuale', 'huidig', 'notes', 'note',
  'notas', 'notizen', 'due', 'deadline', 'echeance', 'fecha', 'prazo', 'frist', 'scadenza', 'time', 'heure',
  'hora', 'zeit', 'ora', 'tijd', 'duration', 'duree', 'duracion', 'duracao', 'dauer', 'durata', 'duur', 'date',
  'datum', 'data', 'link', 'lien', 'enlace', 'tool', 'outil', 'herramienta', 'ferramenta', 'werkzeug',
  'strumento', 'result', 'resultat', 'resultado', 'ergebnis', 'risultato', 'resultaat', 'comment*',
);
const OWNER_KEY = keywords(
  'owner*',
  'responsible',
  'responsable*',
  'resp',
  'assignee',
  'assigned to',
  'dueno',
  'responsavel',
  'verantwortlich*',
  'responsabile',
  'eigenaar',
  'verantwoordelijke',
);

/**
 * "Owner: QA Lead", "Status: ☑ Done": a field of the item above, not an item of its own. Under a
 * box, any short key is a field ("Criteria: …", "Details: …"); under a plain bullet only the keys
 * that name an owner, a status, a date, a target, evidence or notes.
 */
function fieldOf(node: ListItem, underBox: boolean): { key: string; value: string } | null {
  if (typeof node.checked === 'boolean' || node.children.some((child) => child.type === 'list')) return null;
  const match = /^\s*([^:]{1,30}?)\s*:\s*(.*)$/su.exec(itemText(ownText(node)));
  const key = match?.[1];
  if (!key) return null;
  const short = key.split(/\s+/).length <= 2 && !/\d/u.test(key);
  return (underBox && short) || hasKeyword(key, FIELD_KEY) ? { key, value: match[2] ?? '' } : null;
}

/** "Migrate the blog ✅", "Wire the loader (done)", "— afgerond": a status written after the text. */
const TRAILING_DONE =
  /(?:✅|✔️?|☑️?)\s*$|[(—–-]\s*(?:done|completed?|finished|klaar|afgerond|gedaan|erledigt|fertig|fait|termin[ée]e?s?|hecho|completad[oa]|terminad[oa]|feito|conclu[íi]d[oa]|fatto|completat[oa])\s*\)?\s*$/iu;

function itemFromListItem(
  node: ListItem,
  context: ItemContext,
  source: readonly string[],
  marksAreStatus: boolean,
  parentDone = false,
): Item {
  const raw = ownText(node);
  const [named, suffixOwners] = ownersSuffix(itemText(raw));
  const text = named || raw.trim() || '(empty item)';
  const mark = markStatus(raw);
  const hasCheckbox = node.checked !== null && node.checked !== undefined;
  const line = lineOf(node);
  if (hasCheckbox && mark !== null && (mark === 'done') !== node.checked) context.onDisagreement(line);
  if (!hasCheckbox && mark !== null)
    (marksAreStatus ? context.onMarkStatus : mark === 'done' ? context.onMarkDecoration : () => {})(line);
  const nested = node.children.filter((child): child is List => child.type === 'list');
  const fields = nested.flatMap((list) => list.children).map((entry) => fieldOf(entry, hasCheckbox));
  const owners = [
    ...suffixOwners,
    ...fields.flatMap((field) => (field && hasKeyword(field.key, OWNER_KEY) ? splitOwners(field.value) : [])),
  ].filter((owner) => !/^\[.*\]$/u.test(owner) || /\[(?!name|nom|nombre|nome|naam)\p{L}/iu.test(owner));
  const statusField = fields.find(
    (field) =>
      field &&
      !hasKeyword(field.key, OWNER_KEY) &&
      /^(status|statut|estado|etat|stand|stato)/iu.test(field.key),
  );
  const done = hasCheckbox
    ? node.checked === true
    : (marksAreStatus && mark === 'done') ||
      parentDone ||
      TRAILING_DONE.test(raw) ||
      (statusField
        ? markStatus(statusField.value) === 'done' ||
          /\b(done|fait|hecho|feito|erledigt|fatto|klaar)\b/iu.test(statusField.value)
        : false);
  // Field lines ("Owner: …", "Evidence: …") under an item describe it: they are not items.
  const children = nested.flatMap((child) =>
    fields.some(Boolean)
      ? itemsFromList(
          { ...child, children: child.children.filter((entry) => fieldOf(entry, hasCheckbox) === null) },
          context,
          source,
          done && hasCheckbox,
        )
      : itemsFromList(child, context, source, done && hasCheckbox),
  );
  const window = lineWindow(text);
  return {
    id: context.uniqueId(`${context.scope}/${slug(itemName(text))}`),
    text,
    kind: kindOf(text),
    done,
    checkbox: checkboxOf(node, source),
    children,
    pos: { line, endLine: endLineOf(node) },
    ...(owners.length ? { owners } : {}),
    ...(window && window.anchor !== 'start' ? { window } : {}),
  };
}

/**
 * A paragraph whose lines start with ✅ ☐ ⬜ … (no list marker) read as items, one per marked
 * line; an unmarked line continues the item above it. Null when no line starts with a mark.
 */
export function itemsFromMarkLines(
  paragraph: Paragraph,
  context: ItemContext,
  source: readonly string[],
): Item[] | null {
  const lines = paragraphLines(paragraph);
  const marks = lines.map((line) => markStatus(line.text));
  if (!marks.some((mark) => mark !== null)) return null;
  const status =
    context.emojiStatus === 'always' ||
    (context.emojiStatus === 'checklists' &&
      (context.checklist ||
        new Set(marks.filter(Boolean)).size > 1 ||
        marks.includes('open') ||
        lines.some((line) => isBoxMark(line.text))));
  const items: Item[] = [];
  lines.forEach(({ text: raw, line }, index) => {
    const mark = marks[index] ?? null;
    const last = items.at(-1);
    if (mark === null && last) {
      last.text = `${last.text} ${itemText(raw)}`;
      last.pos.endLine = line;
      return;
    }
    // "Pre-Launch (T-24h):" over its marked lines names them: a label, not an item.
    if (mark === null && /:\s*$/u.test(raw) && marks[index + 1] != null) return;
    const [named, owners] = ownersSuffix(itemText(raw));
    const text = named || '(empty item)';
    if (mark !== null)
      (status ? context.onMarkStatus : mark === 'done' ? context.onMarkDecoration : () => {})(line);
    // The mark is where the status is written back, like a table's status cell.
    const cell = status ? leadingMark(source[line - 1] ?? '') : null;
    items.push({
      id: context.uniqueId(`${context.scope}/${slug(itemName(text))}`),
      text,
      kind: kindOf(text),
      done: status && mark === 'done',
      checkbox: null,
      children: [],
      pos: { line, endLine: line },
      ...(owners.length ? { owners } : {}),
      ...(cell ? { statusCell: { line, ...cell } } : {}),
    });
  });
  return items;
}

/** All lists directly in a run of nodes. */
export function listsIn(nodes: readonly RootContent[]): List[] {
  return nodes.filter((node): node is List => node.type === 'list');
}
