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
