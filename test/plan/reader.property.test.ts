/**
 * Properties of the reader over generated input: it never throws, whatever the text; and ids
 * do not depend on positions, so editing an unrelated line keeps every other id.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPlanBytes, readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';
import { planItems } from '../../src/plan/query.ts';
import { arbitraryPlanMarkdown } from '../../src/testing/arbitraries.ts';
import { fcParams } from '../testing/seed.ts';

const itemIds = (markdown: string) =>
  new Set(planItems(readPlanMarkdown(markdown)).map(({ item }) => item.id));

describe('reader properties', () => {
  it('should never throw on arbitrary strings or bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        expect(readPlanMarkdown(text).hash).toMatch(/^[0-9a-f]{64}$/);
      }),
      fcParams(300),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        expect(Array.isArray(readPlanBytes(bytes).diagnostics)).toBe(true);
      }),
      fcParams(300),
    );
  });

  it('should never throw on Markdown built from headings, lists, tables and code blocks', () => {
    fc.assert(
      fc.property(arbitraryPlanMarkdown(), (markdown) => {
        const plan = readPlanMarkdown(markdown);
        const ids = planItems(plan).map(({ item }) => item.id);
        expect(new Set(ids).size).toBe(ids.length);
      }),
      fcParams(200),
    );
  });

  it('should keep every id when a line outside any item is added', () => {
    fc.assert(
      fc.property(arbitraryPlanMarkdown(), fc.nat(), (markdown, seed) => {
        const blocks = markdown.split('\n\n');
        const at = seed % (blocks.length + 1);
        const edited = [...blocks.slice(0, at), '<!-- reviewed -->', ...blocks.slice(at)].join('\n\n');
        expect(itemIds(edited)).toEqual(itemIds(markdown));
      }),
      fcParams(150),
    );
  });

  it('should keep the ids of all other items when one item is reworded', () => {
    fc.assert(
      fc.property(arbitraryPlanMarkdown(), fc.nat(), (markdown, seed) => {
        const lines = markdown.split('\n');
        const itemLines = lines.flatMap((line, index) => (/^\s*- \[[ x]\] /.test(line) ? [index] : []));
        if (itemLines.length === 0) return;
        const target = itemLines[seed % itemLines.length] ?? 0;
        const before = planItems(readPlanMarkdown(markdown)).map(({ item }) => item);
        const edited = lines.map((line, index) => (index === target ? `${line} reworded` : line)).join('\n');
        const after = itemIds(edited);
        // Ids that needed a "-2" suffix, or whose parent did, depend on their twins: only unique ones are promised.
        const unique = before.filter(
          (item) =>
            item.pos.line !== target + 1 &&
            !/-\d+(\/|$)/.test(item.id) &&
            !before.some((other) => other !== item && other.id === `${item.id}-2`),
        );
        for (const item of unique) expect(after).toContain(item.id);
      }),
      fcParams(150),
    );
  });
});
