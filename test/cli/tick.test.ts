/**
 * `tick` only reports the deadlines that have passed unless `--write` is given, and no simulated
 * time reaches a real log: an event stamped far ahead of the clock is refused with `ClockAhead`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchStarted } from '../../src/events/factories.ts';
import { createLaunch } from '../../src/launch/index.ts';
import { createFileEventStore } from '../../src/store/file/index.ts';
import { runCli } from '../support/cli.ts';
import { right } from '../support/either.ts';
import { readExample } from '../support/examples.ts';
import { launchAtTimedGate } from '../support/timedGate.ts';

const DAY = 86_400_000;
const lead = { id: 'lead', roles: ['admin'] };

/** A launch of the Etika plan (weekly windows) started `daysAgo` days ago, in a file log. */
async function launchStartedAgo(daysAgo: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-tick-'));
  const store = createFileEventStore(dir);
  const clock = () => new Date(Date.now() - daysAgo * DAY);
  const launch = right(
    await createLaunch({
      store,
      stream: 'etika',
      plan: readExample('etika-platform').plan,
      actor: lead,
      clock,
    }),
  );
  right(await launch.send(launchStarted()));
  await store.close();
  return join(dir, 'etika.jsonl');
}

describe('launchplan tick', () => {
  it('should list passed deadlines and leave the log byte for byte as it was by default', async () => {
    const log = await launchStartedAgo(0);
    const before = readFileSync(log);
    const later = new Date(Date.now() + 30 * DAY).toISOString();
    const run = await runCli('tick', '--log', log, '--now', later, '--json');
    expect(run.code, run.err).toBe(0);
    const answer = JSON.parse(run.out) as { dryRun: boolean; appended: number; due: { subject: string }[] };
    expect(answer.dryRun).toBe(true);
    expect(answer.appended).toBe(0);
    expect(answer.due.length).toBeGreaterThan(0);
    const text = await runCli('tick', '--log', log, '--now', later);
    expect(text.out).toMatch(/nothing written \(dry run/);
    expect(readFileSync(log).equals(before)).toBe(true);
  });

  it('should refuse --write with a --now a day ahead of the clock, naming ClockAhead, and write nothing', async () => {
    const log = await launchStartedAgo(0);
    const before = readFileSync(log);
    const run = await runCli(
      'tick',
      '--log',
      log,
      '--write',
      '--now',
      new Date(Date.now() + DAY).toISOString(),
    );
    expect(run.code).toBe(1);
    expect(run.err).toMatch(
      /clock ahead: the event is stamped .*, (23 h|1 d) ahead of this host's clock .*at most 5 min/,
    );
    expect(readFileSync(log).equals(before)).toBe(true);
  });

  it('should append the passed deadlines with --write at the wall clock', async () => {
    const log = await launchStartedAgo(20);
    const run = await runCli('tick', '--log', log, '--write', '--json');
    expect(run.code, run.err).toBe(0);
    const answer = JSON.parse(run.out) as { dryRun: boolean; appended: number; due: unknown[] };
    expect(answer).toMatchObject({ dryRun: false });
    expect(answer.appended).toBe(answer.due.length);
    expect(answer.appended).toBeGreaterThan(0);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines.filter((line) => line.includes('"deadline.reached"'))).toHaveLength(answer.appended);
  });

  it('should refuse --write with --dry-run as a usage error', async () => {
    const log = await launchStartedAgo(0);
    expect((await runCli('tick', '--log', log, '--write', '--dry-run')).code).toBe(2);
  });

  it('should list a gate that waited past its timeout, and append its gate.timedOut with --write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-tick-gate-'));
    const store = createFileEventStore(dir);
    // The gate was reached two hours ago; it times out after one.
    const { gate, since } = await launchAtTimedGate({
      store,
      stream: 'gated',
      timeout: '1h',
      outcome: 'escalate',
      clock: () => new Date(Date.now() - 2 * 3_600_000),
    });
    await store.close();
    const log = join(dir, 'gated.jsonl');
    const listed = await runCli('tick', '--log', log, '--json');
    expect(listed.code, listed.err).toBe(0);
    const due = new Date(Date.parse(since) + 3_600_000).toISOString();
    expect((JSON.parse(listed.out) as { timeouts: unknown[] }).timeouts).toEqual([
      { due, type: 'gate.timedOut', gateId: gate, outcome: 'escalate', since, after: '1h' },
    ]);
    expect((await runCli('tick', '--log', log)).out).toContain(`due ${due}  ${gate} timed out (escalate)`);
    const written = await runCli('tick', '--log', log, '--write');
    expect(written.out.trim()).toBe('gated: 1 deadline(s) reached or gate(s) timed out');
    expect(
      readFileSync(log, 'utf8')
        .split('\n')
        .filter((line) => line.includes('"gate.timedOut"')),
    ).toHaveLength(1);
  });
});
