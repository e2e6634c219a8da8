/**
 * Options shared by the commands that work on a launch log, declared and checked without loading
 * any store: where the log is (`--log` for the embedded file store, `--store` for PostgreSQL or
 * NATS), which stream, who is acting, and `--json`.
 */
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { CliExit } from './io.ts';

export interface LogOptions {
  log: string;
  store?: string;
  stream?: string;
  actor?: string;
  role?: string[];
}

export interface JsonOption {
  json?: boolean;
}

export const DEFAULT_LOG = '.launchplan';

/** Adds --log, --store, --stream (and, for writers, --actor and --role) to a command. */
export function withLogOptions(command: Command, options: { actor?: boolean } = {}): Command {
  command
    .option(
      '--log <path>',
      'file log: a directory of JSON-lines logs, or one <stream>.jsonl file',
      DEFAULT_LOG,
    )
    .option('--store <url>', 'postgres://… or nats://… instead of the file log')
    .option(
      '--stream <id>',
      'launch stream id (default: from the .jsonl file name, the plan id, or the only stream)',
    );
  if (options.actor) {
    command
      .option('--actor <id>', 'who is acting (default: $USER)')
      .option(
        '--role <role>',
        'a role of the actor (repeatable)',
        (value: string, previous: string[] = []) => [...previous, value],
      );
  }
  return command;
}

/** Adds `--json`: every command prints one JSON document instead of text (docs/cli.md). */
export function withJson(command: Command, description = 'print the result as JSON'): Command {
  return command.option('--json', description);
}

/**
 * Refuses log options that contradict each other, saying which one to drop: `--store` with an
 * explicit `--log`, and `--stream` naming another stream than the `.jsonl` file `--log` names.
 */
export function checkLogOptions(command: Command): void {
  const options = command.opts<Partial<LogOptions>>();
  if (options.log === undefined) return;
  const logGiven = command.getOptionValueSource('log') === 'cli';
  if (options.store !== undefined && logGiven) {
    throw new CliExit(2, `--store ${options.store} and --log ${options.log} name two logs: drop one of them`);
  }
  if (options.store === undefined && options.stream !== undefined && extname(options.log) === '.jsonl') {
    const fileStream = basename(options.log, '.jsonl');
    if (fileStream !== options.stream) {
      throw new CliExit(
        2,
        `--log ${options.log} is the log of stream ${fileStream}, not ${options.stream}: drop --stream, or give --log the folder of the logs`,
      );
    }
  }
}
