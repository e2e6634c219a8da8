/**
 * The draft the replay fold runs the chart's actions on (the machine runs them on the immutable
 * one in `actions.ts`). It writes the fold's own copy of the context in place, so a long replay
 * does not copy the item records once per event (copying a 310-key record costs about 35 µs, on
 * this project's 2-core machines, whoever does it); copy on write: the first write after the context was handed out
 * copies what it touches (the context record, the group list, the item group). It keeps the
 * writes of the event being applied, so an event that turns out to move a state is undone and
 * handed to XState. An event allocates no closure and no array.
 */
import type { ContextDraft } from './actions.ts';
import { ownEntry, type LaunchContext } from './context.ts';

/** The fold's draft: a `ContextDraft`, and what the fold does around each event. */
export interface InPlaceDraft extends ContextDraft {
  /** Starts an event: what it writes from now on can be undone. */
  begin(): void;
  /** Undoes the writes of the event begun last: the context is as it was then. */
  undo(): void;
  /** The item group the event begun last wrote to, if any. */
  writtenGroup(): string | undefined;
  /** The context now, handed out: it never changes afterwards (the next write copies first). */
  handOut(): LaunchContext;
  /** Starts over from a context someone else made (XState, after an event it applied), handed out as it is. */
  reset(context: LaunchContext): void;
}

/**
 * One in-place write of the event being applied: the record written, the key and the value
 * before (undefined: the key was not there; item records never hold undefined).
 */
interface UndoEntry {
  record: Record<string, unknown>;
  key: string;
  previous: unknown;
}

function copyRecord<T>(record: Record<string, T>): Record<string, T> {
  const copy: Record<string, T> = {};
  for (const key in record) copy[key] = record[key] as T;
  return copy;
}

/**
 * A draft over `context`, handed out as it is (the first write copies).
 *
 * @example
 * const draft = createInPlaceDraft(initialContext(plan));
 * draft.begin();
 * bindAction({ type: 'recordItem', params: { status: 'done' } }).run(draft, itemChecked({ itemId }));
 * if (stateWouldMove) draft.undo();
 */
export function createInPlaceDraft(context: LaunchContext): InPlaceDraft {
  let current = context;
  /** Whether `current` (and what it holds) was handed out: then it is copied before a write. */
  let shared = true;
  /** Groups copied since the last hand-out: they may be written in place. */
  let ownGroups = new Set<string>();
  let writtenGroup: string | undefined;
  /** The context and its hand-out state when the event began, to undo a replacement or a copy. */
  let before = { context, shared };
  /** The in-place writes of the event, in order. Reused: only `size` is reset. */
  const entries: UndoEntry[] = [];
  let size = 0;

  const own = (): LaunchContext => {
    if (shared) {
      current = { ...current, groups: copyRecord(current.groups) };
      ownGroups = new Set();
      shared = false;
    }
    return current;
  };

  const write = (record: Record<string, unknown>, key: string, value: unknown): void => {
    const previous = Object.hasOwn(record, key) ? record[key] : undefined;
    const entry = entries[size];
    if (entry === undefined) entries.push({ record, key, previous });
    else {
      entry.record = record;
      entry.key = key;
      entry.previous = previous;
    }
    size += 1;
    record[key] = value;
  };

  return {
    get context() {
      return current;
    },
    writtenGroup: () => writtenGroup,
    setItem(id, state) {
      const group = ownEntry(current.plan.items, id)?.group;
      if (group === undefined) return;
      const { groups } = own();
      if (!ownGroups.has(group)) {
        groups[group] = copyRecord(groups[group] ?? {});
        ownGroups.add(group);
      }
      writtenGroup = group;
      const items = groups[group];
      if (items !== undefined) write(items, id, state);
    },
    setGroup(group, items) {
      write(own().groups, group, items);
      ownGroups.add(group);
    },
    set(field, value) {
      // A new context record (a dozen fields): `undo` puts the one of the event's start back.
      current = { ...own(), [field]: value };
    },
    begin() {
      size = 0;
      writtenGroup = undefined;
      before = { context: current, shared };
    },
    undo() {
      for (let index = size - 1; index >= 0; index -= 1) {
        const entry = entries[index];
        if (entry === undefined) continue;
        if (entry.previous === undefined) delete entry.record[entry.key];
        else entry.record[entry.key] = entry.previous;
      }
      size = 0;
      current = before.context;
      shared = before.shared;
    },
    handOut() {
      shared = true;
      return current;
    },
    reset(next) {
      current = next;
      shared = true;
      size = 0;
    },
  };
}
