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
      const report = JSON.parse(run.out) as {
        transitionsTotal: number;
        transitionsCovered: number;
        paths: number;
        ms: number;
        uncovered: string[];
      };
      expect(report.transitionsTotal).toBeGreaterThan(0);
      expect(report.transitionsCovered).toBe(report.transitionsTotal);
      expect(report.uncovered).toEqual([]);
      expect(report.paths).toBeGreaterThan(0);
      expect(typeof report.ms).toBe('number');
    }
  });

  it('should say how many paths cover how many transitions in text', async () => {
    const run = await runCli('testgen', join(ROOT, 'examples/plans/mbayar-go-live.md'));
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/\d+ paths, \d+ events, cover 63\/63 transitions/);
  });

  it('should list test transitions as impossible, not uncovered, and exit 0 for a plan without test items', async () => {
    const run = await runCli(
      'testgen',
      join(ROOT, 'test/fixtures/plans/en-app-store-submission.md'),
      '--json',
    );
    expect(run.code, run.err).toBe(0);
    const report = JSON.parse(run.out) as {
      uncovered: string[];
      impossible: { id: string; reason: string }[];
    };
    expect(report.uncovered).toEqual([]);
    expect(report.impossible.map((t) => t.id).sort()).toEqual([
      'progress.paused:test.failed#0',
      'progress.paused:test.passed#0',
      'progress.ready:test.failed#0',
      'progress.ready:test.passed#0',
      'progress.running:step.retried#0',
      'progress.running:test.failed#0',
      'progress.running:test.passed#0',
    ]);
    const text = await runCli('testgen', join(ROOT, 'test/fixtures/plans/en-app-store-submission.md'));
    expect(text.out).toContain('7 impossible for this plan');
    expect(text.out).toContain('impossible: progress.running:test.passed#0 (the plan has no test items');
  });

  it('should refuse a plan it cannot read with exit 2', async () => {
    const run = await runCli('testgen', join(ROOT, 'examples/plans/no-such-plan.md'));
    expect(run.code).toBe(2);
  });

  it('should write a test file on createLaunchTestModel that follows the plan and passes when run in another process', async () => {
    // Inside test/ so that the project's vitest config includes it; removed afterwards.
    const dir = join(ROOT, 'test', 'testing', `generated-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      const out = join(dir, 'mbayar.test.ts');
      const run = await runCli(
        'testgen',
        join(ROOT, 'examples/plans/mbayar-go-live.md'),
        '--out',
        out,
        '--json',
      );
      expect(run.code, run.err).toBe(0);
      const report = JSON.parse(run.out) as { paths: number; files: string[] };
      expect(report.files).toEqual([out]);
      const source = readFileSync(out, 'utf8');
      expect(source).toContain('from "launchplan/testing"');
      expect(source).toContain(
        'loadLaunchTestModel(new URL("../../../examples/plans/mbayar-go-live.md", import.meta.url))',
      );
      expect(source).toContain('// "item.checked": ({ event }) =>');
      expect(source).toContain('// "progress.rolledBack": (state) =>');
      const child = spawnSync('npx', ['vitest', 'run', out], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, CI: '1' },
      });
      expect(child.status, `${child.stdout}\n${child.stderr}`).toBe(0);
      expect(child.stdout).toContain(`${report.paths} passed`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
