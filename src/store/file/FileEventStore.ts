/**
 * The file store, the embedded default: one JSON-lines file per stream in a directory
 * (`<dir>/<stream>.jsonl`, readable with `cat`), a lock file per stream for the moments a process
 * writes (`<dir>/<stream>.lock`), and a snapshot file per stream (`<dir>/<stream>.snapshot.json`).
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { EventEnvelope } from '../../events/envelope.ts';
import { EventLogError, type EventStore, type ReadOptions, type SubscribeOptions } from '../EventStore.ts';
import { createStreamWatchers, liveTail } from '../liveTail.ts';
import { validatingAppend } from '../planAppend.ts';
import { streamIdOrThrow } from '../storeError.ts';
import { validateStreamId, withValidStream, type InvalidStreamId } from '../streamId.ts';
import type { VerifyResult } from '../verifyChain.ts';
import type { FileLockOptions } from './fileLock.ts';
import { createStreamWriter, type StreamWriter } from './groupCommitWriter.ts';
import { fileSize, readStreamFile, scanCommitted } from './reader.ts';
import type { ScanStart } from '../lines/logScanner.ts';
import { readSnapshotAnchor, readSnapshotFile, writeSnapshotFile } from './snapshotFile.ts';
import { verifyStreamFile } from './verifyFile.ts';

/** Options of {@link createFileEventStore}. */
export interface FileEventStoreOptions {
  /** fsync before acknowledging an append (default true). */
  readonly durable?: boolean;
  readonly lock?: FileLockOptions;
  /**
   * Subscriptions watch the directory and also re-check every this many milliseconds, for file
   * systems where watching misses changes made by other processes. Default 250.
   */
  readonly pollIntervalMs?: number;
}

const LOG_SUFFIX = '.jsonl';

/** Path of the log file of `stream` in `directory`. */
export const streamFilePath = (directory: string, stream: string): string =>
  join(directory, `${stream}${LOG_SUFFIX}`);

/**
 * Create a file event store over `directory` (created on first write).
 *
 * @example
 * const store = createFileEventStore('./.launchplan/log');
 * const result = await store.append('launch-1', [event], { expectedVersion: 0 });
 * for await (const e of store.read('launch-1')) console.log(e.version, e.type);
 */
export const createFileEventStore = (directory: string, options: FileEventStoreOptions = {}): EventStore => {
  const writers = new Map<string, StreamWriter>();
  const watchers = createStreamWatchers();
  let directoryReady: Promise<unknown> | undefined;
  let directoryExists = false;

  const writerOf = (stream: string): StreamWriter => {
    let writer = writers.get(stream);
    if (!writer) {
      writer = createStreamWriter(
        streamFilePath(directory, stream),
        join(directory, `${stream}.lock`),
        stream,
        {
          durable: options.durable,
          lock: options.lock,
          onWritten: () => watchers.notify(stream),
        },
      );
      writers.set(stream, writer);
    }
    return writer;
  };

  const append = validatingAppend(async (stream, { events, expectedVersion }) => {
    if (!directoryExists) {
      directoryReady ??= mkdir(directory, { recursive: true });
      await directoryReady;
      directoryExists = true;
    }
    return writerOf(stream).append(events, expectedVersion);
  });

  /** Known committed positions per stream (from this process's writer or a snapshot file). */
  const anchors = new Map<string, ScanStart | null>();
  const snapshotPath = (stream: string) => join(directory, `${stream}.snapshot.json`);

  /** The latest known position before `from`, so a read from late in a long log does not scan it all. */
  const startFor = async (stream: string, from: number): Promise<ScanStart | undefined> => {
    const known = writers.get(stream)?.known;
    if (known && known.version > 0 && known.version < from) return known;
    if (!anchors.has(stream))
      anchors.set(stream, (await readSnapshotAnchor(snapshotPath(stream), stream)) ?? null);
    const anchor = anchors.get(stream);
    return anchor && anchor.version < from ? anchor : undefined;
  };

  async function* readFromKnownPosition(
    path: string,
    stream: string,
    readOptions: ReadOptions,
  ): AsyncGenerator<EventEnvelope> {
    const start = await startFor(stream, readOptions.from ?? 1);
    if (start && (await fileSize(path)) < start.offset) {
      throw new EventLogError({
        _tag: 'CorruptRecord',
        stream,
        version: start.version,
        message: `the log ends before version ${start.version}, which a snapshot of it recorded (${path})`,
      });
    }
    yield* readStreamFile(path, stream, start ? { ...readOptions, start } : readOptions);
  }

  /** The torn tail the last read to the end of each stream found, if it found one. */
  const tornTails = new Map<string, { after: number; bytes: number }>();

  // A read from the top is the file reader itself: no generator in between on the replay path.
  const read = (stream: string, readOptions: ReadOptions = {}): AsyncIterableIterator<EventEnvelope> => {
    const path = streamFilePath(directory, streamIdOrThrow(stream));
    tornTails.delete(stream);
    const fileOptions = {
      ...readOptions,
      onTornTail: (torn: { after: number; bytes: number }) => tornTails.set(stream, torn),
    };
    return (readOptions.from ?? 1) > 1
      ? readFromKnownPosition(path, stream, fileOptions)
      : readStreamFile(path, stream, fileOptions);
  };

  const subscribe = (
    stream: string,
    subscribeOptions: SubscribeOptions = {},
  ): AsyncGenerator<EventEnvelope> => {
    streamIdOrThrow(stream);
    let fsWatcher: FSWatcher | undefined;
    const notifier = watchers.watch(stream, options.pollIntervalMs ?? 250, () => fsWatcher?.close());
    try {
      fsWatcher = watch(directory, { persistent: false }, (_event, filename) => {
        if (filename === null || String(filename).startsWith(stream)) notifier.notify();
      });
      fsWatcher.on('error', () => fsWatcher?.close());
    } catch {
      fsWatcher = undefined;
    }
    return liveTail((from) => read(stream, { from }), notifier, subscribeOptions);
  };

  return {
    append,
    read,
    version: (stream) =>
      withValidStream(
        stream,
        async () => (await scanCommitted(streamFilePath(directory, stream), stream)).version,
      ),
    subscribe,
    async listStreams() {
      let names: string[];
      try {
        names = await readdir(directory);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const streams: string[] = [];
      for (const name of names) {
        if (!name.endsWith(LOG_SUFFIX)) continue;
        const stream = name.slice(0, -LOG_SUFFIX.length);
        if (E.isLeft(validateStreamId(stream))) continue;
        if ((await stat(join(directory, name))).size > 0) streams.push(stream);
      }
      return streams.sort();
    },
    saveSnapshot: (stream, snapshot) =>
      withValidStream(stream, async () => {
        directoryReady ??= mkdir(directory, { recursive: true });
        await directoryReady;
        const known = writers.get(stream)?.known;
        const anchor = known && known.version === snapshot.version ? known : undefined;
        await writeSnapshotFile(snapshotPath(stream), stream, snapshot, anchor);
        anchors.set(stream, anchor ?? null);
      }),
    loadSnapshot: (stream) => withValidStream(stream, () => readSnapshotFile(snapshotPath(stream), stream)),
    tornTail: (stream) => tornTails.get(stream),
    verify: (stream): Promise<E.Either<InvalidStreamId, VerifyResult>> =>
      withValidStream(stream, () => verifyStreamFile(streamFilePath(directory, stream), stream)),
    async close() {
      watchers.closeAll();
      await Promise.all([...writers.values()].map((writer) => writer.close()));
      writers.clear();
    },
  };
};
