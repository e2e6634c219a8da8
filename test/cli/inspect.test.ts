import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/model.ts';
import { parseJsonAs } from '../support/json.ts';
import { runCli } from '../support/cli.ts';
import { examplePath } from '../support/examples.ts';

describe('launchplan inspect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'launchplan-inspect-'));

  it('should print stats as one JSON object', async () => {
    const techplus = await runCli('inspect', examplePath('techplus-v1'), '--stats', '--json');
    expect(techplus.code).toBe(0);
    expect(JSON.parse(techplus.out)).toMatchObject({ phases: 6, checkboxes: 631, checked: 191 });
    const mbayar = await runCli('inspect', examplePath('mbayar-go-live'), '--stats', '--json');
    expect(JSON.parse(mbayar.out)).toMatchObject({ checkboxes: 11, checked: 1, rollbackSteps: 4 });
  });

  it('should print the plan as JSON with phases, steps and nested items', async () => {
    const { code, out } = await runCli('inspect', examplePath('lootopia-launch'), '--json');
    expect(code).toBe(0);
    const plan = parseJsonAs<Plan>(out);
    expect(plan.phases[0]?.steps[0]?.items[1]).toMatchObject({
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest types asymmetric matchers as any, to stand in for any field
      id: expect.any(String),
      text: 'Configuration des Serveurs :',
      done: false,
    });
    expect(plan.phases[0]?.steps[0]?.items[1]?.children).toHaveLength(2);
  });

  it('should print a tree with steps, gates, rollback and diagnostics', async () => {
    const { code, out } = await runCli('inspect', examplePath('mbayar-go-live'));
    expect(code).toBe(0);
    expect(out).toContain('▸ Protocole de Lancement (Jour J) [Jour J]');
    expect(out).toContain('[x] Tests de Charge : Validé (45 req/s API, 1200 req/s Front). (test)');
    expect(out).toContain('◆ gate Go/No-Go: Protocole de Lancement (Jour J)');
    expect(out).toContain('[if impossible à fixer < 1h]');
    expect(out).toContain('▸ Checklist de Validation Technique [S1–S3]');
    expect(out).toMatch(/line 10: warning calendar-unmatched: calendar row "Formation & Beta"/);
  });

  it('should exit non-zero with a line-numbered reason, not a stack trace, when nothing usable is found', async () => {
    const junk = join(dir, 'junk.md');
    writeFileSync(junk, Buffer.from([0, 159, 146, 150, 0xff, 10, 1, 2, 3]));
    const result = await runCli('inspect', junk);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`${junk}:1: no phase, step or checklist item was found`);
    expect(result.err).not.toMatch(/\n\s+at /);
    const empty = join(dir, 'empty.md');
    writeFileSync(empty, '');
    expect((await runCli('inspect', empty, '--json')).code).toBe(1);
  });

  it('should exit 2 naming the file when it cannot be read or is not a valid plan', async () => {
    const missing = await runCli('inspect', join(dir, 'nope.md'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.md: cannot read the file');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'id: x\ntitle: [unclosed\n');
    const invalid = await runCli('inspect', bad);
    expect(invalid.code).toBe(2);
    expect(invalid.err).toContain('bad.yaml: not a valid plan');
  });
});
