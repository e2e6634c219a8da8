/** Runs the CLI in-process and captures what it printed. */
import { main } from '../../src/cli/main.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** Exactly what was written with `write` (raw bytes). */
  bytes: Buffer;
}

export async function runCli(...args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const chunks: Buffer[] = [];
  const code = await main(args, {
    out: (text) => (out += text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => (err += text.endsWith('\n') ? text : `${text}\n`),
    write: (bytes) => chunks.push(Buffer.from(bytes)),
    tty: false,
  });
  return { code, out, err, bytes: Buffer.concat(chunks) };
}
