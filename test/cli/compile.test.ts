/**
 * `compile` and `testgen` refuse a plan with nothing usable, as `inspect`, `lint` and `start` do:
 * the reader's error on stderr, exit 1, no file written.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/plan/model.ts';
import { parseJsonAs } from '../support/json.ts';
import { runCli } from '../support/cli.ts';
import { examplePath } from '../support/examples.ts';

const NO_PHASES = 'no phase, step or checklist item was found in this plan';

describe('launchplan compile and testgen on a plan with nothing usable', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-unusable-'));
  const empty = join(dir, 'empty.md');
  writeFileSync(empty, '');
  const junk = join(dir, 'junk.bin');
  writeFileSync(junk, Buffer.from([0, 159, 146, 150, 0xff, 10, 1, 2, 3]));

  it('should refuse to compile an empty file, naming its line, and write nothing', async () => {
    const out = join(dir, 'machines');
    const result = await runCli('compile', empty, '--out', out);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`${empty}:1: ${NO_PHASES}\n`);
    expect(result.out).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('should refuse to generate tests for a file that is not a plan, printing no coverage and writing nothing', async () => {
    const testFile = join(dir, 'generated', 'junk.test.ts');
    for (const args of [['--json'], ['--out', testFile]]) {
      const result = await runCli('testgen', junk, ...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.err, args.join(' ')).toBe(`${junk}:1: ${NO_PHASES}\n`);
      // Under --json the refusal is a JSON document too; without it stdout stays empty.
      if (args[0] === '--json')
        expect(JSON.parse(result.out)).toEqual({
          error: { kind: 'Refused', exitCode: 1, message: `${junk}:1: ${NO_PHASES}` },
        });
      else expect(result.out, args.join(' ')).toBe('');
    }
    expect(existsSync(join(dir, 'generated'))).toBe(false);
  });

  it('should refuse a hand-written JSON plan without phases the same way', async () => {
    const inspected = parseJsonAs<Plan>(
      (await runCli('inspect', examplePath('mbayar-go-live'), '--json')).out,
    );
    const hollow = join(dir, 'hollow.json');
    writeFileSync(
      hollow,
      JSON.stringify({ ...inspected, phases: [], gates: [], diagnostics: [], hash: undefined }),
    );
    const result = await runCli('compile', hollow, '--out', join(dir, 'hollow'));
    expect(result.err).not.toContain('not a valid plan');
    expect(result.code).toBe(1);
    expect(result.err).toBe(`${hollow}: ${NO_PHASES}\n`);
  });
});

describe('machines/README.md', () => {
  it('should not suggest regenerating a machine with launchplan compile, whose header the staleness test rejects', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../machines/README.md', import.meta.url)), 'utf8');
    expect(readme).not.toMatch(/launchplan compile \S+ --out machines/);
    expect(readme).toContain('npm run machines');
  });
});
