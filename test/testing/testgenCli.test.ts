import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplePlanPaths, ROOT } from '../../scripts/machinesSource.ts';
import { runCli } from '../support/cli.ts';

describe('launchplan testgen', () => {
  it('should report full transition coverage for every example plan as JSON', async () => {
    for (const path of examplePlanPaths()) {
      const run = await runCli('testgen', path, '--json');
      expect(run.code, run.err).toBe(0);
      const report = JSON.parse(run.out) as { transitions_total: number; transitions_covered: number; paths: number; ms: number; uncovered: string[] };
      expect(report.transitions_total).toBeGreaterThan(0);
      expect(report.transitions_covered).toBe(report.transitions_total);
      expect(report.uncovered).toEqual([]);
      expect(report.paths).toBeGreaterThan(0);
      expect(typeof report.ms).toBe('number');
    }
  });

  it('should say how many paths cover how many transitions in text', async () => {
    const run = await runCli('testgen', join(ROOT, 'examples/plans/mbayar-go-live.md'));
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/\d+ paths, \d+ events, cover 49\/49 transitions/);
  });

  it('should refuse a plan it cannot read with exit 2', async () => {
    const run = await runCli('testgen', join(ROOT, 'examples/plans/no-such-plan.md'));
    expect(run.code).toBe(2);
  });

  it('should write a Vitest file that passes when run in another process', async () => {
    // Inside test/ so that the project's vitest config includes it; removed afterwards.
    const dir = join(ROOT, 'test', 'testing', `generated-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      const out = join(dir, 'mbayar.test.ts');
      const run = await runCli('testgen', join(ROOT, 'examples/plans/mbayar-go-live.md'), '--out', out);
      expect(run.code, run.err).toBe(0);
      const source = readFileSync(out, 'utf8');
      expect(source).toContain('from "../../../src/testing/index.ts"');
      expect(source).toContain('"item.checked": (_system, _event) => {}');
      expect(source).toContain('"progress.running": (_system, _args) => {}');
      const paths = JSON.parse(readFileSync(join(dir, 'mbayar.paths.json'), 'utf8')) as { paths: unknown[]; transitions_covered: number; transitions_total: number };
      expect(paths.transitions_covered).toBe(paths.transitions_total);
      const child = spawnSync('npx', ['vitest', 'run', out], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: '1' } });
      expect(child.status, `${child.stdout}\n${child.stderr}`).toBe(0);
      expect(child.stdout).toContain(`${paths.paths.length} passed`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
