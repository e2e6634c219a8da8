/**
 * The operator controls from the command line: `launchplan start` acts as a launcher, `send`
 * pauses, skips and retries with `--step` and `--reason`, and a refusal names its rule.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { examplePath, readExample } from '../support/examples.ts';

describe('operator controls in the CLI', () => {
  const log = join(mkdtempSync(join(tmpdir(), 'lp-controls-')), 'go.jsonl');
  const lead = ['--log', log, '--actor', 'lou', '--role', 'lead'];
  const [step] = readExample('mbayar-go-live').plan.phases.flatMap((phase) => phase.steps);

  it('should start as a launcher, and pause, skip and resume as a lead with a reason', async () => {
    const started = await runCli('start', examplePath('mbayar-go-live'), '--log', log, '--actor', 'sam');
    expect(started.code, started.err).toBe(0);
    const noRole = await runCli('send', 'launch.paused', '--reason', 'incident', '--log', log);
    expect(noRole.code).toBe(1);
    expect(noRole.err).toContain('it needs one of: lead, admin');
    const noReason = await runCli('send', 'launch.paused', ...lead);
    expect(noReason.code).toBe(1);
    expect(noReason.err).toContain('reason');
    const paused = await runCli('send', 'launch.paused', '--reason', 'incident', ...lead);
    expect(paused.code, paused.err).toBe(0);
    expect(paused.out).toContain('· paused ·');
    const skipped = await runCli(
      'send',
      'step.skipped',
      '--step',
      step!.id,
      '--reason',
      'done by hand',
      ...lead,
    );
    expect(skipped.code, skipped.err).toBe(0);
    const again = await runCli('send', 'launch.paused', '--reason', 'twice', ...lead);
    expect(again.code).toBe(1);
    const resumed = await runCli('send', 'launch.resumed', '--reason', 'incident closed', ...lead);
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.out).toContain('· running ·');
    const status = await runCli('status', '--log', log, '--json');
    const checklist = JSON.parse(status.out) as { phases: { steps: { id: string; status: string }[] }[] };
    expect(checklist.phases.flatMap((phase) => phase.steps).find((s) => s.id === step!.id)?.status).toBe(
      'skipped',
    );
  });
});
