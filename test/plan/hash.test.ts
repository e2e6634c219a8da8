import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { hashPlan } from '../../src/plan/hash.ts';
import { formatLoadError, loadPlanFile } from '../../src/plan/load.ts';
import { readPlanDocument, readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';
import type { Plan } from '../../src/plan/model.ts';
import { EXAMPLE_IDS, exampleBytes, readExample } from '../support/examples.ts';

const dir = mkdtempSync(join(tmpdir(), 'launchplan-hash-'));

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function load(path: string): Promise<Plan> {
  const loaded = await loadPlanFile(path);
  if (E.isLeft(loaded)) throw new Error(formatLoadError(loaded.left));
  return loaded.right.plan;
}

describe('the plan hash', () => {
  it('should be the same for the same Markdown bytes under two file names and two ids', async () => {
    const bytes = exampleBytes('mbayar-go-live');
    const original = await load(write('mbayar-go-live.md', bytes));
    const renamed = await load(write('renamed.md', bytes));
    const overHttp = readPlanDocument(bytes, { id: 'mb' }).plan;
    expect([original.id, renamed.id, overHttp.id]).toEqual(['mbayar-go-live', 'renamed', 'mb']);
    expect(renamed.hash).toBe(original.hash);
    expect(overHttp.hash).toBe(original.hash);
  });

  it('should change when one character of an item changes', () => {
    const before = readPlanMarkdown('# P\n## Phase 1: Ship\n- [ ] deploy the API\n');
    const after = readPlanMarkdown('# P\n## Phase 1: Ship\n- [ ] deploy the APU\n');
    expect(after.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(after.hash).not.toBe(before.hash);
  });
});

describe('the hash of a JSON or YAML plan', () => {
  const { plan } = readExample('techplus-v1');

  it('should refuse an edited title under the old hash, naming the file, the field and both hashes', async () => {
    const edited = { ...plan, title: `${plan.title}!` };
    const path = write('edited-title.json', JSON.stringify(edited));
    const loaded = await loadPlanFile(path);
    expect(E.isLeft(loaded) && loaded.left._tag).toBe('InvalidPlan');
    const message = E.isLeft(loaded) ? formatLoadError(loaded.left) : '';
    expect(message).toContain(path);
    expect(message).toContain(
      `hash: states ${plan.hash} but the plan's content hashes to ${hashPlan(edited)}`,
    );
  });

  it('should refuse an edited item text under the old hash in YAML too', async () => {
    const [phase, ...phases] = plan.phases;
    const [step, ...steps] = phase!.steps;
    const [item, ...items] = step!.items;
    const edited = {
      ...plan,
      phases: [
        {
          ...phase!,
          steps: [{ ...step!, items: [{ ...item!, text: `${item!.text}.` }, ...items] }, ...steps],
        },
        ...phases,
      ],
    };
    const loaded = await loadPlanFile(write('edited-item.yaml', stringify(edited)));
    expect(
      E.isLeft(loaded) && loaded.left._tag === 'InvalidPlan'
        ? loaded.left.errors.map((error) => error.path)
        : [],
    ).toEqual(['hash']);
  });

  it('should compute the hash of a plan that states none or an empty one', async () => {
    const { hash: _hash, ...unhashed } = plan;
    expect((await load(write('no-hash.json', JSON.stringify(unhashed)))).hash).toBe(plan.hash);
    expect((await load(write('empty-hash.yaml', stringify({ ...plan, hash: '' })))).hash).toBe(plan.hash);
  });

  it('should still refuse a hash that is not a string', async () => {
    const loaded = await loadPlanFile(write('number-hash.json', JSON.stringify({ ...plan, hash: 42 })));
    expect(
      E.isLeft(loaded) && loaded.left._tag === 'InvalidPlan'
        ? loaded.left.errors.map((error) => error.path)
        : [],
    ).toEqual(['hash']);
  });

  for (const id of EXAMPLE_IDS) {
    it(`should load the golden inspect --json output of ${id} back unchanged`, async () => {
      const golden = new URL(`../golden/${id}.plan.json`, import.meta.url);
      const path = write(`${id}.json`, readFileSync(golden));
      expect(await load(path)).toEqual(readExample(id).plan);
    });
  }
});
