/**
 * Plans that are themselves a rollback runbook: the whole document is the rollback protocol, and
 * its procedure is the work a person ticks while rolling back: never "no phase", never "the plan
 * has no rollback protocol".
 */
import { describe, expect, it } from 'vitest';
import { readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';
import { planItems } from '../../src/plan/query.ts';

describe('a rollback runbook', () => {
  it('should read a runbook of numbered steps as the rollback and as one phase to tick', () => {
    const plan = readPlanMarkdown(
      '## Rollback Runbook\n\n1. Entscheidung & Kommunikation\n   - Stakeholder informieren\n2. Technische Schritte\n   - App stoppen\n   - Vorherige Version reaktivieren\n3. Verification\n',
    );
    expect(plan.rollback?.steps.map((step) => step.title)).toEqual([
      'Entscheidung & Kommunikation',
      'Technische Schritte',
      'Verification',
    ]);
    expect(plan.phases.map((phase) => [phase.title, phase.steps.length])).toEqual([['Rollback Runbook', 1]]);
    expect(planItems(plan).map(({ item }) => item.text)).toEqual([
      'Entscheidung & Kommunikation',
      'Stakeholder informieren',
      'Technische Schritte',
      'App stoppen',
      'Vorherige Version reaktivieren',
      'Verification',
    ]);
    expect(plan.diagnostics.map((each) => each.code)).not.toContain('no-phases');
  });

  it('should take the procedure read as work for the protocol when only the triggers named a rollback', () => {
    const plan = readPlanMarkdown(
      '# Rollback – Dresbach Hosting\n\n## Quando Executar Rollback\n- Erro crítico em produção\n- Falha de autenticação\n\n## Procedimento\n1. Identificar versão estável\n2. Restaurar build anterior\n3. Validar fluxos críticos\n',
    );
    expect(plan.rollback?.triggers?.map((trigger) => trigger.text)).toEqual([
      'Erro crítico em produção',
      'Falha de autenticação',
    ]);
    expect(plan.rollback?.steps.map((step) => step.title)).toEqual([
      'Identificar versão estável',
      'Restaurar build anterior',
      'Validar fluxos críticos',
    ]);
    expect(plan.phases.map((phase) => phase.title)).toEqual(['Procedimento']);
  });
});
