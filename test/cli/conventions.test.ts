/**
 * The command's conventions as docs/cli.md states them: usage errors exit 2 (an unknown command or
 * option, a missing argument, a log or stream that holds no launch), errors are JSON under
 * `--json`, and `testgen --json` lists the paths it generated and the files it wrote.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { examplePath } from '../support/examples.ts';

const dir = mkdtempSync(join(tmpdir(), 'lp-conventions-'));
const log = join(dir, 'go.jsonl');

beforeAll(async () => {
  const started = await runCli('start', examplePath('mbayar-go-live'), '--log', log, '--role', 'admin');
  expect(started.code, started.err).toBe(0);
});

describe('exit codes', () => {
  it.each([
    [['nope']],
    [['status', '--nope']],
    [['send']],
    [['status', '--log']],
    [['status', '--log', join(dir, 'missing.jsonl')]],
    [['verify', '--log', dir, '--stream', 'typo']],
  ])('should exit 2 for the usage error %j', async (args) => {
    const run = await runCli(...args);
    expect(run.code, run.err).toBe(2);
    expect(run.err).not.toBe('');
  });

  it('should not call a stream that does not exist an intact empty chain', async () => {
    const run = await runCli('verify', '--log', dir, '--stream', 'typo');
    expect(run.out).toBe('');
    expect(run.err).toMatch(/^no launch in stream "typo" of .* \(its launches: go\)/);
  });
});

describe('errors under --json', () => {
  it.each([
    [['status', '--log', join(dir, 'missing.jsonl'), '--json'], 'UsageError', 2],
    [['status', '--nope', '--json'], 'UsageError', 2],
    [
      ['send', 'item.checked', '--item', 'no-such-item', '--log', log, '--role', 'admin', '--json'],
      'NotAcceptedInState',
      1,
    ],
    [['tick', '--log', log, '--write', '--now', '2999-01-01T00:00:00Z', '--json'], 'ClockAhead', 1],
  ])('should print %j as one JSON error document', async (args, kind, code) => {
    const run = await runCli(...args);
    expect(run.code).toBe(code);
    const answer = JSON.parse(run.out) as { error: { kind: string; exitCode: number; message: string } };
    expect(answer.error).toMatchObject({ kind, exitCode: code });
    expect(answer.error.message.length).toBeGreaterThan(0);
  });
});

describe('testgen --json', () => {
  it('should list the generated paths and the absolute path of the file it wrote', async () => {
    const out = join(dir, 'generated', 'go.test.ts');
    const run = await runCli('testgen', examplePath('mbayar-go-live'), '--out', out, '--json');
    expect(run.code, run.err).toBe(0);
    const answer = JSON.parse(run.out) as {
      paths: number;
      files: string[];
      testPaths: { id: string; moves: string[]; covers: string[] }[];
    };
    expect(answer.files).toEqual([out]);
    expect(answer.files.every((file) => isAbsolute(file))).toBe(true);
    expect(answer.testPaths).toHaveLength(answer.paths);
    expect(answer.testPaths.every((path) => path.moves.length > 0 && path.covers.length > 0)).toBe(true);
  });
});
