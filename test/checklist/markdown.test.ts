import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderChecklistMarkdown } from '../../src/checklist/markdown.ts';
import { flattenItems, planItems } from '../../src/plan/query.ts';
import { EXAMPLE_IDS, exampleBytes, readExample } from '../support/examples.ts';
import { fcParams } from '../testing/seed.ts';

const initial = (id: (typeof EXAMPLE_IDS)[number]) => {
  const { plan } = readExample(id);
  return { plan, done: new Map(planItems(plan).map(({ item }) => [item.id, item.done])) };
};

const changedLines = (before: Buffer, after: Buffer) => {
  const a = before.toString('latin1').split('\n');
  const b = after.toString('latin1').split('\n');
  return a.flatMap((line, index) => (line === b[index] ? [] : [index + 1]));
};

describe('the Markdown checklist', () => {
  for (const id of EXAMPLE_IDS) {
    it(`should equal the source byte for byte for a fresh launch of ${id}`, () => {
      const { plan, done } = initial(id);
      const { markdown, skipped } = renderChecklistMarkdown(exampleBytes(id), plan, done);
      expect(markdown.equals(exampleBytes(id))).toBe(true);
      expect(skipped).toEqual([]);
    });
  }

  it('should change exactly one line, one byte, when one task item is checked', () => {
    const { plan, done } = initial('techplus-v1');
    const target = planItems(plan).find(({ item }) => !item.done && item.checkbox)?.item;
    if (!target) throw new Error('techplus has open task items');
    const { markdown } = renderChecklistMarkdown(
      exampleBytes('techplus-v1'),
      plan,
      new Map([...done, [target.id, true]]),
    );
    expect(changedLines(exampleBytes('techplus-v1'), markdown)).toEqual([target.checkbox?.line]);
    expect(markdown.length).toBe(exampleBytes('techplus-v1').length);
    expect(markdown.toString('utf8').split('\n')[(target.checkbox?.line ?? 0) - 1]).toContain('- [x] ');
  });

  it('should tick a plain bullet by adding a box on its own line only', () => {
    const { plan, done } = initial('etika-platform');
    const target = plan.phases[0]?.steps[0]?.items[0];
    if (!target) throw new Error('etika has items');
    const { markdown } = renderChecklistMarkdown(
      exampleBytes('etika-platform'),
      plan,
      new Map([...done, [target.id, true]]),
    );
    expect(changedLines(exampleBytes('etika-platform'), markdown)).toEqual([target.pos.line]);
    expect(markdown.toString('utf8').split('\n')[target.pos.line - 1]).toBe(
      '- [x] Provisionnement des ressources cloud (AWS, GCP ou Azure)',
    );
  });

  it('should touch exactly the lines of the items whose state changed, in any combination', () => {
    const { plan, done } = initial('mbayar-go-live');
    const boxed = planItems(plan)
      .map(({ item }) => item)
      .filter((item) => item.checkbox);
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: boxed.length, maxLength: boxed.length }), (states) => {
        const next = new Map(done);
        boxed.forEach((item, index) => next.set(item.id, states[index] ?? false));
        const { markdown } = renderChecklistMarkdown(exampleBytes('mbayar-go-live'), plan, next);
        const expected = boxed
          .filter((item, index) => (states[index] ?? false) !== item.done)
          .map((item) => item.checkbox?.line);
        expect(changedLines(exampleBytes('mbayar-go-live'), markdown)).toEqual(expected);
      }),
      fcParams(100),
    );
  });

  it('should report, not guess, when the source no longer matches the plan', () => {
    const { plan, done } = initial('mbayar-go-live');
    const target = flattenItems(plan.phases[0]?.steps[0]?.items ?? [])[1];
    if (!target?.checkbox) throw new Error('mbayar has boxes');
    const edited = Buffer.from(
      exampleBytes('mbayar-go-live')
        .toString('utf8')
        .replace('- [ ] **Dimensionnement', '- **Dimensionnement'),
    );
    const { markdown, skipped } = renderChecklistMarkdown(
      edited,
      plan,
      new Map([...done, [target.id, true]]),
    );
    expect(skipped).toEqual([
      { itemId: target.id, line: target.checkbox.line, reason: 'no [ ] box at the recorded position' },
    ]);
    expect(markdown.equals(edited)).toBe(true);
  });
});
