/**
 * Output for CLI commands: commands write through this small interface instead of `process`,
 * so tests run them in-process and read what they printed.
 */
export interface CliIo {
  /** A line (a newline is added when missing). */
  out(text: string): void;
  err(text: string): void;
  /** Exact bytes, nothing added (the Markdown checklist must equal the plan byte for byte). */
  write(bytes: Uint8Array): void;
  /** Whether stdout is a terminal (colours and progress bars only then). */
  readonly tty: boolean;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  write: (bytes) => process.stdout.write(bytes),
  tty: Boolean(process.stdout.isTTY),
};

/**
 * Ends the process when its output cannot be written. A reader that went away
 * (`launchplan log | head`) is not a failure: exit 0 quietly, as most Unix tools do. Without a
 * listener, the EPIPE 'error' event would crash the process with a stack trace.
 */
export function exitWhenOutputFails(): void {
  const onError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`launchplan: cannot write the output: ${error.message}\n`);
    process.exit(2);
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
}

/**
 * Thrown by a command to end with an exit code and a message on stderr (under `--json`, a JSON
 * document on stdout). `kind` names the error (a `LaunchError`'s tag) when there is one.
 */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly kind?: string,
  ) {
    super(message);
  }
}

/** The kind of an exit that names none: by its code (docs/cli.md, "Exit codes"). */
const KIND_BY_CODE: Record<number, string> = { 1: 'Refused', 2: 'UsageError', 70: 'InternalError' };

/**
 * The JSON document of a failed command under `--json`: `{ error: { kind, exitCode, message } }`.
 *
 * @example
 * errorJson(new CliExit(2, '--now x: give an ISO 8601 time')) // { error: { kind: 'UsageError', exitCode: 2, message: '--now x: …' } }
 */
export function errorJson(exit: CliExit): { error: { kind: string; exitCode: number; message: string } } {
  return {
    error: {
      kind: exit.kind ?? KIND_BY_CODE[exit.code] ?? 'Error',
      exitCode: exit.code,
      message: exit.message,
    },
  };
}

/** Prints a `--json` result: one document, two-space indented (docs/cli.md lists every shape). */
export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
