/**
 * The `launchplan` command. Each sub-command lives in `commands/` and registers itself on the
 * program; `main` returns the exit code instead of calling `process.exit`, so it can be tested.
 */
import { Command, CommanderError } from 'commander';
import { registerDemo } from './commands/demo.ts';
import { registerCompile } from './commands/compile.ts';
import { registerInspect } from './commands/inspect.ts';
import { registerLint } from './commands/lint.ts';
import { registerTestgen } from './commands/testgen.ts';
import { registerLog } from './commands/log.ts';
import { registerReplay } from './commands/replay.ts';
import { registerSend } from './commands/send.ts';
import { registerServe } from './commands/serve.ts';
import { registerStart } from './commands/start.ts';
import { registerStatus } from './commands/status.ts';
import { bugReport, describeFailure, type FailureContext } from './failures.ts';
import { CliExit, exitWhenOutputFails, processIo, type CliIo } from './io.ts';

const VERSION = '0.1.0';

/** Builds the program with every command wired to the given output. */
export function buildProgram(io: CliIo): Command {
  const program = new Command('launchplan')
    .description('Turn Markdown launch plans into executable, event-sourced statecharts.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) });
  registerInspect(program, io);
  registerCompile(program, io);
  registerLint(program, io);
  registerStart(program, io);
  registerSend(program, io);
  registerStatus(program, io);
  registerLog(program, io);
  registerReplay(program, io);
  registerDemo(program, io);
  registerTestgen(program, io);
  registerServe(program, io);
  return program;
}

/** Runs the CLI on the given arguments (without `node` and the script) and returns the exit code. */
export async function main(args: readonly string[], io: CliIo = processIo): Promise<number> {
  if (io === processIo) exitWhenOutputFails();
  const program = buildProgram(io);
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
