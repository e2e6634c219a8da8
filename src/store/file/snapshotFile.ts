/**
 * Snapshots of the file store: `<dir>/<stream>.snapshot.json`, replaced atomically and durably
 * (durableFile.ts), so a crash leaves either the old snapshot or the new one, never half of one.
 */
import { readFile } from 'node:fs/promises';
import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { EventLogError, type Snapshot } from '../EventStore.ts';
import { replaceFileDurably } from './durableFile.ts';

const SnapshotFile = t.type({ stream: t.string, version: t.number, state: t.unknown });

/**
 * Where the committed part of the log ended at the snapshot's version: reads that start after
 * it begin scanning there instead of at the top of the file. It is checked, not trusted: the
 * first record read from it must chain to its hash.
 */
const Anchor = t.type({ offset: t.number, version: t.number, hash: t.string });
export type Anchor = t.TypeOf<typeof Anchor>;

/** Write a snapshot file atomically, with the log position of its version when it is known. */
export const writeSnapshotFile = async (
  path: string,
  stream: string,
  snapshot: Snapshot,
  anchor?: Anchor,
): Promise<void> => {
  const text = `${JSON.stringify({ stream, version: snapshot.version, ...(anchor ? { anchor } : {}), state: snapshot.state })}\n`;
  await replaceFileDurably(path, text);
};

/** The log position recorded with a snapshot, if any (a missing or damaged file has none). */
export const readSnapshotAnchor = async (path: string, stream: string): Promise<Anchor | undefined> => {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { stream?: unknown; anchor?: unknown };
    const anchor = Anchor.decode(parsed.anchor);
    return parsed.stream === stream && E.isRight(anchor) ? anchor.right : undefined;
  } catch {
    return undefined;
  }
};

/** Read a snapshot file; `undefined` when there is none. Throws `EventLogError` for a damaged one. */
export const readSnapshotFile = async (path: string, stream: string): Promise<Snapshot | undefined> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EventLogError({ _tag: 'CorruptSnapshot', stream, location: path, message: 'not valid JSON' });
  }
  const decoded = SnapshotFile.decode(parsed);
  if (E.isLeft(decoded) || decoded.right.stream !== stream) {
    throw new EventLogError({
      _tag: 'CorruptSnapshot',
      stream,
      location: path,
      message: 'not a snapshot of this stream',
    });
  }
  return { version: decoded.right.version, state: decoded.right.state };
};
