/**
 * Opening the store the log options name and choosing the stream: the file store for `--log`,
 * and the PostgreSQL or NATS client (loaded only then) for `--store`.
 */
import { basename, dirname, extname, resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../events/envelope.ts';
import type { EventStore } from '../store/EventStore.ts';
import { createFileEventStore } from '../store/file/index.ts';
import { CliExit } from './io.ts';
import type { LogOptions } from './logOptions.ts';

/**
 * The key launch snapshots are sealed with (`LAUNCHPLAN_SNAPSHOT_KEY`): with it commands open
 * launches from their latest snapshot; without it they replay the whole log (docs/event-log.md).
 */
export function snapshotKey(): string | null {
  const key = process.env['LAUNCHPLAN_SNAPSHOT_KEY'];
  return key === undefined || key === '' ? null : key;
}

export function actorOf(options: LogOptions): Actor {
  return { id: options.actor ?? process.env['USER'] ?? 'cli', roles: options.role ?? [] };
}

/** Opens the store the options name; the stream a `.jsonl` path implies comes back too. */
export async function openStore(options: LogOptions): Promise<{ store: EventStore; impliedStream?: string }> {
  const url = options.store;
  if (url?.startsWith('postgres://') || url?.startsWith('postgresql://')) {
    const { createPostgresEventStore } = await import('../store/postgres/index.ts');
    return { store: createPostgresEventStore({ connectionString: url }) };
  }
  if (url?.startsWith('nats://')) {
    const { createNatsEventStore } = await import('../store/nats/index.ts');
    return { store: createNatsEventStore({ servers: url }) };
  }
  if (url)
    throw new CliExit(2, `--store ${url}: expected a postgres:// or nats:// URL (use --log for a file log)`);
  const path = resolve(options.log);
  if (extname(path) === '.jsonl')
    return { store: createFileEventStore(dirname(path)), impliedStream: basename(path, '.jsonl') };
  return { store: createFileEventStore(path) };
}

/** The stream to work on: --stream, the .jsonl name, the fallback, or the only stream in the store. */
export async function resolveStream(
  store: EventStore,
  options: LogOptions,
  implied: string | undefined,
  fallback?: string,
): Promise<string> {
  const stream = options.stream ?? implied ?? fallback;
  if (stream) return stream;
  const streams = await store.listStreams();
  if (streams.length === 1 && streams[0]) return streams[0];
  throw new CliExit(
    2,
    streams.length === 0
      ? `no launch in ${options.store ?? options.log}: start one with launchplan start <plan.md>`
      : `several launches in ${options.store ?? options.log}: choose one with --stream (${streams.join(', ')})`,
  );
}

/**
 * Refuses a stream with no event as a usage error (exit 2), naming the streams there are: a typo in
 * `--stream` or `--log` is not an intact, empty launch.
 */
async function mustHoldEvents(store: EventStore, stream: string, options: LogOptions): Promise<void> {
  const version = await store.version(stream);
  if (E.isLeft(version)) throw new CliExit(2, `--stream ${stream}: ${version.left.message}`);
  if (version.right > 0) return;
  const streams = (await store.listStreams()).filter((name) => name !== stream);
  throw new CliExit(
    2,
    `no launch in stream "${stream}" of ${options.store ?? options.log}${streams.length ? ` (its launches: ${streams.join(', ')})` : ''}: start one with launchplan start <plan.md>`,
  );
}

/**
 * Opens the store, resolves the stream, runs `work` and closes the store whatever happens: the
 * frame of every command that works on a launch log.
 */
export async function withStream<T>(
  options: LogOptions,
  work: (store: EventStore, stream: string) => Promise<T>,
): Promise<T> {
  const { store, impliedStream } = await openStore(options);
  try {
    const stream = await resolveStream(store, options, impliedStream);
    await mustHoldEvents(store, stream, options);
    return await work(store, stream);
  } finally {
    await store.close();
  }
}

/** The note to print when the last read of a stream met a torn tail (file store), with what becomes of it. */
export function tornTailNote(store: EventStore, stream: string, fate: string): string | undefined {
  const torn = store.tornTail?.(stream);
  return (
    torn &&
    `note: the last record of ${stream} is incomplete (${torn.bytes} bytes after version ${torn.after}, left by an interrupted write): it is not an event; ${fate}`
  );
}

/** Unwraps an Either or ends the command with the formatted error. */
export function orExit<L, A>(either: E.Either<L, A>, format: (error: L) => string, code = 1): A {
  if (E.isLeft(either)) {
    const error = either.left as unknown;
    const tag = typeof error === 'object' && error !== null && '_tag' in error ? error._tag : undefined;
    throw new CliExit(code, format(either.left), typeof tag === 'string' ? tag : undefined);
  }
  return either.right;
}
