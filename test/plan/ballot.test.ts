/**
 * Ballots and signature lists: how people record a decision in a plan. Their boxes are the verdict
 * or the approvals, never work to tick nor a gate's criteria; and a criteria list that happens to
 * open with "No …" is not a ballot.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBallot, isOption } from '../../src/plan/markdown/ballot.ts';
import { detectLanguage } from '../../src/plan/markdown/language.ts';
import { parseMarkdown } from '../../src/plan/markdown/parse.ts';
import { readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';
import type { List } from 'mdast';

const listOf = (markdown: string): List => parseMarkdown(markdown).children[0] as List;

describe('ballots', () => {
  it.each([
    '✅ **GO PRODUCTION** — mise en production approuvée',
    '**Approved with Conditions** - go once the listed fixes land',
    'Not Approved - back to the team',
    'NO-GO',
    'Aprobado con reservas: revisar en 48 h',
    'Yes',
    '**PROCEED:** keep the new system',
    '**ROLLBACK:** run the rollback procedure',
  ])('should read "%s" as an option of a decision', (text) => {
    expect(isOption(text)).toBe(true);
  });

  it.each([
    'No P1 incidents open',
    'Go-live checklist signed',
    'Go to the war room at 08:00',
    'Approve the change request in ServiceNow',
    'Rollback database to the snapshot',
  ])('should not read "%s" as an option', (text) => {
    expect(isOption(text)).toBe(false);
  });

  it('should take a list of people who sign as a ballot, and a list of work naming roles as work', () => {
    expect(isBallot(listOf('- [ ] **QA Lead** - Testing\n- [ ] CTO\n- [ ] Dueño de Producto\n'), 'es')).toBe(
      true,
    );
    expect(isBallot(listOf('- [ ] Notify the support lead\n- [ ] Brief the QA team\n'), 'en')).toBe(false);
  });

  it('should never take a list with one entry of work as a ballot', () => {
    fc.assert(
      fc.property(
        fc.subarray(['GO', 'NO-GO', 'Approved', 'Rejected', 'Delay'], { minLength: 1 }),
        fc.constantFrom('Restart the workers', 'Check 5xx rate below 1%', 'No open P1 bugs'),
        (options, work) => {
          const markdown = [...options, work].map((text) => `- [ ] ${text}`).join('\n');
          expect(isBallot(listOf(markdown), 'en')).toBe(false);
        },
      ),
    );
  });

  it('should make a decision section holding only a ballot the gate after the phase before it', () => {
    const plan = readPlanMarkdown(
      '# P\n## Launch readiness\n- [ ] Runbook reviewed\n- [ ] On-call staffed\n\n## PRR Decision\n- [ ] **Approved** - go\n- [ ] **Not Approved** - back to the team\n\n**Signature**: [Name]\n',
    );
    expect(plan.phases.map((phase) => phase.title)).toEqual(['Launch readiness']);
    expect(plan.gates.map((gate) => [gate.title, gate.criteria.length])).toEqual([['PRR Decision', 2]]);
  });

  it('should make "### Decision" with a box to proceed and one to roll back the gate on the work before it', () => {
    const plan = readPlanMarkdown(
      '# Cutover\n## T+24h: Review\n- [ ] Review the error budget\n- [ ] Read the user feedback\n\n### Decision\n\n- [ ] **PROCEED:** keep the new system\n- [ ] **ROLLBACK:** run the rollback procedure\n',
    );
    expect(plan.gates.map((gate) => [gate.title, gate.criteria.length])).toEqual([['Decision', 2]]);
    expect(plan.phases.flatMap((phase) => phase.steps.map((step) => step.title))).not.toContain('Decision');
  });

  it('should make a sign-off with a box for each who signs the decision when the plan names no other', () => {
    const plan = readPlanMarkdown(
      '# Acta\n## Validaciones previas\n- [ ] Pruebas terminadas\n- [ ] Documentación al día\n\n## Aprobación\n**Firmas:**\n- [ ] Jefe de Proyecto\n- [ ] QA\n- [ ] Operaciones\n',
    );
    expect(plan.phases.map((phase) => phase.title)).toEqual(['Validaciones previas']);
    expect(plan.gates.map((gate) => [gate.title, gate.criteria.length])).toEqual([['Aprobación', 2]]);
  });
});

describe('the record of a decision meeting', () => {
  it('should keep the meeting fields of a go/no-go section out of its criteria', () => {
    const plan = readPlanMarkdown(
      '# P\n## Readiness\n- [ ] Docs published\n- [ ] Support trained\n\n## Go/No-Go Review\n- Date: [Date]\n- Attendees: PM, QA, Support\n\n**Decision**: [ ] GO | [ ] NO-GO\n\n## Launch\n- [ ] Flip the flag\n',
    );
    const gate = plan.gates.find((each) => each.title === 'Go/No-Go Review');
    expect(gate?.criteria).toHaveLength(2);
    expect(plan.phases.map((phase) => phase.title)).toEqual(['Readiness', 'Launch']);
  });

  it('should read "How to use this checklist" as how to read the plan, not as work', () => {
    const plan = readPlanMarkdown(
      '# P\n## How to Use This Checklist\n1. Review each section\n2. Mark items complete\n## Launch\n- [ ] Flip the flag\n',
    );
    expect(plan.phases.map((phase) => phase.title)).toEqual(['Launch']);
    expect(plan.notes.map((note) => [note.kind, note.title])).toContainEqual([
      'legend',
      'How to Use This Checklist',
    ]);
  });
});

describe('the plan language', () => {
  it.each([
    ['es', 'Validar la copia de seguridad de la base de datos y el acceso de los usuarios al sistema.'],
    ['fr', 'Vérifier les sauvegardes de la base et le plan de retour avant la mise en production.'],
    ['pt', 'Validar o backup do banco de dados e o acesso dos usuários ao sistema em produção.'],
    ['nl', 'Controleer de back-up van het systeem en de toegang van de gebruikers voor de livegang.'],
  ] as const)('should read %s from words the other languages share ("de", "en", "la")', (language, text) => {
    expect(detectLanguage(text)).toBe(language);
  });
});

describe('a stated verdict', () => {
  it('should not make a gate of a test step about an approved quote, and still read "Status: APROVADO"', () => {
    const plan = readPlanMarkdown(
      '# Go-live\n## Categoria 3: Cadastros\n- [ ] Criar cliente\n- [ ] Criar produto\n## Categoria 4: Vendas\n- [ ] Criar orçamento\n- [ ] Converter orçamento aprovado em pedido\n- [ ] Emitir nota fiscal\n',
    );
    expect(plan.phases.map((phase) => phase.title)).toEqual([
      'Categoria 3: Cadastros',
      'Categoria 4: Vendas',
    ]);
    expect(plan.gates.map((gate) => gate.title)).not.toContain('Categoria 4: Vendas');
  });
});
