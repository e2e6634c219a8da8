/**
 * The writer of one stream file, with group commit: appends that arrive while a write + fsync is
 * in flight wait in a queue and all go out in the next single write + fsync, so many concurrent
 * appenders share one fsync. Each flush holds the cross-process lock, first catches up with what
 * other processes wrote (and drops a torn tail a crash left), then decides every queued append
 * against the real tail. An append is acknowledged only after its bytes are on disk.
 *
 * The lock is kept for `lingerMs` after a flush when nothing is queued: a writer appending in a
 * loop then pays for taking the lock (a file create and unlink, which the file system journals)
 * once per burst instead of once per append. Other processes wait at most that long extra.
 */
import { constants, fstatSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { PreparedEvent } from '../../events/envelope.ts';
import type { AppendError, AppendResult } from '../EventStore.ts';
import type { ExpectedVersion } from '../expectedVersion.ts';
import { planBatch, type StreamTail } from '../planAppend.ts';
import { acquireFileLock, type FileLockOptions, type ReleaseLock } from './fileLock.ts';
import { encodeBatchLine, encodeEventLine } from '../lines/lineCodec.ts';
import { FILE_START, type ScanStart } from '../lines/logScanner.ts';
import { EventLogError } from '../EventStore.ts';
import { createHighWaterWriter, highWaterPath, lostAcknowledged } from './highWater.ts';
import { scanRange } from './reader.ts';
import { syncDirectory } from './durableFile.ts';

interface Request {
  readonly events: readonly PreparedEvent[];
  readonly expectedVersion: ExpectedVersion;
  readonly resolve: (result: E.Either<AppendError, AppendResult>) => void;
  readonly reject: (error: unknown) => void;
}

/** Options of {@link createStreamWriter}. */
export interface StreamWriterOptions {
  /** fsync before acknowledging (default true). Turning it off keeps ordering and locking but not durability. */
  readonly durable?: boolean;
  /** Most appends written by one flush. Default 4096. */
  readonly maxAppendsPerFlush?: number;
  readonly lock?: FileLockOptions;
  /** Called after each flush that wrote something. */
  readonly onWritten?: () => void;
  /** Keep the lock this many ms after a flush, for the next append of a burst. Default 2. */
  readonly lingerMs?: number;
}

/** The writer of one stream file. */
export interface StreamWriter {
  append(
    events: readonly PreparedEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<E.Either<AppendError, AppendResult>>;
  /** The committed tail as of the last flush (not re-read from disk). */
  readonly known: ScanStart;
  close(): Promise<void>;
}

/**
 * Create the group-commit writer for the stream file at `path`, locked through `lockPath`.
 */
export const createStreamWriter = (
  path: string,
  lockPath: string,
  stream: string,
  options: StreamWriterOptions = {},
): StreamWriter => {
  const durable = options.durable ?? true;
  const maxAppends = options.maxAppendsPerFlush ?? 4096;
  const queue: Request[] = [];
  let flushing = false;
  let lastBatchSize = 0;
  let committed: ScanStart = FILE_START;
  const ids = new Map<string, number>();
  let handle: FileHandle | undefined;
  let directorySynced = false;
  const lingerMs = options.lingerMs ?? 2;
  /** The held lock, if any, and the timer that lets it go after `lingerMs` of idleness. */
  let held: ReleaseLock | undefined;
  let lingerTimer: NodeJS.Timeout | undefined;
  const marks = createHighWaterWriter(highWaterPath(path));

  const releaseHeld = async (): Promise<void> => {
    if (lingerTimer) clearTimeout(lingerTimer);
    lingerTimer = undefined;
    const release = held;
    held = undefined;
    // A lock file that is already gone is released; nothing else can be done about other errors.
    await release?.().catch(() => undefined);
  };

  const reset = (): void => {
    committed = FILE_START;
    ids.clear();
  };

  /** Catch up with bytes written by others since our last flush; drop or repair a torn tail. */
  const catchUp = async (file: FileHandle): Promise<void> => {
    const size = fstatSync(file.fd).size;
    if (size === committed.offset) return;
    if (size < committed.offset) reset();
    const { scanner, tail } = await scanRange(path, stream, committed, size, 1, (events) => {
      for (const event of events) ids.set(event.eventId, event.version);
    });
    // Only a tail past the last acknowledged append is a crash's leftover: a log that ends before
    // it lost acknowledged events, and nothing is appended to it.
    const lost = lostAcknowledged(path, scanner.committed.version);
    if (lost) {
      reset();
      throw new EventLogError({
        _tag: 'CorruptRecord',
        stream,
        version: lost.version,
        message: lost.message,
      });
    }
    if (tail.kind === 'unterminated') {
      for (const event of tail.events) ids.set(event.eventId, event.version);
      await file.write('\n');
      if (durable) await file.datasync();
      committed = { ...scanner.committed, offset: size + 1 };
      return;
    }
    if (tail.kind === 'torn') {
      await file.truncate(scanner.committed.offset);
      if (durable) await file.datasync();
    }
    committed = scanner.committed;
  };

  const flush = async (batch: readonly Request[]): Promise<void> => {
    if (lingerTimer) clearTimeout(lingerTimer);
    lingerTimer = undefined;
    const continuing = held !== undefined;
    try {
      held ??= await acquireFileLock(lockPath, options.lock);
    } catch (error) {
      for (const request of batch) request.reject(error);
      return;
    }
    const results: E.Either<AppendError, AppendResult>[] = [];
    let failed = false;
    try {
      handle ??= await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_APPEND, 0o644);
      // Holding the lock since our last flush means nobody else wrote: no need to look.
      if (!continuing || committed.offset === 0) await catchUp(handle);
      const plan = planBatch(stream, { version: committed.version, hash: committed.hash }, batch, (id) =>
        ids.get(id),
      );
      results.push(...plan.results);
      const lines: string[] = [];
      let tail: StreamTail = { version: committed.version, hash: committed.hash };
      const pendingIds = new Map<string, number>();
      for (const sealed of plan.writes) {
        if (sealed.length > 1)
          lines.push(encodeBatchLine(sealed.length, tail.version + 1, sealed[sealed.length - 1]!.hash));
        for (const event of sealed) {
          lines.push(encodeEventLine(event));
          pendingIds.set(event.eventId, event.version);
          tail = { version: event.version, hash: event.hash };
        }
      }
      if (lines.length > 0) {
        const bytes = Buffer.from(lines.join(''), 'utf8');
        try {
          let written = 0;
          // Small writes land in the page cache in microseconds: done synchronously they save a
          // thread-pool round trip per flush. Big ones go through the pool so the loop stays free.
          while (written < bytes.length) {
            written +=
              bytes.length <= SYNC_WRITE_LIMIT
                ? writeSync(handle.fd, bytes, written, bytes.length - written)
                : (await handle.write(bytes, written, bytes.length - written)).bytesWritten;
          }
          if (durable) await handle.datasync();
        } catch (error) {
          reset();
          throw error;
        }
        if (durable && !directorySynced) {
          await syncDirectory(dirname(path));
          directorySynced = true;
        }
        committed = { offset: committed.offset + bytes.length, version: tail.version, hash: tail.hash };
        marks.write({ version: committed.version, offset: committed.offset, hash: committed.hash });
        for (const [id, version] of pendingIds) ids.set(id, version);
      }
    } catch (error) {
      failed = true;
      for (const request of batch) request.reject(error);
      return;
    } finally {
      if (failed || lingerMs <= 0) await releaseHeld();
      else lingerTimer = setTimeout(() => void releaseHeld().catch(() => undefined), lingerMs);
    }
    batch.forEach((request, index) => request.resolve(results[index] as E.Either<AppendError, AppendResult>));
    if (results.some((result) => E.isRight(result) && result.right.appended > 0)) options.onWritten?.();
  };

  const run = async (): Promise<void> => {
    flushing = true;
    try {
      while (queue.length > 0) {
        // With concurrent appenders, let the appends that are on their way (continuations of the
        // ones just acknowledged) join this flush. A lone sequential writer does not wait.
        if (lastBatchSize > 1 || queue.length > 1) await new Promise((resolve) => setImmediate(resolve));
        const batch = queue.splice(0, maxAppends);
        lastBatchSize = batch.length;
        await flush(batch);
      }
    } finally {
      flushing = false;
    }
  };

  return {
    append(events, expectedVersion) {
      return new Promise((resolve, reject) => {
        queue.push({ events, expectedVersion, resolve, reject });
        if (!flushing) void run();
      });
    },
    get known() {
      return committed;
    },
    async close() {
      while (flushing || queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
      await releaseHeld();
      await handle?.close();
      handle = undefined;
      marks.close();
    },
  };
};

/** Batches up to this many bytes are written with a synchronous `write(2)`. */
const SYNC_WRITE_LIMIT = 256 * 1024;
