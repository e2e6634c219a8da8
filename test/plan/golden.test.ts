/**
 * Golden files: `launchplan inspect <plan> --json` of each example, reviewed by eye and
 * committed. A change in what the reader sees shows up as a diff of these files; after checking
 * it, regenerate them with `npm run golden`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { EXAMPLE_IDS, examplePath } from '../support/examples.ts';

const update = process.env.UPDATE_GOLDEN === '1';

async function inspectJson(path: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(['inspect', path, '--json'], {
    out: (text) => (out += text),
    err: () => {},
    write: () => {},
    tty: false,
  });
  return { code, out: out.endsWith('\n') ? out : `${out}\n` };
}

describe('golden inspect --json output', () => {
  for (const id of EXAMPLE_IDS) {
    it(`should match the committed golden file for ${id}`, async () => {
      const goldenPath = fileURLToPath(new URL(`../golden/${id}.plan.json`, import.meta.url));
      const { code, out } = await inspectJson(examplePath(id));
      expect(code).toBe(0);
      if (update || !existsSync(goldenPath)) writeFileSync(goldenPath, out);
      expect(out, `the reader's output for ${id} changed; review it and run npm run golden`).toBe(
        readFileSync(goldenPath, 'utf8'),
      );
    });
  }
});
