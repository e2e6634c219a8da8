/**
 * The checklist written back into the plan: the original Markdown bytes with each item's box set
 * from the launch, and each table row's status cell rewritten in its own style ("⬜" → "✅",
 * "Pendiente" → "Hecho"). Every other byte is unchanged, so the file diffs cleanly in git: for a
 * fresh launch the output equals the source, and checking one item changes exactly one line.
 */
import type { Item, Plan, StatusCell } from '../plan/model.ts';
import { statusText } from '../plan/markdown/status.ts';
import { phaseItems } from '../plan/query.ts';

/** Whether each item is done (done or waived) in the launch. */
export type DoneById = ReadonlyMap<string, boolean>;

export interface MarkdownRender {
  markdown: Buffer;
  /** Items whose state could not be written (no box, or the source no longer matches the plan). */
  skipped: { itemId: string; line: number; reason: string }[];
}

// A list marker, or a numbered paragraph written with an escaped dot ("&nbsp;&nbsp;1.1\. Confirm…").
const LIST_MARKER = /^([ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+|(?:[ \t]|&nbsp;)*\d+(?:\.\d+)*\\\.[ \t]+)/;
const HEADING_MARKER = /^( {0,3}#{1,6}[ \t]+)/;
const DONE_MARK = '✅ ';

/**
 * The edit that puts a ✅ before a heading's text (done) or takes one away (open); null when the
 * heading already says so. `source` is the whole file, `at` where the heading's text starts.
 */
function headingEdit(
  source: Buffer,
  at: number,
  done: boolean,
): { at: number; remove: number; insert: string } | null {
  const marked = source.subarray(at, at + Buffer.byteLength(DONE_MARK)).toString('utf8') === DONE_MARK;
  if (marked === done) return null;
  return done
    ? { at, remove: 0, insert: DONE_MARK }
    : { at, remove: Buffer.byteLength(DONE_MARK), insert: '' };
}

/** Byte offset of the start of each line (1-based line n starts at `starts[n - 1]`). */
function lineStarts(source: Buffer): number[] {
  const starts = [0];
  for (let index = 0; index < source.length; index += 1) if (source[index] === 0x0a) starts.push(index + 1);
  return starts;
}

function allItems(plan: Plan): Item[] {
  return plan.phases.flatMap(phaseItems);
}

/** The edit that rewrites a table row's status cell, or null when the line no longer holds it there. */
function cellEdit(
  source: Buffer,
  start: number,
  end: number,
  cell: StatusCell,
  done: boolean,
): { at: number; remove: number; insert: string } | null {
  const line = source.subarray(start, end).toString('utf8');
  const before = line.slice(0, cell.column - 1);
  if (line.slice(cell.column - 1, cell.column - 1 + cell.text.length) !== cell.text) return null;
  return {
    at: start + Buffer.byteLength(before),
    remove: Buffer.byteLength(cell.text),
    insert: statusText(cell.text, done),
  };
}

/**
 * Renders the plan's source with boxes set from `done`. A task item's mark is flipped in place
 * (`[ ]` ↔ `[x]`); a plain list item that is done gains a `[x] ` box after its marker. Items
 * whose line no longer looks like the plan says are skipped and reported, never guessed at.
 */
export function renderChecklistMarkdown(source: Buffer, plan: Plan, done: DoneById): MarkdownRender {
  const starts = lineStarts(source);
  const edits: { at: number; remove: number; insert: string }[] = [];
  const skipped: MarkdownRender['skipped'] = [];
  for (const item of allItems(plan)) {
    const isDone = done.get(item.id);
    if (isDone === undefined || isDone === item.done) continue;
    const line = item.checkbox?.line ?? item.pos.line;
    const start = starts[line - 1];
    if (start === undefined) {
      skipped.push({ itemId: item.id, line, reason: 'the line is past the end of the source' });
      continue;
    }
    if (item.statusCell) {
      const edit = cellEdit(source, start, starts[line] ?? source.length, item.statusCell, isDone);
      if (edit) edits.push(edit);
      else
        skipped.push({
          itemId: item.id,
          line,
          reason: `no "${item.statusCell.text}" status cell at the recorded position`,
        });
      continue;
    }
    if (item.checkbox) {
      // The prefix before a box is indentation and a list marker: ASCII, so columns are bytes.
      const at = start + item.checkbox.column - 1;
      const mark = source[at];
      if (
        source[at - 1] !== 0x5b ||
        source[at + 1] !== 0x5d ||
        (mark !== 0x20 && mark !== 0x78 && mark !== 0x58)
      ) {
        skipped.push({ itemId: item.id, line, reason: 'no [ ] box at the recorded position' });
        continue;
      }
      edits.push({ at, remove: 1, insert: isDone ? 'x' : ' ' });
      continue;
    }
    const end = starts[line] ?? source.length;
    const text = source.subarray(start, end).toString('latin1');
    // A step written as a heading alone is ticked the way people do it: a ✅ before its title.
    const heading = HEADING_MARKER.exec(text);
    if (heading?.[1]) {
      const edit = headingEdit(source, start + heading[1].length, isDone);
      if (edit) edits.push(edit);
      continue;
    }
    const marker = LIST_MARKER.exec(text);
    if (!marker?.[1] || !isDone) {
      skipped.push({
        itemId: item.id,
        line,
        reason: isDone ? 'not a list item: nothing to tick' : 'the plan marks it done without a box',
      });
      continue;
    }
    edits.push({ at: start + marker[1].length, remove: 0, insert: '[x] ' });
  }
  edits.sort((a, b) => a.at - b.at);
  const parts: Buffer[] = [];
  let cursor = 0;
  for (const edit of edits) {
    parts.push(source.subarray(cursor, edit.at), Buffer.from(edit.insert, 'utf8'));
    cursor = edit.at + edit.remove;
  }
  parts.push(source.subarray(cursor));
  return { markdown: Buffer.concat(parts), skipped };
}
