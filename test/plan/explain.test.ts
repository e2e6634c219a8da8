/**
 * The reader explains itself and loses nothing silently: `inspect --explain` names the words
 * and columns behind each decision, `lint` warns about what was not read, and `inspect --stats`
 * counts checkboxes as CommonMark + GFM does while `items` counts the work.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/plans/${name}`, import.meta.url));

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await main(args, {
    out: (text) => (out += `${text}\n`),
    err: () => {},
    write: () => {},
    tty: false,
  });
  return { code, out };
}

describe('inspect --explain, lint and stats', () => {
  it('should say which heading words and which columns decided each section and table', async () => {
    const { code, out } = await run(['inspect', fixture('en-release-task-tables.md'), '--explain']);
    expect(code).toBe(0);
    expect(out).toContain('Release Checklist → phase (it holds work)');
    expect(out).toContain('item ← “Task”, owner ← “Owner”, status ← “Status”, when ← “Due”');
    expect(out).toContain('Scope by Edition → note (other) (it holds no list, table or code)');
    const french = await run(['inspect', fixture('fr-mise-en-production.md'), '--explain']);
    expect(french.out).toContain(
      'Avancement → note (progress) (every item ends with a count or a percentage',
    );
    expect(french.out).toContain('"Mise en production" is the first go-live phase (not a Pre-/Post- one)');
    const json = JSON.parse(
      (await run(['inspect', fixture('de-freigabe.md'), '--explain', '--json'])).out,
    ) as { line: number; as: string; why: string }[];
    expect(json).toContainEqual({
      line: 8,
      subject: 'Phase 2: Go-Live-Freigabe',
      as: 'gate',
      why: 'heading word “freigabe” in a numbered phase',
    });
  });

  it('should make lint warn about table rows that became neither work nor notes, with their lines', async () => {
    const { out } = await run(['lint', fixture('es-indice-recursos.md')]);
    expect(out).toMatch(
      /es-indice-recursos\.md:19: warning unread-rows: 2 table row\(s\) not read as items, steps, thresholds or notes: line\(s\) 19, 20/,
    );
  });

  it('should count checkboxes as the parser does while items count the work', async () => {
    const stats = async (name: string) =>
      JSON.parse((await run(['inspect', fixture(name), '--stats', '--json'])).out) as Record<string, number>;
    // The fenced runbook's boxes are code to CommonMark: 0 checkboxes, 8 items.
    expect(await stats('en-db-migration-runbook.md')).toMatchObject({ checkboxes: 0, checked: 0, items: 8 });
    // ✅/☐ lines are not task-list items: 0 checkboxes, 10 items.
    expect(await stats('en-checkmark-lines.md')).toMatchObject({ checkboxes: 0, items: 10 });
    // Table rows are not task-list items either: a plan whose only tasks are table rows has none.
    expect(await stats('en-release-task-tables.md')).toMatchObject({ checkboxes: 0, checked: 0, items: 8 });
    expect(await stats('es-lotes-tenants.md')).toMatchObject({ checkboxes: 2, items: 6 });
  });
});
