/**
 * Where the gate a plan does not write stands: before the phase that names the go-live itself,
 * not before the first phase that deploys or releases something on the way.
 */
import { describe, expect, it } from 'vitest';
import { readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';

describe('the implied gate', () => {
  it('should stand before "6. Go-Live", not before "1. Datenbank & Deployment"', () => {
    const plan = readPlanMarkdown(
      '# Go-Live-Checkliste\n## 1. Datenbank & Deployment (Voraussetzung)\n- [ ] Migrationen ausführen\n## 2. Domain verbinden\n- [ ] DNS setzen\n## 6. Go-Live\n- [ ] Szenarien testen\n- [ ] Daten prüfen\n',
    );
    expect(plan.gates.map((gate) => [gate.origin, gate.beforePhase])).toEqual([
      ['added', plan.phases[2]?.id],
    ]);
  });

  it('should still stand before a deployment phase when no phase names the go-live', () => {
    const plan = readPlanMarkdown(
      '# Release\n## Preparation\n- [ ] Freeze the branch\n## Deployment\n- [ ] Deploy the build\n## Checks\n- [ ] Smoke tests\n',
    );
    expect(plan.gates.map((gate) => gate.beforePhase)).toEqual([plan.phases[1]?.id]);
  });
});

describe('a decision written at the end', () => {
  it('should keep a final approval after the deploy where it is written, and move a go/no-go before the go-live', () => {
    const approval = readPlanMarkdown(
      '# Validação\n## SEÇÃO 4: Testes\n- [ ] Fluxo completo\n## SEÇÃO 5: Deploy\n- [ ] Publicar a versão\n## SEÇÃO 6: Aprovação Final\n- [ ] Responsável técnico\n- [ ] Responsável de negócio\n\n**Status:** APROVADO\n',
    );
    expect(approval.gates.map((gate) => gate.beforePhase)).toEqual([null]);
    const decision = readPlanMarkdown(
      '# P\n## Build\n- [ ] Compile\n## Go-live\n- [ ] Switch traffic\n## Final go/no-go\n- [ ] Support ready\n',
    );
    expect(decision.gates.map((gate) => gate.beforePhase)).toEqual([decision.phases[1]?.id]);
  });

  it('should make a final approval that lists nothing of its own wait on every item of the plan', () => {
    const plan = readPlanMarkdown(
      '# Checklist\n## Backend\n- [ ] API tested\n- [ ] Migrations run\n## Frontend\n- [ ] Build green\n## Approvazione finale\n\n**Ogni requisito elencato sopra è stato verificato.**\n\nFirma: ____________\n',
    );
    expect(plan.gates.map((gate) => [gate.beforePhase, gate.criteria.length])).toEqual([[null, 3]]);
  });

  it('should not make a decision of what says it blocks nothing, nor place the gate before a post-launch phase', () => {
    const plan = readPlanMarkdown(
      '# Runbook\n## Pasos del corte (en orden)\n- [ ] Congelar escrituras\n- [ ] Migrar datos\n## Pendiente post-launch (no bloquea el corte)\n- [ ] Revisar métricas de la semana\n- [ ] Limpiar logs\n',
    );
    expect(plan.gates.map((gate) => [gate.title, gate.origin])).not.toContainEqual([
      'Pendiente post-launch (no bloquea el corte)',
      'plan',
    ]);
    expect(plan.gates.map((gate) => gate.beforePhase)).not.toContain(plan.phases[1]?.id);
  });
});
