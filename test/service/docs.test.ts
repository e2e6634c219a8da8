/**
 * docs/service.md stays true: every ```sh test block in it is run, in order, with bash against a
 * live service (LP, TOKEN, CI_TOKEN, AM_TOKEN set), from the repository root. A block must exit 0
 * and print each `# prints: …` line's text.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileEventStore } from '../../src/store/index.ts';
import { startService, TOKENS, type Running } from './harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const exec = promisify(execFile);

/** The ```sh test blocks of a Markdown file, with the texts they must print. */
export function testedBlocks(markdown: string): { script: string; prints: string[] }[] {
  return [...markdown.matchAll(/^```sh test\n([\s\S]*?)^```$/gm)].map((match) => {
    const script = match[1] as string;
    return { script, prints: [...script.matchAll(/^# prints: (.*)$/gm)].map((line) => line[1] as string) };
  });
}

const blocks = testedBlocks(readFileSync(join(ROOT, 'docs/service.md'), 'utf8'));
const store = createFileEventStore(mkdtempSync(join(tmpdir(), 'lp-docs-')));
let run: Running;

beforeAll(async () => {
  run = await startService(store);
});
afterAll(async () => {
  await run.close();
  await store.close();
});

describe('docs/service.md curl examples', () => {
  it('should have tested blocks', () => expect(blocks.length).toBeGreaterThanOrEqual(5));

  blocks.forEach((block, index) => {
    it(`should run block ${index + 1} (${block.script.split('\n')[0]?.slice(0, 60)})`, async () => {
      const env = {
        ...process.env,
        LP: run.url,
        TOKEN: TOKENS.admin,
        CI_TOKEN: TOKENS.ci,
        AM_TOKEN: TOKENS.alerts,
      };
      const { stdout } = await exec('bash', ['-euo', 'pipefail', '-c', block.script], {
        cwd: ROOT,
        env,
        timeout: 30_000,
      });
      for (const text of block.prints) expect(stdout).toContain(text);
    });
  });
});
