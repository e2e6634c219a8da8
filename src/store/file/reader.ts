/**
 * Streaming, verifying reads of a stream file: one chunk in memory at a time, every event of the
 * range checked against the chain, torn tails (a crash in the middle of a write) left out.
 */
import { stat } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import type { EventEnvelope } from '../../events/envelope.ts';
import { EventLogError } from '../EventStore.ts';
import type { ChainBreak } from '../verifyChain.ts';
import { flattenBatches } from '../batchIterator.ts';
import { readLineChunks } from './chunkedLines.ts';
import { looksLikeTornRecord } from '../lines/lineCodec.ts';
import { createLogScanner, FILE_START, type LogScanner, type ScanStart } from '../lines/logScanner.ts';
import { lostAcknowledged } from './highWater.ts';

/** Size of a file, or 0 when it does not exist. */
export const fileSize = async (path: string): Promise<number> => {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
};

/** Turn a chain break found while reading into the error thrown to the reader. */
const logErrorOf = (stream: string, path: string, broken: ChainBreak): EventLogError =>
  new EventLogError(
    broken.reason === 'NotALog'
      ? { _tag: 'NotALog', stream, location: path, message: broken.message }
      : { _tag: 'CorruptRecord', stream, version: broken.version, message: `${broken.message} (${path})` },
  );

/** What is after the committed part of a file. */
export type TailState =
  | { readonly kind: 'clean' }
  /** Bytes a crash left (a cut line, an unfinished batch): not data; dropped by the next append. */
  | { readonly kind: 'torn'; readonly bytes: number }
  /** A last record that is whole and verifies but lost its newline: data, the next append adds the newline. */
  | { readonly kind: 'unterminated'; readonly events: readonly EventEnvelope[] }
  /** Bytes that cannot be a cut record: not a log, or damage. */
  | { readonly kind: 'garbage'; readonly broken: ChainBreak };

/**
 * Classify the bytes after the last newline (and any unfinished batch) once the scan is done.
 * A whole record lacking only its newline is fed to the scanner, which then commits it.
 */
export const classifyTail = (
  scanner: LogScanner,
  leftover: { readonly offset: number; readonly bytes: Buffer },
  size: number,
): TailState => {
  if (leftover.bytes.length > 0) {
    const candidate = Buffer.concat([leftover.bytes, Buffer.from('\n')]);
    const fed = scanner.line(candidate, 0, leftover.bytes.length, leftover.offset + leftover.bytes.length);
    if (E.isRight(fed) && !scanner.inBatch && fed.right.length > 0)
      return { kind: 'unterminated', events: fed.right };
    if (!looksLikeTornRecord(leftover.bytes)) {
      const version = scanner.committed.version + 1;
      const notALog = scanner.committed.offset === 0;
      return {
        kind: 'garbage',
        broken: {
          reason: notALog ? 'NotALog' : 'Undecodable',
          version,
          message: notALog
            ? 'the file does not start with an event or batch record'
            : 'bytes after the last record are not a record',
        },
      };
    }
  }
  const torn = size - scanner.committed.offset;
  return torn > 0 ? { kind: 'torn', bytes: torn } : { kind: 'clean' };
};

/** Options of {@link readStreamFile}. */
export interface ReadFileOptions {
  readonly from?: number;
  readonly to?: number;
  /** Start scanning at a known committed position instead of the file start. */
  readonly start?: ScanStart;
  /** Stop at this file offset instead of the current end of the file. */
  readonly end?: number;
  /** Told when the read reached the end of the file and found a torn tail after version `after`. */
  readonly onTornTail?: (torn: { after: number; bytes: number }) => void;
}

/**
 * Read the events `[from, to]` of the stream file at `path`, verifying each. Throws an
 * `EventLogError` for a file that is not a log or a record that breaks the chain.
 */
export const readStreamFile = (
  path: string,
  stream: string,
  options: ReadFileOptions = {},
): AsyncIterableIterator<EventEnvelope> => flattenBatches(readStreamFileChunks(path, stream, options));

/** The events of {@link readStreamFile}, a chunk of the file at a time. */
async function* readStreamFileChunks(
  path: string,
  stream: string,
  options: ReadFileOptions,
): AsyncGenerator<readonly EventEnvelope[], void> {
  const from = Math.max(1, options.from ?? 1);
  const to = options.to ?? Number.MAX_SAFE_INTEGER;
  if (to < from) return;
  const end = options.end ?? (await fileSize(path));
  const start = options.start ?? FILE_START;
  if (end <= start.offset) return;
  const scanner = createLogScanner(stream, start, from);
  const chunks = readLineChunks(path, start.offset, end);
  const inRange = (event: EventEnvelope): boolean => event.version >= from && event.version <= to;
  try {
    for (;;) {
      const step = await chunks.next();
      if (step.done) {
        const tail = classifyTail(scanner, step.value, end);
        if (tail.kind === 'garbage') throw logErrorOf(stream, path, tail.broken);
        if (tail.kind === 'unterminated') yield tail.events.filter(inRange);
        if (options.end === undefined) {
          // At the end of the file: it must hold every acknowledged append (see highWater.ts).
          const lost = lostAcknowledged(path, scanner.committed.version);
          if (lost) throw logErrorOf(stream, path, lost);
          if (tail.kind === 'torn')
            options.onTornTail?.({ after: scanner.committed.version, bytes: tail.bytes });
        }
        return;
      }
      const { buf, base, lines } = step.value;
      const out: EventEnvelope[] = [];
      for (let i = 0; i < lines.length; i += 2) {
        const lineEnd = lines[i + 1] as number;
        const result = scanner.line(buf, lines[i] as number, lineEnd, base + lineEnd + 1);
        if (E.isLeft(result)) {
          yield out;
          throw logErrorOf(stream, path, result.left);
        }
        for (const event of result.right) {
          if (event.version > to) {
            yield out;
            return;
          }
          if (event.version >= from) out.push(event);
        }
      }
      yield out;
    }
  } finally {
    await chunks.return({ offset: 0, bytes: Buffer.alloc(0) });
  }
}

/** What {@link scanRange} found: the scanner at the end of the whole lines, and what follows them. */
export interface ScannedRange {
  readonly scanner: LogScanner;
  readonly tail: Exclude<TailState, { readonly kind: 'garbage' }>;
}

/**
 * Scan the lines of the stream file at `path` from the committed position `start` to byte `end`,
 * handing the committed events to `onEvents` (versions from `from` on are verified, earlier ones
 * only peeked). Throws `EventLogError` for a file that is not a log or a record that breaks the
 * chain; what follows the last whole record is returned for the caller to act on.
 */
export const scanRange = async (
  path: string,
  stream: string,
  start: ScanStart,
  end: number,
  from: number,
  onEvents: (events: readonly EventEnvelope[]) => void = () => undefined,
): Promise<ScannedRange> => {
  const scanner = createLogScanner(stream, start, from);
  const chunks = readLineChunks(path, start.offset, end);
  for (;;) {
    const step = await chunks.next();
    if (step.done) {
      const tail = classifyTail(scanner, step.value, end);
      if (tail.kind === 'garbage') throw logErrorOf(stream, path, tail.broken);
      return { scanner, tail };
    }
    const { buf, base, lines } = step.value;
    for (let i = 0; i < lines.length; i += 2) {
      const lineEnd = lines[i + 1] as number;
      const result = scanner.line(buf, lines[i] as number, lineEnd, base + lineEnd + 1);
      if (E.isLeft(result)) {
        await chunks.return({ offset: 0, bytes: Buffer.alloc(0) });
        throw logErrorOf(stream, path, result.left);
      }
      onEvents(result.right);
    }
  }
};

/**
 * The committed end of a stream file (offset, version, hash) by a cheap scan: lines are peeked,
 * not verified. Throws `EventLogError` for a file that is not a log.
 */
export const scanCommitted = async (path: string, stream: string): Promise<ScanStart> => {
  const end = await fileSize(path);
  if (end === 0) return FILE_START;
  return (await scanRange(path, stream, FILE_START, end, Number.MAX_SAFE_INTEGER)).scanner.committed;
};
