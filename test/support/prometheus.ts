/**
 * Prometheus's own tools for the tests: `promtool`, the Prometheus server and Alertmanager, found
 * on the PATH (Debian's `prometheus` and `prometheus-alertmanager` packages; `.ci/run` installs
 * them). A test that needs one skips with a one-line reason when it is missing, unless
 * LAUNCHPLAN_REQUIRE_SERVICES=1 (CI), where a missing tool fails it.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The path of an executable on the PATH, or null. */
function onPath(...names: string[]): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter).filter(Boolean))
    for (const name of names) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // not in this folder
      }
    }
  return null;
}

export const PROMTOOL = onPath('promtool');
export const PROMETHEUS = onPath('prometheus');
/** Debian names Alertmanager's binary `prometheus-alertmanager`; upstream, `alertmanager`. */
export const ALERTMANAGER = onPath('prometheus-alertmanager', 'alertmanager');

const required = (): boolean => process.env['LAUNCHPLAN_REQUIRE_SERVICES'] === '1';

/**
 * Whether a test needing these tools should be skipped: true (after one line on stderr saying
 * what to install) when one is missing and they are not required; false when all are there, or
 * when they are required (the test then fails on `needTools`).
 */
export function skipWithout(tools: Record<string, string | null>): boolean {
  const missing = Object.entries(tools).filter(([, path]) => path === null);
  if (missing.length === 0 || required()) return false;
  console.warn(
    `skipping: ${missing.map(([name]) => name).join(', ')} not found: apt-get install prometheus prometheus-alertmanager (required when LAUNCHPLAN_REQUIRE_SERVICES=1)`,
  );
  return true;
}

/** The path of a tool, or an error saying it is required and missing. */
export function needTool(name: string, path: string | null): string {
  if (path === null)
    throw new Error(
      `${name} is missing: apt-get install prometheus prometheus-alertmanager (LAUNCHPLAN_REQUIRE_SERVICES=1)`,
    );
  return path;
}

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a tool to its end, with `stdin` written to it. */
export function runTool(path: string, args: readonly string[], stdin = ''): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
