/** `launchplan demo` (what `npm run demo` runs) plays every example plan to the end and replays each log in a second process. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { EXAMPLE_IDS } from '../support/examples.ts';

describe('launchplan demo', () => {
  it(
    'should run to the end, and a second host should replay every log with an identical checklist',
    { timeout: 120_000 },
    async () => {
      const logDir = join(mkdtempSync(join(tmpdir(), 'lp-demo-')), 'logs');
      const { code, out, err } = await runCli('demo', '--log', logDir);
      expect(code, err).toBe(0);
      expect(out).toContain(`logs in ${logDir}\n`);
      expect(out).toContain('\nsecond host: replaying every log in a fresh process…\n');
      for (const id of EXAMPLE_IDS) {
        expect(out).toMatch(
          new RegExp(`\\n  ✓ demo-${id}: \\d+ events replayed, \\w+, identical checklist\\n`),
        );
        expect(existsSync(join(logDir, `demo-${id}.jsonl`)), id).toBe(true);
      }
      expect(out).not.toContain('DIFFERENT checklist');
      expect(out).toMatch(/\ninspect a launch with: launchplan status --log \S+ --stream demo-\S+\n$/);
    },
  );
});
