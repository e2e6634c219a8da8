/**
 * Plans generated from the shapes real plans use, in five languages (headings, task lists,
 * ✅/☐ lines, task tables, fenced runbooks, contacts, tables of contents): the reader never
 * throws, never refuses a plan that holds work, and accounts for every checkbox: an item, a
 * note, a rollback step or trigger, or a diagnostic naming its line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';
import type { Plan } from '../../src/plan/model.ts';
import { planItems } from '../../src/plan/query.ts';
import { fcParams } from '../testing/seed.ts';

const SEED = 20261130;
const HEADINGS = [
  'Preparación del entorno',
  'Pré-production',
  'Go-Live',
  'Nach dem Go-Live',
  'Pós-Go-Live',
  'Rollback',
  'Plan de reversión',
  'Go/No-Go',
  'Contacts',
  'Sommaire',
  'Calendrier',
  'Überwachung',
  'Legenda',
  'Avancement',
  'Fase 2: Lanzamiento',
  'Semana 1',
  'Cutover (T-0)',
  'Primeras 24 Horas',
];
const TEXTS = [
  'Backup the database',
  "Taux d'erreur < 0.1%",
  'Latenz unter 300 ms',
  'Migrar los datos (Owner: DBA)',
  'Final Go/No-Go confirmation',
  '**Error rate > 5%** for 5 min',
  'Conferir saldos',
  '[Wiki](https://example.com)',
];
const text = fc.constantFrom(...TEXTS);
const STATUS = ['✅ Done', '⬜', '🔲 Not Started', 'En cours', 'Pendiente', 'Concluído', 'Erledigt', ''];

const heading = fc
  .tuple(fc.constantFrom('## ', '### '), fc.constantFrom(...HEADINGS))
  .map(([hashes, title]) => `${hashes}${title}`);
const taskList = fc
  .array(fc.tuple(fc.boolean(), fc.constantFrom('', '  '), text), { minLength: 1, maxLength: 4 })
  .map((items) =>
    items
      .map(([done, indent, words], index) => `${index === 0 ? '' : indent}- [${done ? 'x' : ' '}] ${words}`)
      .join('\n'),
  );
const markLines = fc
  .array(fc.tuple(fc.constantFrom('✅', '☐'), text), { minLength: 1, maxLength: 4 })
  .map((lines) => lines.map(([mark, words]) => `${mark} ${words}`).join('  \n'));
const table = fc
  .tuple(
    fc.constantFrom(
      '| Task | Owner | Status |',
      '| Tarea | Responsable | Estado |',
      '| Aufgabe | Wer | Status |',
      '| Servidor | IP | Puerto |',
    ),
    fc.array(fc.tuple(text, fc.constantFrom('Ops', 'QA', '____'), fc.constantFrom(...STATUS)), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([header, rows]) =>
    [header, '|---|---|---|', ...rows.map((cells) => `| ${cells.join(' | ')} |`)].join('\n'),
  );
const fence = taskList.map((list) => `\`\`\`markdown\n## Runbook\n${list}\n\`\`\``);
const prose = fc.constantFrom(
  'When to Rollback:',
  'Procédure :',
  '**Responsable** : Équipe Ops',
  '**Durée cible** : 1-2 semaines',
  'DÉCISION : GO',
);

const plan = fc
  .array(fc.oneof(heading, heading, taskList, markLines, table, fence, prose), {
    minLength: 1,
    maxLength: 12,
  })
  .map((blocks) => `# Plan\n\n${blocks.join('\n\n')}\n`);

/** Lines a plan accounts for: items, notes, rollback steps and triggers, and lines named by diagnostics. */
function accounted(read: Plan): (line: number) => boolean {
  const ranges: [number, number][] = [
    ...planItems(read).map(({ item }) => [item.pos.line, item.pos.endLine] as [number, number]),
    ...read.notes.map((note) => [note.pos.line, note.pos.endLine] as [number, number]),
    ...(read.rollback?.steps ?? []).map((step) => [step.pos.line, step.pos.endLine] as [number, number]),
    ...(read.rollback?.triggers ?? []).map(
      (trigger) => [trigger.pos.line, trigger.pos.endLine] as [number, number],
    ),
  ];
  const named = new Set(
    read.diagnostics.flatMap((diagnostic) => [
      ...(diagnostic.message
        .match(/line\(s\) ([\d, ]+)/)?.[1]
        ?.split(', ')
        .map(Number) ?? []),
      diagnostic.line,
    ]),
  );
  return (line) => named.has(line) || ranges.some(([from, to]) => line >= from && line <= to);
}

describe('the reader on generated real-world shapes', () => {
  it('should never throw, never refuse a plan with work, and account for every checkbox', () => {
    fc.assert(
      fc.property(plan, (markdown) => {
        const read = readPlanMarkdown(markdown);
        const lines = markdown.split('\n');
        // Refused (no phases) only when every line of work went to a note or to the rollback protocol.
        const elsewhere = [
          ...read.notes.map((note) => note.pos),
          ...(read.rollback ? [read.rollback.pos] : []),
        ];
        const work = lines.flatMap((line, index) =>
          /^\s*- \[[ x]\] |^[✅☐] |^\| (?!Servidor|---)/u.test(line) ? [index + 1] : [],
        );
        const outside = work.filter(
          (line) => !elsewhere.some((pos) => line >= pos.line && line <= pos.endLine),
        );
        if (outside.length > 0)
          expect(
            read.diagnostics.map((diagnostic) => diagnostic.code),
            markdown,
          ).not.toContain('no-phases');
        const isAccounted = accounted(read);
        lines.forEach((line, index) => {
          if (/^\s*- \[[ x]\] /.test(line))
            expect(isAccounted(index + 1), `line ${index + 1} of\n${markdown}`).toBe(true);
        });
      }),
      fcParams(300, SEED),
    );
  });
});
