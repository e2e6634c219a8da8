/**
 * Every test run gets its own temporary folder (TMPDIR, which `os.tmpdir()` and child processes
 * read), removed when the run ends, so the logs and plans tests write do not pile up in /tmp.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'launchplan-tests-'));
  process.env['TMPDIR'] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
