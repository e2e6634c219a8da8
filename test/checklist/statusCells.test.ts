/**
 * Status written back where a plan writes it without a checkbox: a table row's status cell and
 * the ✅/☐ at the start of a line, each in the plan's own style, every other byte unchanged.
 */
import { describe, expect, it } from 'vitest';
import { renderChecklistMarkdown } from '../../src/checklist/markdown.ts';
import { readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';
import { statusText } from '../../src/plan/markdown/status.ts';
import { planItems } from '../../src/plan/query.ts';

const render = (markdown: string, set: Record<string, boolean>) => {
  const plan = readPlanMarkdown(markdown);
  const done = new Map(planItems(plan).map(({ item }) => [item.id, set[item.text] ?? item.done]));
  return renderChecklistMarkdown(Buffer.from(markdown), plan, done);
};

describe('status write-back into cells and marks', () => {
  it('should rewrite a status cell in its own style and language', () => {
    expect(statusText('🔲 Not Started', true)).toBe('✅ Done');
    expect(statusText('⬜', true)).toBe('✅');
    expect(statusText('Pendiente', true)).toBe('Hecho');
    expect(statusText('**En cours**', true)).toBe('**Fait**');
    expect(statusText('Concluído', false)).toBe('Pendente');
    expect(statusText('✅ Erledigt', false)).toBe('⬜ Offen');
  });

  it('should tick a box written as text in its own kind: `[ ]` into `[x]`, ☑ back into ☐', () => {
    expect(statusText('[ ]', true)).toBe('[x]');
    expect(statusText('☑', false)).toBe('☐');
  });

  it('should read ☑ lines as done wherever they stand, unlike a ✅ that may be decoration', () => {
    const plan = readPlanMarkdown(
      '# P\n## Live\n- ☑ Backups restored once\n- ☑ DNS switched\n- Notes kept\n',
    );
    expect(planItems(plan).map(({ item }) => [item.text, item.done])).toEqual([
      ['Backups restored once', true],
      ['DNS switched', true],
      ['Notes kept', false],
    ]);
  });

  it('should change only the status cell of the checked row', () => {
    const markdown =
      '# P\n## Batches\n| Tenant | Users | Status |\n|---|---|---|\n| Acme | 12 | ✅ Done |\n| Globex | 8 | 🔲 Not Started |\n';
    const { markdown: out, skipped } = render(markdown, { Globex: true });
    expect(skipped).toEqual([]);
    expect(out.toString('utf8')).toBe(markdown.replace('🔲 Not Started', '✅ Done'));
  });

  it('should tick a ☐ line into ☑ (a box stays a box) and leave a fresh launch byte for byte', () => {
    const markdown = '# P\n## Launch\n✅ Backup verified  \n☐ Switch DNS  \n☐ Purge cache\n';
    expect(render(markdown, {}).markdown.toString('utf8')).toBe(markdown);
    expect(render(markdown, { 'Switch DNS': true }).markdown.toString('utf8')).toBe(
      markdown.replace('☐ Switch DNS', '☑ Switch DNS'),
    );
  });

  it('should skip, not guess, when the cell no longer holds the recorded status', () => {
    const markdown = '# P\n## Tasks\n| Task | Status |\n|---|---|\n| Deploy | Pendiente |\n';
    const plan = readPlanMarkdown(markdown);
    const edited = Buffer.from(markdown.replace('Pendiente', 'Bloqueado'));
    const { skipped } = renderChecklistMarkdown(
      edited,
      plan,
      new Map(planItems(plan).map(({ item }) => [item.id, true])),
    );
    expect(skipped.map((skip) => skip.line)).toEqual([5]);
  });
});
