/**
 * The `launchplan` command. The commands are declared in `program.ts` and implemented in
 * `commands/`, one file each, loaded when they run; `main` returns the exit code instead of
 * calling `process.exit`, so it can be tested.
 */
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { bugReport, describeFailure, type FailureContext } from './failures.ts';
import { CliExit, errorJson, exitWhenOutputFails, printJson, processIo, type CliIo } from './io.ts';
import { buildProgram } from './program.ts';

/** The package's version (src/cli and dist/cli are both two folders below package.json). */
export const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Runs the CLI on the given arguments (without `node` and the script) and returns the exit code. */
export async function main(args: readonly string[], given: CliIo = processIo): Promise<number> {
  if (given === processIo) exitWhenOutputFails();
  // A command that printed its document before failing (lint errors, uncovered transitions) has
  // said it in JSON already: the error document is for commands that printed nothing.
  let printed = false;
  const io: CliIo = {
    out: (text) => ((printed = true), given.out(text)),
    err: (text) => given.err(text),
    write: (bytes) => ((printed = true), given.write(bytes)),
    tty: given.tty,
  };
  // Under --json an error is a JSON document on stdout too, from a usage error to a bug.
  const json = args.slice(0, args.includes('--') ? args.indexOf('--') : args.length).includes('--json');
  const program = buildProgram(io, VERSION);
  // The command's --store, to name it when the store cannot be reached.
  const context: FailureContext = {};
  program.hook('preAction', (_program, command) => {
    context.store = command.opts<{ store?: string }>().store;
  });
  try {
    await program.parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    // Help and --version end with 0; anything else commander refuses (an unknown command or
    // option, a missing argument) is a usage error: 2, as docs/cli.md says.
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      if (json && !printed)
        printJson(io, errorJson(new CliExit(2, error.message.replace(/^error: /, ''), 'UsageError')));
      return 2;
    }
    const exit =
      error instanceof CliExit
        ? error
        : (describeFailure(error, context) ?? new CliExit(70, bugReport(error, VERSION), 'InternalError'));
    if (json && !printed) printJson(io, errorJson(exit));
    if (exit.message) io.err(exit.message);
    return exit.code;
  }
}
