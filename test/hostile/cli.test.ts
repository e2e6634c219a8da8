/**
 * The command reads plans within the same limits as the service, and flags raise them: a plan
 * past the size limit or the time budget ends the command with a one-line message naming the
 * limit (exit 2), never a hang, a stack or an internal error.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { readExample } from '../support/examples.ts';

const dir = mkdtempSync(join(tmpdir(), 'lp-cli-limits-'));

describe('plan limits on the command line', () => {
  it('should refuse a plan over the size limit naming it, and read it with --max-plan-bytes raised', async () => {
    const plan = { ...readExample('mbayar-go-live').plan, title: 'x'.repeat(600 * 1024) };
    const { hash: _hash, ...unhashed } = plan;
    const path = join(dir, 'big.json');
    writeFileSync(path, JSON.stringify(unhashed));
    const refused = await runCli('inspect', path, '--stats');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(
      /big\.json: not read: the plan is \d+ bytes, over the limit of 524288 bytes\n$/,
    );
    const raised = await runCli('inspect', path, '--stats', '--max-plan-bytes', '1000000');
    expect(raised.code, raised.err).toBe(0);
  });

  it('should give up on a plan slower to read than --plan-timeout, with the limit named', async () => {
    const path = join(dir, 'slow.md');
    writeFileSync(path, `# Slow\n${'## H\n- [ ] a\n'.repeat(30_000)}`);
    const refused = await runCli('inspect', path, '--plan-timeout', '1000', '--max-plan-bytes', '1000000');
    expect(refused.code).toBe(2);
    expect(refused.err).toBe(
      `${path}: not read: the plan took more than 1000 ms to read, the limit: it is not read\n`,
    );
  }, 60_000);

  it('should refuse a limit that is not a positive number', async () => {
    const refused = await runCli('inspect', join(dir, 'slow.md'), '--plan-timeout', 'soon');
    expect(refused.code).toBe(2);
    expect(refused.err).toBe('--plan-timeout soon: expected a positive whole number\n');
    // A worker with a few MiB of heap dies before it can read anything: that is refused up front.
    const starved = await runCli('inspect', join(dir, 'slow.md'), '--plan-memory', '8');
    expect(starved.code).toBe(2);
    expect(starved.err).toBe('--plan-memory 8: expected at least 32\n');
  });
});
