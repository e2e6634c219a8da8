/**
 * The high-water mark of a stream file: the version, end offset and hash of the last append the
 * store acknowledged, kept beside the log (`<stream>.hwm`) and rewritten in place after every
 * flush, once the log's bytes are on disk and before the appends are acknowledged.
 *
 * A crash in the middle of a write leaves a torn tail past the mark: that is no acknowledged
 * data, and it is reported and dropped. A log that ends before the mark lost acknowledged events
 * (cut by hand, restored from an old copy, truncated by a tool): that is refused, never taken for
 * a torn tail. The mark is not fsynced itself: after a power loss it can only lag the log (written
 * after the log's fsync), which makes the check more lenient, never wrong.
 */
import { closeSync, openSync, readFileSync, statSync, writeSync, type PathLike } from 'node:fs';
import type { ChainBreak } from '../verifyChain.ts';

export interface HighWaterMark {
  readonly version: number;
  readonly offset: number;
  readonly hash: string;
}

/** The mark's file for a stream file `<stream>.jsonl`. */
export const highWaterPath = (streamPath: string): string => streamPath.replace(/\.jsonl$/, '.hwm');

/** Long enough for any mark: rewritten in place, so its length never changes. */
const RECORD_BYTES = 160;

/** The mark, or undefined when there is none (a log from before marks, or never appended to). */
export function readHighWater(path: PathLike): HighWaterMark | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<HighWaterMark>;
    const { version, offset, hash } = parsed;
    return typeof version === 'number' && typeof offset === 'number' && typeof hash === 'string'
      ? { version, offset, hash }
      : undefined;
  } catch {
    return undefined;
  }
}

/** A writer that rewrites the mark in place (one write to an open descriptor per flush). */
export function createHighWaterWriter(path: string): { write(mark: HighWaterMark): void; close(): void } {
  let fd: number | undefined;
  return {
    write(mark) {
      fd ??= openSync(path, 'w');
      writeSync(fd, JSON.stringify(mark).padEnd(RECORD_BYTES, ' '), 0);
    },
    close() {
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } finally {
          fd = undefined;
        }
      }
    },
  };
}

/**
 * The chain break of a stream file whose last whole record is `lastVersion` when its mark says
 * more was acknowledged, or undefined when nothing acknowledged is missing.
 *
 * A reader racing a writer can see the file end before an append that is acknowledged by the time
 * it reads the mark; the file has grown past the mark's offset then. So the mark is read first and
 * the file's size after it: only a file now shorter than the mark's end has lost acknowledged bytes.
 */
export function lostAcknowledged(streamPath: string, lastVersion: number): ChainBreak | undefined {
  const markPath = highWaterPath(streamPath);
  const mark = readHighWater(markPath);
  if (mark === undefined || lastVersion >= mark.version) return undefined;
  if (fileSizeNow(streamPath) >= mark.offset) return undefined;
  return {
    reason: 'Truncated',
    version: lastVersion + 1,
    message: `the log ends at version ${lastVersion}, but version ${mark.version} was acknowledged (${markPath}): versions ${lastVersion + 1}..${mark.version} were cut from it (restore the log; delete the mark only to accept the loss)`,
  };
}

const fileSizeNow = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};
