import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../src/compile/config.ts';
import { lintPlan } from '../../src/compile/lint.ts';
import { main } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';
import { loadExamples } from './drive.ts';

const examples = await loadExamples();

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    tty: false,
    out: (text) => stdout.push(text),
    err: (text) => stderr.push(text),
    write: (bytes) => stdout.push(Buffer.from(bytes).toString('utf8')),
  };
}

describe('lint', () => {
  it('should find no error in the example plans and report the missing rollback protocols', () => {
    for (const example of examples) {
      const findings = lintPlan(example.plan, example.config);
      expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
      expect(findings.some((finding) => finding.code === 'no-rollback-protocol')).toBe(
        example.plan.rollback === null,
      );
    }
  });

  it('should report steps without owner when the plan names roles, with their lines', () => {
    const techplus = examples.find((example) => example.name === 'techplus-v1')!;
    const owners = lintPlan(techplus.plan).filter((finding) => finding.code === 'step-without-owner');
    expect(owners.length).toBe(techplus.plan.phases.flatMap((phase) => phase.steps).length);
    expect(owners.every((finding) => finding.line > 0)).toBe(true);
  });

  it('should report unreachable and dead-end states as errors', () => {
    const plan = examples[3]!.plan;
    const { config } = compilePlan(plan);
    config.states!['progress']!.states!['limbo'] = { meta: { kind: 'end', line: 7 } };
    const findings = lintPlan(plan, config);
    expect(
      findings
        .filter((finding) => finding.severity === 'error')
        .map((finding) => [finding.code, finding.state, finding.line]),
    ).toEqual([
      ['dead-end-state', 'progress.limbo', 7],
      ['unreachable-state', 'progress.limbo', 7],
    ]);
  });

  it('should report a gate without criteria and a phase without items', () => {
    const plan = readPlanMarkdown(
      '# Launch\n\n## Phase 1: Build\n\n- [ ] code\n\n## Phase 2: Ship\n\n- [ ] deploy\n',
      { id: 'tiny' },
    );
    const edited = {
      ...plan,
      gates: plan.gates.map((gate) => ({ ...gate, criteria: [] })),
      phases: [
        ...plan.phases,
        { ...plan.phases[0]!, id: 'empty', title: 'Empty', steps: [], deliverables: [] },
      ],
    };
    const codes = lintPlan(edited).map((finding) => finding.code);
    expect(codes).toContain('gate-without-criteria');
    expect(codes).toContain('phase-without-items');
  });
});

describe('launchplan compile and lint', () => {
  it('should write the three files that npm run machines writes', async () => {
    const out = mkdtempSync(join(tmpdir(), 'launchplan-compile-'));
    const io = captureIo();
    expect(await main(['compile', 'examples/plans/mbayar-go-live.md', '--out', out], io)).toBe(0);
    expect(
      io.stdout
        .join('\n')
        .split('\n')
        .map((line) => line.slice(out.length + 1)),
    ).toEqual(['mbayar-go-live.machine.ts', 'mbayar-go-live.json', 'mbayar-go-live.mmd']);
    expect(readFileSync(join(out, 'mbayar-go-live.json'), 'utf8')).toBe(
      readFileSync('machines/mbayar-go-live.json', 'utf8'),
    );
    expect(readFileSync(join(out, 'mbayar-go-live.mmd'), 'utf8')).toMatch(/^stateDiagram-v2\n/);
  });

  it('should exit 2 on an unreadable plan', async () => {
    const io = captureIo();
    expect(await main(['compile', 'no/such/plan.md'], io)).toBe(2);
    expect(io.stderr.join('')).toMatch(/cannot read/);
  });

  it('should print warnings and exit 0, and exit 1 on errors, with --json findings', async () => {
    const io = captureIo();
    expect(await main(['lint', 'examples/plans/lootopia-launch.md'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/lootopia-launch\.md:1: warning no-rollback-protocol/);
    const dir = mkdtempSync(join(tmpdir(), 'launchplan-lint-'));
    const bad = join(dir, 'bad.json');
    const plan = examples[3]!.plan;
    // Without its stated hash: the edited plan gets the hash of its own content.
    writeFileSync(bad, JSON.stringify({ ...plan, hash: undefined, phases: [], gates: [] }));
    const json = captureIo();
    expect(await main(['lint', bad, '--json'], json)).toBe(1);
    const report = JSON.parse(json.stdout.join('')) as {
      counts: { error: number };
      findings: { code: string }[];
    };
    expect(report.counts.error).toBe(1);
    expect(report.findings.map((finding) => finding.code)).toContain('no-phases');
  });
});
