/**
 * GFM tables read as calendars (step | date | owner, week | phase | actions) and as status
 * tables (a label column and a ✅/⬜ column).
 */
import type { Table } from 'mdast';
import type { ScheduleEntry } from '../model.ts';
import { fold, stripEmoji } from '../text.ts';
import { parseWindow } from '../time.ts';
import { leadingStatus } from './items.ts';
import { lineOf, plainText } from './parse.ts';

export interface TableRows {
  header: string[];
  rows: { cells: string[]; line: number }[];
}

/** Cell texts of a table, header apart. */
export function readTable(table: Table): TableRows {
  const [head, ...body] = table.children;
  const cellsOf = (row: NonNullable<typeof head>) => row.children.map((cell) => stripEmoji(plainText(cell)).trim());
  return {
    header: head ? cellsOf(head) : [],
    rows: body.map((row) => ({ cells: cellsOf(row), line: lineOf(row) })),
  };
}

const WHEN = /date|quand|when|semaine|week|jour|periode|period|echeance|deadline|prevue?|planned|timing|sprint|debut|fin\b|start|end\b/;
const OWNER = /responsable|owner|qui\b|who|porteur|pilote|assignee|lead|equipe|team|role/;
const LABEL = /etape|step|stage|phase|tache|task|jalon|milestone|action|activite|activity|livrable|item|quoi|what/;
const STATUS = /statut|status|etat|state|fait|done|ok\b/;

function columnMatching(header: readonly string[], pattern: RegExp, exclude: ReadonlySet<number>): number {
  return header.findIndex((cell, index) => !exclude.has(index) && pattern.test(fold(cell)));
}

export interface Calendar {
  entries: ScheduleEntry[];
  /** The text of the other columns per row (for example "Actions Clés"), joined. */
  details: string[];
}

/**
 * Reads a table as a calendar when it has a time column (by header or because its cells are
 * windows such as "J+1 - J+5" or "S1") and a label column; otherwise null.
 */
export function calendarOf(table: Table): Calendar | null {
  const { header, rows } = readTable(table);
  if (rows.length === 0) return null;
  let when = columnMatching(header, WHEN, new Set());
  if (when < 0) when = header.findIndex((_, index) => rows.every((row) => parseWindow(row.cells[index] ?? '') !== null));
  if (when < 0) return null;
  const owner = columnMatching(header, OWNER, new Set([when]));
  let label = columnMatching(header, LABEL, new Set([when, owner]));
  if (label < 0) label = header.findIndex((_, index) => index !== when && index !== owner);
  if (label < 0) return null;
  const used = new Set([when, owner, label]);
  return {
    entries: rows.map((row) => ({
      label: row.cells[label] ?? '',
      window: parseWindow(row.cells[when] ?? ''),
      owners: owner >= 0 ? splitOwners(row.cells[owner] ?? '') : [],
      matched: null,
      pos: { line: row.line, endLine: row.line },
    })),
    details: rows.map((row) => row.cells.filter((_, index) => !used.has(index)).join(' ')),
  };
}

function splitOwners(cell: string): string[] {
  return cell
    .split(/\s*(?:,|;|\/|&|\bet\b|\band\b|\+)\s*/u)
    .map((owner) => owner.trim())
    .filter(Boolean);
}

export interface StatusRow {
  text: string;
  done: boolean;
  line: number;
}

/** Reads a table with a status column (✅, ⬜, `:white_check_mark:`, "done") as items. */
export function statusRowsOf(table: Table): StatusRow[] | null {
  const { header, rows } = readTable(table);
  const rawRows = table.children.slice(1).map((row) => row.children.map((cell) => plainText(cell).trim()));
  let status = columnMatching(header, STATUS, new Set());
  if (status < 0) status = header.findIndex((_, index) => rawRows.length > 0 && rawRows.every((row) => statusOfCell(row[index] ?? '') !== null));
  if (status < 0) return null;
  const label = header.findIndex((_, index) => index !== status);
  if (label < 0) return null;
  return rows.map((row, index) => ({
    text: row.cells[label] ?? '',
    done: statusOfCell(rawRows[index]?.[status] ?? '') === true,
    line: row.line,
  }));
}

function statusOfCell(cell: string): boolean | null {
  const mark = leadingStatus(cell);
  if (mark !== null) return mark;
  const folded = fold(cell);
  if (/^(done|fait|ok|termine|yes|oui)\b/.test(folded)) return true;
  if (/^(todo|a faire|pending|en cours|in progress|no|non)?$/.test(folded)) return false;
  return null;
}
