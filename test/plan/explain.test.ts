/**
 * The reader explains itself and loses nothing silently: `inspect --explain` names the words
 * and columns behind each decision, `lint` warns about what was not read, and `inspect --stats`
 * counts checkboxes as CommonMark + GFM does while `items` counts the work.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { readPlanDocument } from '../../src/plan/markdown/readPlan.ts';
import { corpusPlans } from './meaningCorpus.ts';

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
  it('should say, for each section, the role chosen, the runner-up and the evidence, and which columns decided each table', async () => {
    const { code, out } = await run(['inspect', fixture('en-release-task-tables.md'), '--explain']);
    expect(code).toBe(0);
    expect(out).toMatch(/Release Checklist → phase \(work [\d.]+ over \w+ -?[\d.]+: \+taskTable/);
    expect(out).toContain('item ← “Task”, owner ← “Owner”, status ← “Status”, when ← “Due”');
    const french = await run(['inspect', fixture('fr-mise-en-production.md'), '--explain']);
    expect(french.out).toMatch(
      /Avancement → note \(progress\) \(progress [\d.]+ over .*\+counts.*\+title\.progress “avancement”/,
    );
    expect(french.out).toContain('"Mise en production" is the first go-live phase (not a Pre-/Post- one)');
    const json = JSON.parse(
      (await run(['inspect', fixture('de-freigabe.md'), '--explain', '--json'])).out,
    ) as { line: number; subject: string; as: string; why: string }[];
    const gate = json.find((decision) => decision.line === 8 && decision.as === 'gate');
    expect(gate?.subject).toBe('Phase 2: Go-Live-Freigabe');
    expect(gate?.why).toMatch(/^gate [\d.]+ over work [\d.]+: \+title\.gate “go live freigabe”, \+verdict/);
  });

  it('should make lint say when two roles were close, with the front-matter line that settles it', async () => {
    // Which sections are close calls depends on the fitted weights: find one in the corpus.
    let found: { name: string; line: number; message: string } | undefined;
    for (const name of [
      'en-s02-go-live-tables.md',
      'fr-s15-deploiement-recap-triggers.md',
      'en-canary-cohort-stages.md',
      'es-s06-checklist-completo-clinica.md',
    ]) {
      const plan = JSON.parse((await run(['inspect', fixture(name), '--json'])).out) as {
        diagnostics: { code: string; line: number; message: string }[];
      };
      const close = plan.diagnostics.find((diagnostic) => diagnostic.code === 'role-uncertain');
      if (close) {
        found = { name, ...close };
        break;
      }
    }
    expect(found, 'a close call in one of the corpus plans').toBeDefined();
    if (!found) return;
    expect(found.message).toMatch(
      /was read as \w+ \(-?[\d.]+\) but \w+ was close \(-?[\d.]+\); to settle it, add to the front matter: launchplan: \{ sections: \{ ".+": \w+ \} \}/,
    );
    const { out } = await run(['lint', fixture(found.name)]);
    expect(out).toContain(`${found.name}:${found.line}: warning role-uncertain: ${found.message}`);
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

describe('close calls settled by a rule', () => {
  it('should name, in every corpus plan, the role a close call was finally read as', () => {
    let checked = 0;
    for (const name of corpusPlans()) {
      const document = readPlanDocument(readFileSync(fixture(name)));
      for (const advice of document.plan.diagnostics.filter((each) => each.code === 'role-uncertain')) {
        const suggested = /: ([\w-]+) \} \}$/u.exec(advice.message)?.[1];
        const read = document.decisions.find((decision) => decision.line === advice.line)?.as ?? '';
        // "phase" and "step" are work; any other suggestion is a role that is not work.
        const work = /^(phase|step|group|timeline)/u.test(read);
        expect(work, `${name}: ${advice.message} (read as ${read})`).toBe(
          suggested === 'phase' || suggested === 'step',
        );
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
