/**
 * Who and when, written as fields under a heading ("**Responsable** : Équipe Ops",
 * "**Durée cible** : 1-2 semaines", "Window: 09:00-10:00") and as RACI tables (an activity per
 * row, roles as columns holding R, A, C, I).
 */
import type { RootContent, Table } from 'mdast';
import type { Duration, ScheduleEntry, Window } from '../model.ts';
import { parseDuration, parseWindow } from '../time.ts';
import { chooseColumns } from './columns.ts';
import { hasKeyword, keywords } from './keywords.ts';
import { paragraphLines } from './lines.ts';
import { lineOf, plainText } from './parse.ts';
import { readTable, splitOwners } from './tables.ts';

export interface Fields {
  owners: string[];
  duration: Duration | null;
  window: Window | null;
  /** Lines the fields were read from (accounted for). */
  lines: number[];
}

const DURATION_LABEL = keywords(
  'duree*',
  'duration',
  'dauer',
  'duracion',
  'duracao',
  'estimation',
  'estimated',
  'effort',
  'temps estime',
  'tiempo estimado',
  'tempo estimado',
  'zeitaufwand',
);

/** Fields in the paragraphs of a run of nodes: "Label : value" lines whose label names an owner, a duration or a time. */
export function fieldsIn(nodes: readonly RootContent[]): Fields {
  const fields: Fields = { owners: [], duration: null, window: null, lines: [] };
  for (const node of nodes) {
    // A field may be a bullet too ("- **Duration**: 4 days", "- Owner: DBA"), when it has no box and nothing under it.
    const lines =
      node.type === 'paragraph'
        ? paragraphLines(node)
        : node.type === 'list'
          ? node.children
              .filter(
                (item) =>
                  typeof item.checked !== 'boolean' && !item.children.some((child) => child.type === 'list'),
              )
              .map((item) => ({ text: plainText(item).trim(), line: lineOf(item) }))
          : [];
    for (const { text, line } of lines) {
      const match = /^([^:]{1,40}?)\s*:\s*(.+)$/u.exec(text);
      if (!match?.[1] || !match[2]) continue;
      const [, label, value] = match;
      if (label.split(/\s+/).length > 4) continue;
      // A field says what it is in a few words: "Date de lancement : fixer une date précise" is a task.
      const short = value.split(/\s+/).length <= 4;
      if (hasKeyword(label, DURATION_LABEL)) {
        const duration = parseDuration(value);
        if (!duration && !short) continue;
        fields.duration ??= duration;
        fields.lines.push(line);
      } else if (chooseColumns([label]).owner && short) {
        fields.owners.push(...splitOwners(value));
        fields.lines.push(line);
      } else if (chooseColumns([label]).when) {
        const window = parseWindow(value);
        if (!window && !short) continue;
        fields.window ??= window;
        fields.lines.push(line);
      }
    }
  }
  return fields;
}

const RACI_CELL = /^[RACI](\s*[/,+&]\s*[RACI])*$/iu;

/**
 * A RACI table as rows to match to steps: the activity and the roles marked R (or A when no role
 * is R), or, in "Task | Responsible | …" tables, the names in the owner column. Null when the
 * table is neither.
 */
export function raciRows(table: Table): ScheduleEntry[] | null {
  const { header, rows } = readTable(table);
  const cells = rows.flatMap((row) => row.cells.slice(1).filter(Boolean));
  if (rows.length === 0 || cells.length === 0) return null;
  if (cells.filter((cell) => RACI_CELL.test(cell)).length < cells.length * 0.8) {
    const columns = chooseColumns(header);
    const item = columns.item?.index ?? 0;
    const owner = columns.owner?.index;
    if (owner === undefined || owner === item) return null;
    return rows.map((row) => ({
      label: row.cells[item] ?? '',
      window: null,
      owners: splitOwners(row.cells[owner] ?? ''),
      matched: null,
      pos: { line: row.line, endLine: row.line },
    }));
  }
  return rows.map((row) => {
    const marked = (letter: string) =>
      header.filter((_, index) => index > 0 && (row.cells[index] ?? '').toUpperCase().includes(letter));
    const responsible = marked('R');
    return {
      label: row.cells[0] ?? '',
      window: null,
      owners: responsible.length ? responsible : marked('A'),
      matched: null,
      pos: { line: row.line, endLine: row.line },
    };
  });
}
