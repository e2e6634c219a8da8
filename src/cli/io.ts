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

/** Thrown by a command to end with an exit code and a message on stderr. */
export class CliExit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}
