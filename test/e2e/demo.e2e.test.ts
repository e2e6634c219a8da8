/** `launchplan demo` (what `npm run demo` runs) plays every example plan to the end and replays each log in a second process. */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { EXAMPLE_IDS, examplePath } from '../support/examples.ts';

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

  it(
    'should answer --json with one document of what each launch came to, the story on stderr',
    { timeout: 60_000 },
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'lp-demo-json-'));
      mkdirSync(join(root, 'plans'));
      copyFileSync(examplePath('etika-platform'), join(root, 'plans', 'etika-platform.md'));
      const run = await runCli('demo', '--plans', join(root, 'plans'), '--log', join(root, 'logs'), '--json');
      expect(run.code, run.err).toBe(0);
      expect(JSON.parse(run.out)).toEqual({
        logDir: join(root, 'logs'),
        launches: [
          {
            file: 'etika-platform.md',
            plan: 'etika-platform',
            stream: 'demo-etika-platform',
            version: expect.any(Number) as unknown,
            state: expect.any(String) as unknown,
            identical: true,
          },
        ],
      });
      expect(run.err).toContain('second host: replaying every log in a fresh process');
    },
  );
});
