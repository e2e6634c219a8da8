/**
 * Options shared by the commands that work on a launch log: where the log is (`--log` for the
 * embedded file store, `--store` for PostgreSQL or NATS), which stream, and who is acting.
 */
import { basename, dirname, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../events/envelope.ts';
import type { EventStore } from '../store/EventStore.ts';
import { createFileEventStore } from '../store/file/index.ts';
import { CliExit } from './io.ts';

export interface LogOptions {
  log: string;
  store?: string;
  stream?: string;
  actor?: string;
  role?: string[];
}

export const DEFAULT_LOG = '.launchplan';

/** Adds --log, --store, --stream (and, for writers, --actor and --role) to a command. */
export function withLogOptions(command: Command, options: { actor?: boolean } = {}): Command {
  command
    .option('--log <path>', 'file log: a directory of JSON-lines logs, or one <stream>.jsonl file', DEFAULT_LOG)
    .option('--store <url>', 'postgres://… or nats://… instead of the file log')
    .option('--stream <id>', 'launch stream id (default: from the .jsonl file name, the plan id, or the only stream)');
  if (options.actor) {
    command
      .option('--actor <id>', 'who is acting (default: $USER)')
      .option('--role <role>', 'a role of the actor (repeatable)', (value: string, previous: string[] = []) => [...previous, value]);
  }
  return command;
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
  if (url) throw new CliExit(2, `--store ${url}: expected a postgres:// or nats:// URL (use --log for a file log)`);
  const path = resolve(options.log);
  if (extname(path) === '.jsonl') return { store: createFileEventStore(dirname(path)), impliedStream: basename(path, '.jsonl') };
  return { store: createFileEventStore(path) };
}

/** The stream to work on: --stream, the .jsonl name, the fallback, or the only stream in the store. */
export async function resolveStream(store: EventStore, options: LogOptions, implied: string | undefined, fallback?: string): Promise<string> {
  const stream = options.stream ?? implied ?? fallback;
  if (stream) return stream;
  const streams = await store.listStreams();
  if (streams.length === 1 && streams[0]) return streams[0];
  throw new CliExit(2, streams.length === 0 ? `no launch in ${options.store ?? options.log}: start one with launchplan start <plan.md>` : `several launches in ${options.store ?? options.log}: choose one with --stream (${streams.join(', ')})`);
}

/** Unwraps an Either or ends the command with the formatted error. */
export function orExit<L, A>(either: E.Either<L, A>, format: (error: L) => string, code = 1): A {
  if (E.isLeft(either)) throw new CliExit(code, format(either.left));
  return either.right;
}
