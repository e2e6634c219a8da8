/**
 * The `launchplan` command. The commands are declared in `program.ts` and implemented in
 * `commands/`, one file each, loaded when they run; `main` returns the exit code instead of
 * calling `process.exit`, so it can be tested.
 */
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { bugReport, describeFailure, type FailureContext } from './failures.ts';
import { CliExit, exitWhenOutputFails, processIo, type CliIo } from './io.ts';
import { buildProgram } from './program.ts';

/** The package's version (src/cli and dist/cli are both two folders below package.json). */
export const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** Runs the CLI on the given arguments (without `node` and the script) and returns the exit code. */
export async function main(args: readonly string[], io: CliIo = processIo): Promise<number> {
  if (io === processIo) exitWhenOutputFails();
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
    if (error instanceof CommanderError) return error.exitCode;
    const exit = error instanceof CliExit ? error : describeFailure(error, context);
    if (exit) {
      if (exit.message) io.err(exit.message);
      return exit.code;
    }
    io.err(bugReport(error, VERSION));
    return 70;
  }
}
