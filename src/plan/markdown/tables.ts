/**
 * GFM tables, read by their header row (see columns.ts): calendars (week | phase | actions,
 * step | date | owner) and task tables, whose rows are items with an owner, a window and a
 * status cell that can be written back ("| Tenant A | 🔲 Not Started |").
 */
import type { Table } from 'mdast';
import type { ScheduleEntry, StatusCell, Window } from '../model.ts';
import { stripEmoji } from '../text.ts';
import { parseWindow } from '../time.ts';
import { chooseColumns, type ColumnChoice, type Columns } from './columns.ts';
import { lineOf, plainText } from './parse.ts';
import { cellStatus, markStatus } from './status.ts';

export interface TableRow {
  /** Cell texts without emoji or markup. */
  cells: string[];
  /** Cell texts as plain text, emoji kept (status marks live there). */
  raw: string[];
  line: number;
}

export interface TableRows {
  header: string[];
  rows: TableRow[];
}

// A table is asked about several times in one read (does it hold work? is it a calendar?): its cells are read once.
const read = new WeakMap<Table, TableRows>();

/** Cell texts of a table, header apart. */
export function readTable(table: Table): TableRows {
  const known = read.get(table);
  if (known) return known;
  const rows = readCells(table);
  read.set(table, rows);
  return rows;
}

function readCells(table: Table): TableRows {
  const [head, ...body] = table.children;
  const rawOf = (row: NonNullable<typeof head>) => row.children.map((cell) => plainText(cell).trim());
  return {
    header: head ? rawOf(head).map((cell) => stripEmoji(cell)) : [],
    rows: body.map((row) => {
      const raw = rawOf(row);
      return { cells: raw.map((cell) => stripEmoji(cell)), raw, line: lineOf(row) };
    }),
  };
}

export interface Calendar {
  entries: ScheduleEntry[];
  /** The text of the other columns per row (for example "Actions Clés"), joined. */
  details: string[];
  columns: Columns;
}

/** The column of `kind`, or else the first column every cell of which passes `test`. */
function columnOr(
  columns: Columns,
  kind: keyof Columns,
  rows: readonly TableRow[],
  header: readonly string[],
  test: (cell: string) => boolean,
): ColumnChoice | undefined {
  const chosen = columns[kind];
  if (chosen) return chosen;
  const index = header.findIndex(
    (_, column) => rows.length > 0 && rows.every((row) => test(row.cells[column] ?? '')),
  );
  return index < 0 ? undefined : { index, header: header[index] ?? '', word: '(every cell)' };
}

/**
 * Reads a table as a calendar when it has a time column (by header or because its cells are
 * windows such as "J+1 - J+5" or "S1") and a label column; otherwise null.
 */
export function calendarOf(table: Table): Calendar | null {
  const { header, rows } = readTable(table);
  if (rows.length === 0) return null;
  const columns = chooseColumns(header);
  const when = columnOr(columns, 'when', rows, header, (cell) => parseWindow(cell) !== null);
  if (!when) return null;
  const owner = columns.owner?.index ?? -1;
  const label =
    columns.item?.index ?? header.findIndex((_, index) => index !== when.index && index !== owner);
  if (label < 0) return null;
  const used = new Set([when.index, owner, label]);
  return {
    entries: rows.map((row) => ({
      label: row.cells[label] ?? '',
      window: parseWindow(row.cells[when.index] ?? ''),
      owners: owner >= 0 ? splitOwners(row.cells[owner] ?? '') : [],
      matched: null,
      pos: { line: row.line, endLine: row.line },
    })),
    details: rows.map((row) => row.cells.filter((_, index) => !used.has(index)).join(' ')),
    columns: {
      ...columns,
      when,
      item: { index: label, header: header[label] ?? '', word: columns.item?.word ?? '(first other column)' },
    },
  };
}

const PLACEHOLDER = /^[\s_?.\-–—]*$|^(tbd|tba|n\/?a|a definir|à définir|por definir|a definir|tbc|offen)$/iu;

/**
 * A cell in square brackets that asks to be filled in ("[FILL IN]", "[AUSFÜLLEN]", "[Name and
 * Contact]") is a blank, never a name; "[QA Lead]" names the role a template expects.
 */
const BRACKETED_BLANK =
  /^\s*\[[^\]]*\b(?:fill|ausf[üu]llen|eintragen|compl[ée]ter|remplir|completar|rellenar|preencher|compilare|invullen|name|nom|nombre|nome|naam|contact|contacto|contato|kontakt|contatto)\b[^\]]*\]\s*$/iu;

/** "Ops, QA / Dev & SRE" → owners; blanks and placeholders ("____", "TBD", "[Name]") are nobody; "[QA Lead]" is QA Lead. */
const OWNER_SEPARATOR = /(\s*(?:,|;|\/|&|\bet\b|\band\b|\by\b|\be\b|\bund\b|\+)\s*|[()])/u;

export function splitOwners(cell: string): string[] {
  if (BRACKETED_BLANK.test(cell)) return [];
  // A template's "[Engineering Lead]" names the role to fill in: the role, not its brackets.
  const named = /^\s*\[([^\]]+)\]\s*$/u.exec(cell)?.[1] ?? cell;
  // "Technik (Agentur / Betrieb)" is one owner: a bracket glosses it, whatever it joins inside.
  const owners: string[] = [];
  let depth = 0;
  let current = '';
  // Split with the separators and brackets kept: text at even places, a separator or a bracket at odd ones.
  named.split(OWNER_SEPARATOR).forEach((part, index) => {
    if (part === '(') depth += 1;
    else if (part === ')') depth = Math.max(0, depth - 1);
    else if (index % 2 === 1 && depth === 0) {
      owners.push(current);
      current = '';
      return;
    }
    current += part;
  });
  owners.push(current);
  return owners
    .map((owner) => owner.replace(/^@/, '').trim())
    .filter((owner) => owner && !PLACEHOLDER.test(owner));
}

export interface TaskRow {
  text: string;
  done: boolean;
  line: number;
  owners: string[];
  window: Window | null;
  statusCell: StatusCell | null;
}

export interface TaskTable {
  rows: TaskRow[];
  columns: Columns;
}

/**
 * Reads a table whose rows are work: an item column and a status, owner or time column chosen
 * by header ("Task | Owner | Status", "What | Who | When | Week", "Tenant | … | Status"). A
 * column of marks under a blank header is a status column too. `source` gives the status cells'
 * columns for write-back. Null when the table is not a task table.
 */
export function taskTableOf(table: Table, source: readonly string[]): TaskTable | null {
  const { header, rows } = readTable(table);
  if (rows.length === 0) return null;
  const columns = chooseColumns(header);
  const status = columns.status ?? blankHeaderStatus(header, rows);
  const item = columns.item ?? columns.action;
  if (!item || (!status && !columns.owner && !columns.when)) return null;
  const withStatus = status ? { ...columns, status } : columns;
  return {
    columns: { ...withStatus, item },
    rows: rows.map((row) => {
      const target = columns.target ? row.cells[columns.target.index] : undefined;
      const name = row.cells[item.index] ?? '';
      // Without a status column, a row is ticked by a ✅ before its task ("| ✅ Freeze the code | … |").
      const statusAt = status ?? item;
      const statusRaw = row.raw[statusAt.index] ?? '';
      return {
        text: target ? `${name}: ${target}` : name,
        done: status ? cellStatus(statusRaw) === 'done' : markStatus(statusRaw) === 'done',
        line: row.line,
        owners: columns.owner ? splitOwners(row.cells[columns.owner.index] ?? '') : [],
        window: columns.when ? parseWindow(row.cells[columns.when.index] ?? '') : null,
        statusCell: cellAt(source[row.line - 1] ?? '', statusAt.index, row.line),
      };
    }),
  };
}

function blankHeaderStatus(header: readonly string[], rows: readonly TableRow[]): ColumnChoice | undefined {
  const index = header.findIndex(
    (cell, column) => !/\p{L}/u.test(cell) && rows.every((row) => cellStatus(row.raw[column] ?? '') !== null),
  );
  return index < 0 ? undefined : { index, header: header[index] ?? '', word: '(every cell a status mark)' };
}

/** The text and 1-based column of cell `index` in a table row's source line (pipes split, `\|` kept). */
function cellAt(line: string, index: number, lineNumber: number): StatusCell | null {
  const bounds: number[] = [];
  for (let at = 0; at < line.length; at += 1) {
    if (line[at] === '\\') at += 1;
    else if (line[at] === '|') bounds.push(at);
  }
  const leading = line.trimStart().startsWith('|');
  const starts = leading ? bounds : [-1, ...bounds];
  const start = starts[index];
  if (start === undefined) return null;
  const end = starts[index + 1] ?? line.length;
  const segment = line.slice(start + 1, end);
  const text = segment.trim();
  if (!text) return null;
  return { line: lineNumber, column: start + 2 + segment.indexOf(text), text };
}
