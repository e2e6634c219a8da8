/**
 * Every test run gets its own temporary folder (TMPDIR, which `os.tmpdir()` and child processes
 * read), removed when the run ends. Each tier's global setup asks for it; the first makes it and
 * the others reuse it (made inside one another, the paths grew past what a Unix socket allows:
 * Chromium refused to start). The tiers that spawn the built command also build it first
 * (`globalSetup.ts`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Names the run's folder once a setup has made it. */
const RUN_DIR = 'LAUNCHPLAN_TEST_RUN_DIR';

export default function setup(): () => void {
  if (process.env[RUN_DIR] !== undefined) return () => undefined;
  const dir = mkdtempSync(join(tmpdir(), 'launchplan-tests-'));
  process.env[RUN_DIR] = dir;
  process.env['TMPDIR'] = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env[RUN_DIR];
  };
}
