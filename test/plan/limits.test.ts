/**
 * Shapes the reader refuses before parsing (docs/plan-format.md, "Limits"): nesting past 32
 * levels, lines of more than 1,000 emphasis marks and paragraphs continued lazily in a quote or
 * list item for more than 200 lines give a plan with one error naming the line, at once; fenced
 * code is text and never counts; real plans are far within all three.
 */
import { describe, expect, it } from 'vitest';
import { readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';
import { EXAMPLE_IDS, readExample } from '../support/examples.ts';

describe('shapes the reader refuses', () => {
  it.each([
    [
      '10,000 nested block quotes',
      '>'.repeat(10_000),
      'line 1 nests 10000 block quotes or list levels; the reader reads at most 32',
    ],
    [
      'a list nested 300 levels deep',
      Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n'),
      'line 34 nests 33 block quotes or list levels; the reader reads at most 32',
    ],
    [
      '30,000 emphasis marks on a task',
      `# Plan\n## Build\n- [ ] ${'*a'.repeat(30_000)}`,
      'line 3 holds 30000 emphasis marks (* or _); the reader reads at most 1000 on a line',
    ],
    [
      'a quote continued lazily 201 times',
      `# Plan\n${'> a\nb\n'.repeat(201)}`,
      'line 403 continues a block quote or list item without its marker or indentation, one line more than the 200 the reader reads in one paragraph',
    ],
  ])('should refuse %s with one error naming the line', (_name, text, message) => {
    const plan = readPlanMarkdown(text);
    expect(plan.phases).toEqual([]);
    expect(
      plan.diagnostics
        .filter((diagnostic) => diagnostic.severity === 'error')
        .map((diagnostic) => diagnostic.message),
    ).toEqual([message]);
  });

  it('should read deep indentation and marks inside fenced code as text', () => {
    const plan = readPlanMarkdown(
      `# Plan\n## Build\n- [ ] ship\n\n\`\`\`yaml\n${' '.repeat(200)}deep: true\n${'_'.repeat(5000)}\n\`\`\`\n`,
    );
    expect(plan.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(plan.phases.length).toBe(1);
  });

  it('should read 200 lazy lines in a paragraph, and any number when items, blank lines or headings part them', () => {
    const errors = (text: string) =>
      readPlanMarkdown(text).diagnostics.filter((diagnostic) => diagnostic.code === 'plan-too-deep');
    expect(errors(`# Plan\n${'> a\nb\n'.repeat(100)}`)).toEqual([]);
    expect(errors(`# Plan\n## Build\n${'- [ ] a\nwrapped\n'.repeat(500)}`)).toEqual([]);
    expect(errors(`# Plan\n${'> a\nb\n\n'.repeat(500)}`)).toEqual([]);
    expect(errors(`# Plan\n${'## H\n> a\nb\n'.repeat(500)}`)).toEqual([]);
    expect(errors(`# Plan\n## Build\n- [ ] a\n${'  indented continuation\n'.repeat(500)}`)).toEqual([]);
  });

  it.each(EXAMPLE_IDS)('should leave the example %s within every limit', (id) => {
    expect(readExample(id).plan.diagnostics.map((diagnostic) => diagnostic.code)).not.toContain(
      'plan-too-deep',
    );
  });
});
