/**
 * The CLI's output going nowhere: a reader that closed the pipe (`launchplan log | head`) ends the
 * process quietly with exit 0, as most Unix tools do; a stdout that cannot be written is named.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { examplePath } from '../support/examples.ts';

const BIN = fileURLToPath(new URL('../../bin/launchplan.js', import.meta.url));

/**
 * Runs the CLI with stdout on the given file descriptor, or on a pipe whose reader goes away
 * before anything is written.
 */
function runWithStdout(
  args: string[],
  stdout: number | 'closed pipe',
): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', stdout === 'closed pipe' ? 'pipe' : stdout, 'pipe'],
  });
  child.stdout?.destroy();
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, err })));
}

describe('launchplan writing to a closed or failing stdout', () => {
  const log = join(mkdtempSync(join(tmpdir(), 'lp-output-')), 'go.jsonl');

  it('should end quietly with exit 0 when the reader of lint, log or inspect --json goes away', async () => {
    expect((await runCli('start', examplePath('mbayar-go-live'), '--log', log, '--role', 'admin')).code).toBe(
      0,
    );
    const results = await Promise.all([
      runWithStdout(['lint', examplePath('techplus-v1')], 'closed pipe'),
      runWithStdout(['log', '--log', log], 'closed pipe'),
      runWithStdout(['inspect', '--json', examplePath('techplus-v1')], 'closed pipe'),
    ]);
    for (const result of results) expect(result).toEqual({ code: 0, err: '' });
  });

  it.runIf(process.platform === 'linux')(
    'should name the error and exit 2 when stdout cannot be written',
    async () => {
      const full = openSync('/dev/full', 'w');
      try {
        const result = await runWithStdout(['lint', examplePath('techplus-v1')], full);
        expect(result).toEqual({
          code: 2,
          err: 'launchplan: cannot write the output: ENOSPC: no space left on device, write\n',
        });
      } finally {
        closeSync(full);
      }
    },
  );
});
