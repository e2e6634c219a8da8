/**
 * Before the tiers that spawn the built `launchplan` command (integration, e2e): the built
 * package in dist/ is brought up to date, as users run it; then the run gets its own temporary
 * folder (`tmpdirSetup.ts`). The unit and property tiers run in-process and skip the build.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tmpdirSetup from './tmpdirSetup.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Written by `tsc -p tsconfig.build.json` at the end of every build (see tsconfig.build.json). */
const BUILD_STAMP = join(ROOT, 'dist', '.tsbuildinfo');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ unless it is newer than every file of src/ and the build configuration. */
function buildIfStale(): void {
  const stamp = (() => {
    try {
      return statSync(BUILD_STAMP).mtimeMs;
    } catch {
      return 0;
    }
  })();
  const sources = Math.max(
    newestSource(join(ROOT, 'src')),
    ...['package.json', 'tsconfig.json', 'tsconfig.build.json'].map(
      (file) => statSync(join(ROOT, file)).mtimeMs,
    ),
  );
  if (stamp > sources) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  // An incremental build that found nothing to emit leaves the stamp as it was.
  const now = new Date();
  utimesSync(BUILD_STAMP, now, now);
}

export default function setup(): () => void {
  buildIfStale();
  return tmpdirSetup();
}
