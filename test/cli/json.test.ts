/**
 * Every command that does something answers `--json` with one JSON document whose keys are
 * camelCase (docs/cli.md lists the shapes), and log options that contradict each other are
 * refused before anything is written, naming the one to drop.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../support/cli.ts';
import { examplePath } from '../support/examples.ts';

const ITEM = 'checklist-de-validation-technique/infrastructure-performance/cache';
const CAMEL = /^[a-z][a-zA-Z0-9]*$/;

/** Every object key of a JSON value, at any depth, except under records keyed by ids. */
function keysOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const entry of value) keysOf(entry, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      out.push(key);
      keysOf(child, out);
    }
  }
  return out;
}

function json(run: CliRun): Record<string, unknown> {
  expect(run.code, run.err).toBe(0);
  const parsed = JSON.parse(run.out) as Record<string, unknown>;
  expect(keysOf(parsed).filter((key) => !CAMEL.test(key))).toEqual([]);
  return parsed;
}

describe('--json on every command that does something', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-json-'));
  const log = join(dir, 'go.jsonl');
  const plan = examplePath('mbayar-go-live');
  const who = ['--actor', 'ana', '--role', 'admin'];

  it('should answer start, send, status, verify, replay, tick, revise, compile, lint and testgen with camelCase JSON', async () => {
    expect(json(await runCli('start', plan, '--log', log, ...who, '--json'))).toMatchObject({
      stream: 'go',
      plan: 'mbayar-go-live',
      version: 2,
      state: 'running',
    });
    expect(
      json(await runCli('send', 'item.checked', '--item', ITEM, '--log', log, ...who, '--json')),
    ).toMatchObject({ stream: 'go', type: 'item.checked', version: 3, appended: true });
    expect(
      json(
        await runCli(
          'send',
          'item.checked',
          '--item',
          ITEM,
          '--event-id',
          'once',
          '--log',
          log,
          ...who,
          '--json',
        ),
      ),
    ).toMatchObject({ appended: true });
    expect(
      json(
        await runCli(
          'send',
          'item.checked',
          '--item',
          ITEM,
          '--event-id',
          'once',
          '--log',
          log,
          ...who,
          '--json',
        ),
      ),
    ).toMatchObject({ appended: false });
    expect(json(await runCli('status', '--log', log, '--json'))).toMatchObject({ stream: 'go', version: 4 });
    expect(json(await runCli('verify', '--log', log, '--json'))).toMatchObject({
      ok: true,
      stream: 'go',
      version: 4,
    });
    expect(json(await runCli('replay', '--log', log, '--json'))).toMatchObject({
      stream: 'go',
      version: 4,
      state: 'running',
    });
    expect(json(await runCli('replay', '--log', log, '--check-plan', plan, '--json'))).toMatchObject({
      checkPlan: { samePlan: true, compatible: true },
    });
    expect(json(await runCli('tick', '--log', log, '--now', '2020-01-01T00:00:00Z', '--json'))).toMatchObject(
      { stream: 'go', appended: 0 },
    );
    expect(json(await runCli('revise', plan, '--log', log, ...who, '--json'))).toMatchObject({
      stream: 'go',
      version: 5,
    });
    const compiled = json(await runCli('compile', plan, '--out', join(dir, 'machines'), '--json'));
    expect((compiled['files'] as string[]).map((file) => existsSync(file))).toEqual([true, true, true]);
    expect(json(await runCli('lint', plan, '--json'))).toMatchObject({ plan: 'mbayar-go-live' });
    expect(json(await runCli('testgen', plan, '--json'))).toMatchObject({
      transitionsTotal: 63,
      transitionsCovered: 63,
    });
    expect(json(await runCli('inspect', plan, '--stats', '--json'))).toMatchObject({ checkboxes: 11 });
  });
});

describe('contradicting log options', () => {
  it('should refuse a --stream that is not the stream of the --log file, and write nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-conflict-'));
    const run = await runCli(
      'start',
      examplePath('mbayar-go-live'),
      '--log',
      join(dir, 'go.jsonl'),
      '--stream',
      's1',
      '--role',
      'admin',
    );
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      `--log ${join(dir, 'go.jsonl')} is the log of stream go, not s1: drop --stream, or give --log the folder of the logs`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('should accept a --stream that names the --log file stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-conflict-'));
    const run = await runCli(
      'start',
      examplePath('mbayar-go-live'),
      '--log',
      join(dir, 'go.jsonl'),
      '--stream',
      'go',
      '--role',
      'admin',
    );
    expect(run.code, run.err).toBe(0);
  });

  it('should refuse --store together with an explicit --log', async () => {
    const run = await runCli('status', '--store', 'postgres://nobody@127.0.0.1:1/none', '--log', 'x.jsonl');
    expect(run.code).toBe(2);
    expect(run.err).toContain(
      '--store postgres://nobody@127.0.0.1:1/none and --log x.jsonl name two logs: drop one of them',
    );
  });
});

describe('inspect', () => {
  it('should show each item id in the tree, as send --item takes it', async () => {
    const run = await runCli('inspect', examplePath('mbayar-go-live'));
    expect(run.out).toMatch(new RegExp(`\\[ \\] Cache : .*  ${ITEM}\\n`));
  });
});
