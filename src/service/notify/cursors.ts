/**
 * Delivery cursors: for each webhook and launch, the last log version whose notifications were
 * all delivered. The log is the outbox (notifications are derived from it again after a
 * restart); these cursors are all that must survive. One small JSON file, replaced atomically
 * (written aside, fsynced, renamed, directory fsynced), written after every delivery, so a host
 * killed at any moment resends at most the notification that was in flight.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { replaceFileDurably } from '../../store/file/durableFile.ts';

const CursorFile = t.type({
  webhooks: t.record(t.string, t.type({ streams: t.record(t.string, t.number) })),
});
type CursorFile = t.TypeOf<typeof CursorFile>;

export interface Cursors {
  /** Whether the file knows this webhook (a new webhook starts at the end of existing launches). */
  knows(webhook: string): boolean;
  /** The last delivered version of a launch for a webhook (undefined: never seen). */
  at(webhook: string, stream: string): number | undefined;
  /** Records a new webhook with where it starts in each launch (durably). */
  adopt(webhook: string, versions: ReadonlyMap<string, number>): Promise<void>;
  /** Moves a cursor; `durable` writes the file before resolving, else it is written with the next durable move. */
  advance(webhook: string, stream: string, version: number, durable: boolean): Promise<void>;
  /** Writes whatever moved and is not written yet. */
  flush(): Promise<void>;
}

/** A cursor file that cannot be used: the notifier refuses to start rather than resend or skip everything. */
export interface CursorFileUnreadable {
  _tag: 'CursorFileUnreadable';
  path: string;
  message: string;
}

async function writeDurably(path: string, text: string): Promise<void> {
  // The file log makes its directory on its first append: the cursors may come first.
  await mkdir(dirname(path), { recursive: true });
  await replaceFileDurably(path, text);
}

/**
 * Opens (or starts) the cursor file.
 *
 * @example
 * const cursors = await openCursors('.launchplan/notify-cursors.json');
 * if (E.isRight(cursors)) await cursors.right.advance('team-chat', 'go-live', 12, true);
 */
export async function openCursors(path: string): Promise<E.Either<CursorFileUnreadable, Cursors>> {
  let state: CursorFile = { webhooks: {} };
  try {
    const decoded = CursorFile.decode(JSON.parse(await readFile(path, 'utf8')));
    if (E.isLeft(decoded))
      return E.left({ _tag: 'CursorFileUnreadable', path, message: 'not a cursor file' });
    state = decoded.right;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT')
      return E.left({ _tag: 'CursorFileUnreadable', path, message: code ?? (error as Error).message });
  }
  let dirty = false;
  let writing: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => {
    // Writes go one after the other; each writes the state as it is when it starts.
    writing = writing.then(async () => {
      if (!dirty) return;
      dirty = false;
      await writeDurably(path, `${JSON.stringify(state)}\n`);
    });
    return writing;
  };
  return E.right({
    knows: (webhook) => Object.hasOwn(state.webhooks, webhook),
    at: (webhook, stream) =>
      Object.hasOwn(state.webhooks, webhook) && Object.hasOwn(state.webhooks[webhook]!.streams, stream)
        ? state.webhooks[webhook]!.streams[stream]
        : undefined,
    adopt(webhook, versions) {
      state.webhooks[webhook] = { streams: Object.fromEntries(versions) };
      dirty = true;
      return write();
    },
    advance(webhook, stream, version, durable) {
      const streams = Object.hasOwn(state.webhooks, webhook)
        ? state.webhooks[webhook]!.streams
        : (state.webhooks[webhook] = { streams: {} }).streams;
      if ((streams[stream] ?? -1) < version) streams[stream] = version;
      dirty = true;
      return durable ? write() : Promise.resolve();
    },
    flush: () => write(),
  });
}

export function formatCursorFileError(error: CursorFileUnreadable): string {
  return `${error.path}: the notification cursor file cannot be used (${error.message}); move it away to start over (notifications of existing launches are then not resent)`;
}
