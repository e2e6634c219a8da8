/**
 * The package as another Node service uses it: built to JavaScript (`npm run build`, which
 * `npm install` runs through `prepare`) and imported by name from plain Node, without tsx.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const exec = promisify(execFile);

/** Imports every entry point by the package's name and uses the main one on an example plan. */
const CONSUMER = `
const main = await import('launchplan');
const entries = ['launchplan/testing', 'launchplan/service', 'launchplan/store', 'launchplan/store/postgres', 'launchplan/store/nats'];
const loaded = await Promise.all(entries.map((entry) => import(entry)));
const plan = await main.loadPlanFile('examples/plans/mbayar-go-live.md');
if (plan._tag !== 'Right') throw new Error('plan did not load');
const store = main.createMemoryEventStore();
const launch = await main.createLaunch({ store, stream: 'go', plan: plan.right.plan, source: null, actor: { id: 'lea', roles: ['admin'] } });
if (launch._tag !== 'Right') throw new Error('launch was not created');
console.log(JSON.stringify({ entries: loaded.map((module) => Object.keys(module).length), state: launch.right.checklist().state, version: launch.right.version }));
`;

describe('the built package', () => {
  it('should be importable by name from plain Node, every entry point, and run a launch', async () => {
    await exec('npm', ['run', '-s', 'build'], { cwd: ROOT, timeout: 120_000 });
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', CONSUMER], { cwd: ROOT, timeout: 60_000 });
    const result = JSON.parse(stdout) as { entries: number[]; state: string; version: number };
    expect(result.entries.every((count) => count > 0)).toBe(true);
    expect(result).toMatchObject({ state: 'ready', version: 1 });
  }, 180_000);
});
