/**
 * Shapes real plans take, read as a launch lead reads them: decisions written as items or lines,
 * thresholds with their side, rollback protocols with alternatives and steps in code, templates
 * in fences, plain-text outlines, and ticks written back wherever a plan can show them.
 */
import { shape } from './shapes.ts';
import { describe, expect, it } from 'vitest';
import { renderChecklistMarkdown } from '../../src/checklist/markdown.ts';
import { readPlanDocument, readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';
import { planItems } from '../../src/plan/query.ts';

/** The texts of a gate's criteria, in the plan's order. */
const criteriaTexts = (plan: ReturnType<typeof readPlanMarkdown>, gate: { criteria: string[] } | undefined) =>
  planItems(plan)
    .filter(({ item }) => gate?.criteria.includes(item.id))
    .map(({ item }) => item.text);

const planItemsOf = (phase: { steps: { items: { text: string }[] }[] }) =>
  phase.steps.flatMap((step) => step.items.map((item) => item.text));

const alerts = (markdown: string) =>
  readPlanMarkdown(markdown).alerts.map(
    (rule) => `${rule.metric} ${rule.comparison} ${rule.threshold}${rule.unit} ${rule.side}`,
  );

describe('decisions', () => {
  it('should make a decision in the middle of a phase wait on the work before it, not the work after', () => {
    const plan = readPlanMarkdown(
      '# P\n## Build\n- [ ] Code frozen\n## D-Day\n### 09:30 - Tests\n- [ ] Home page loads\n- [ ] Checkout works\n### 10:00 - Go/No-Go Decision\n```\nGO: every test passed\nNO-GO: roll back\n```\n### 10:00-18:00 - Monitoring\n- [ ] Watch the logs\n',
    );
    const gate = plan.gates.find((each) => each.title === '10:00 - Go/No-Go Decision');
    const texts = criteriaTexts(plan, gate);
    expect(texts).toEqual(['Home page loads', 'Checkout works']);
  });

  it('should make each decision line of a phase a gate after it, waiting on its items', () => {
    const plan = readPlanMarkdown(
      '# P\n## Day 0: Staff\n- [ ] Enable for staff\n- [ ] Watch errors\n\n**Gate:** widen to pilot or roll back\n\n## Day 1: Pilot\n- [ ] Enable for pilot\n',
    );
    expect(plan.gates.map((gate) => [gate.title, gate.beforePhase, gate.criteria.length])).toEqual([
      [
        'Gate: widen to pilot or roll back',
        'day-0-staff'.replace('day-0-staff', plan.phases[1]?.id ?? ''),
        2,
      ],
    ]);
  });

  it('should read a sign-off of the go-live as a decision, not any approval', () => {
    const plan = readPlanMarkdown(
      '# P\n## Freeze\n- [ ] Get Release Manager approval for any large change\n- [ ] Cut the branch\n## Ship\n- [ ] Tag\n',
    );
    expect(plan.gates.every((gate) => gate.origin === 'added')).toBe(true);
    const signed = readPlanMarkdown(
      '# P\n## Checks\n- [ ] Smoke tests\n- [ ] PM, Dev and QA sign off on the release\n## Ship\n- [ ] Tag\n',
    );
    expect(signed.gates.map((gate) => [gate.title, gate.origin, gate.criteria.length])).toEqual([
      ['PM, Dev and QA sign off on the release', 'plan', 1],
    ]);
  });

  it('should keep the NO-GO conditions and the actions after the decision out of a gate’s criteria', () => {
    const plan = readPlanMarkdown(
      '# P\n## Build\n- [ ] a\n## Go/No-Go\n- [ ] Staging green\n- [ ] Rollback rehearsed\n\n**NO-GO if:**\n\n- [ ] Open P1 bug\n\n**If GO:**\n\n- [ ] Announce the window\n## Ship\n- [ ] Deploy\n',
    );
    const gate = plan.gates[0];
    const texts = criteriaTexts(plan, gate);
    expect(texts).toEqual(['Staging green', 'Rollback rehearsed']);
  });
});

describe('criteria beside boxed work', () => {
  it('should not make tasks of bullets under "Go criteria:" or "No-go triggers:" where the work is boxes', () => {
    const plan = readPlanMarkdown(shape('criteria-beside-boxes'));
    expect(plan.phases.map((phase) => planItemsOf(phase))).toEqual([
      ['Enable for 5%', 'Watch the dashboards'],
      ['Enable for 50%', 'Error rate < 1%'],
    ]);
  });
});

describe('signs of a go/no-go', () => {
  it('should read ✅ and ❌ under "GO if:" and "NO-GO if:" as the side of a criterion, not as done', () => {
    const plan = readPlanMarkdown(
      '# Day 0\n## Command 1: roles\n- [ ] Assign the on-call\n### Go/No-Go criteria\n**GO if**:\n- ✅ Every role assigned\n- ✅ Every contact verified\n\n**NO-GO if**:\n- ❌ A role unfilled\n## Command 2: launch\n- [ ] Switch traffic\n',
    );
    const done = planItems(plan).filter(({ item }) => item.done);
    expect(done.map(({ item }) => item.text)).toEqual([]);
    expect(plan.gates[0]?.criteria.length).toBeGreaterThan(0);
  });
});

describe('what a decision decides on', () => {
  it('should take the criteria listed right above a go/no-go section of a phase as its criteria', () => {
    const plan = readPlanMarkdown(
      '# Pilot\n## Phase 1: pilot (week 1)\n### Activities\n- Run with one clinic\n- Collect feedback\n### Success criteria\n- Error rate < 5%\n- No crash\n### Go/No-Go decision\n**If success**: move to phase 2\n## Phase 2: widen (week 2)\n- [ ] Add ten clinics\n',
    );
    const gate = plan.gates[0];
    const texts = criteriaTexts(plan, gate);
    expect(texts).toEqual(['Error rate < 5%', 'No crash']);
  });

  it('should not make a decision of what a communication plan sends', () => {
    const plan = readPlanMarkdown(
      '# Pilot\n## Build\n- [ ] Ship it\n## Launch\n- [ ] Open the doors\n## Communication\n### Board\n- Weekly report\n- Go/No-Go decisions\n',
    );
    expect(plan.gates.map((gate) => gate.origin)).toEqual(['added']);
  });
});

describe('decisions written at a time', () => {
  it('should read an item timed by an offset ("T+4h: HOLD POINT - Go/No-Go") as a decision on the work before it', () => {
    const plan = readPlanMarkdown(
      '# Canary\n## Stage 1 (0-4h)\n- [ ] Enable for 5%\n- [ ] Watch the error rate\n- [ ] T+4h: **HOLD POINT** - Go/No-Go decision\n## Stage 2 (4-12h)\n- [ ] Enable for 50%\n',
    );
    const gate = plan.gates.find((each) => each.title.includes('HOLD POINT'));
    expect(gate?.origin).toBe('plan');
    expect(gate?.criteria).toHaveLength(2);
  });

  it('should not make a decision of an item that names a go/no-go in brackets', () => {
    const plan = readPlanMarkdown(
      '# Cutover\n## Before\n- [ ] Backups checked\n- [ ] Communication ready (GO/NO-GO email, incident report)\n## Cutover\n- [ ] Switch\n',
    );
    expect(plan.gates.map((gate) => gate.origin)).toEqual(['added']);
  });
});

describe('sign-offs that state their verdict', () => {
  it('should make a sign-off section that states the verdict the plan’s decision, reported not applied', () => {
    const plan = readPlanMarkdown(
      '# Payroll go-live\n## Preparation\n- [ ] Freeze the ledger\n## Approval\n**Status:** APPROVED by the finance board\n## Cutover\n- [ ] Migrate the invoices\n',
    );
    expect(plan.gates.map((gate) => [gate.title, gate.origin, gate.stated?.decision])).toEqual([
      ['Approval', 'plan', 'go'],
    ]);
  });

  it('should read one inside a phase as the decision there, and a sign-off with blanks as none', () => {
    const inside = readPlanMarkdown(
      '# Go-live\n## Before\n- [ ] Train the clerks\n## Go-Live\n### Aprovação\n**Status:** APROVADO pela diretoria\n### Execução\n- [ ] Migrar os dados\n',
    );
    // Opening its phase, the decision stands before it.
    expect(inside.gates.map((gate) => [gate.origin, gate.stated?.text])).toEqual([
      ['plan', 'Status: APROVADO pela diretoria'],
    ]);
    const blank = readPlanMarkdown(
      '# Go-live\n## Before\n- [ ] Train the clerks\n## Go-Live\n### Approval\n**Status:** ____\n### Run\n- [ ] Migrate the data\n',
    );
    expect(blank.gates.map((gate) => gate.origin)).toEqual(['added']);
  });
});

describe('conditions to watch', () => {
  it('should not make work of the bullets under "Alerts to watch:", and still read their limits', () => {
    const plan = readPlanMarkdown(
      '# P\n## After go-live\n**Every 2 hours:**\n- [ ] Check the logs\n\n**Alerts to watch:**\n- Error rate > 1%\n- Database connection errors\n',
    );
    expect(planItems(plan).map(({ item }) => item.text)).toEqual(['Check the logs']);
    expect(plan.alerts.map((rule) => rule.raw)).toContain('Error rate > 1%');
  });
});

describe('descriptions', () => {
  it('should keep a section that only describes as a note, and a numbered or imperative one as work', () => {
    const plan = readPlanMarkdown(shape('describing-section'));
    expect(plan.phases.map((phase) => phase.title)).toEqual([
      'Cutover',
      '3) Local runtime',
      'Verify the runtime',
    ]);
    expect(plan.notes.map((note) => note.title)).toContain('Communication Plan');
  });
});

describe('thresholds', () => {
  it('should keep each rule as written with its side, and leave people and business figures out', () => {
    expect(
      alerts(
        '# P\n## Monitoring\n| Metric | Target | Critical |\n|---|---|---|\n| Error rate | < 0.5% | > 3% |\n| NPS | > 40 | < 20 |\n- Support P1 answered < 1 h\n- p95 latency alerts if > 800 ms\n',
      ),
    ).toEqual(['Error rate < 0.5% healthy', 'Error rate > 3% alert', 'p95 latency > 800ms alert']);
  });

  it('should read a limit held for a while as an alert wherever it is written, and a pre-launch test target as none', () => {
    expect(
      alerts(
        '# P\n## Load test\n- [ ] p95 < 400 ms at 2x peak\n- [ ] Error rate > 2% for 5 min pages on-call\n',
      ),
    ).toEqual(['Error rate > 2% alert']);
  });

  it('should read the limits listed under a heading that names alerts as where they alert', () => {
    expect(
      alerts(
        '# P\n## Monitoring\n### Critical Alerts\nSet up alerts for:\n- `verified_rate < 90%` - too many unverified operations\n### Success Criteria\n- Error rate <1%\n',
      ),
    ).toEqual(['verified rate < 90% alert']);
  });

  it('should read a good side held for a while as healthy, a bad side as an alert', () => {
    expect(
      alerts(
        '# P\n## Monitoring\n- error_rate < 2% for 30 minutes\n- Roll back when error rate > 5% for 5 minutes\n',
      ),
    ).toEqual(['error rate < 2% healthy', 'error rate > 5% alert']);
    // Before the go-live, a good side held for a while is a check to make, not an alert rule.
    expect(alerts('# P\n## Cutover\n- [ ] Confirm replication lag < 5s for 24h\n')).toEqual([]);
  });

  it('should read the limits an incident section writes in code, held "for 2+ minutes"', () => {
    expect(
      alerts(
        '# P\n## Deploy\n- [ ] Switch traffic\n## Incident Response\n### Performance degradation\n```bash\n# Signs:\n- p95 response time > 600ms sustained for 2+ minutes\n- Error rate > 4% for 1+ minute\n# Actions:\n1. Scale up\n```\n',
      ),
    ).toEqual(['p95 response time > 600ms alert', 'Error rate > 4% alert']);
  });

  it('should take "raises an alert" after a limit as its side, and a `:shortcode:` status cell as no blank', () => {
    expect(
      alerts(
        '# P\n## Data stores\n| Check | What it means | Gold |\n|---|---|---|\n| Replication | Replication lag > 120s raises an alert. | :white_check_mark: |\n| Backups | Daily backups are restored weekly. | :white_check_mark: |\n',
      ),
    ).toEqual(['Replication lag > 120s alert']);
  });
});

describe('rollback', () => {
  it('should keep triggers under a label item apart from steps, alternatives as such, and steps written in code', () => {
    const plan = readPlanMarkdown(
      [
        '# P',
        '## Ship',
        '- [ ] Deploy',
        '## Rollback',
        '- Triggers:',
        '  - Error rate > 5% for 5 min',
        '  - Payments failing',
        '### Option A: feature flag',
        '1. Turn the flag off',
        '### Option B: redeploy',
        '```bash',
        '# 1. Check out the previous tag',
        'git checkout v1.2',
        '# 2. Deploy it',
        './deploy.sh',
        '```',
      ].join('\n'),
    );
    expect(plan.rollback?.triggers?.map((trigger) => trigger.text)).toEqual([
      'Error rate > 5% for 5 min',
      'Payments failing',
    ]);
    expect(plan.rollback?.steps.map((step) => [step.title, step.alternative])).toEqual([
      ['Turn the flag off', 'Option A: feature flag'],
      ['Check out the previous tag', 'Option B: redeploy'],
      ['Deploy it', 'Option B: redeploy'],
    ]);
  });
});

describe('rollback ways that say when they apply', () => {
  it('should keep "Quick rollback (within 2 hours)" and "Database rollback (if a migration ran)" as alternatives', () => {
    const plan = readPlanMarkdown(
      '# P\n## Deploy\n- [ ] Ship\n## Rollback Plan\n### Quick Rollback (Within 2 hours of deployment)\n```bash\n# 1. Swap slots\naz webapp deployment slot swap\n```\n### Database Rollback (If data migration ran)\n```bash\n# 1. Stop application\naz webapp stop\n# 2. Restore the database\n```\n',
    );
    expect(plan.rollback?.steps.map((step) => [step.title, step.alternative])).toEqual([
      ['Swap slots', 'Quick Rollback (Within 2 hours of deployment)'],
      ['Stop application', 'Database Rollback (If data migration ran)'],
      ['Restore the database', 'Database Rollback (If data migration ran)'],
    ]);
  });
});

describe('what to do when something goes wrong', () => {
  it('should read one way per symptom under "En cas de problème", and keep "Notes" as a note', () => {
    const plan = readPlanMarkdown(
      '# P\n## Déploiement\n- [ ] Déployer\n## En Cas de Problème\n### Build échoue\n1. Vérifier les logs\n### Site ne charge pas\n1. Vérifier le DNS\n## Notes\n- Tester en staging avant production\n- Documenter les changements\n',
    );
    expect(plan.rollback?.steps.map((step) => [step.title, step.alternative])).toEqual([
      ['Vérifier les logs', 'Build échoue'],
      ['Vérifier le DNS', 'Site ne charge pas'],
    ]);
    expect(plan.phases.map((phase) => phase.title)).toEqual(['Déploiement']);
  });
});

describe('rollback written as an annotated block', () => {
  it('should make each comment of a procedure given only as code a step, with the commands under it', () => {
    const plan = readPlanMarkdown(
      '# P\n## Deploy\n- [ ] Ship\n## Plan de Rollback\n```bash\n# Railway\nrailway rollback\n\n# Database (si migration cassée)\nnpx prisma migrate reset --skip-seed\n# Puis restaurer depuis backup\n```\n',
    );
    expect(plan.rollback?.steps.map((step) => step.title)).toEqual([
      'Railway',
      'Database (si migration cassée)',
      'Puis restaurer depuis backup',
    ]);
    expect(plan.rollback?.steps[0]?.text).toBe('# Railway\nrailway rollback');
  });
});

describe('fences and outlines', () => {
  it('should keep a form in a fence under a template heading as code, and read the plan after it', () => {
    const plan = readPlanMarkdown(
      '# Go-Live\n## Checkliste\n- [ ] Backups geprüft\n## Freigabevorlage\n```markdown\n# Go-Live Approval\n- [ ] Product\n- [ ] Security\n- [ ] DevOps\nGo / No-Go: ______\n```\n## T-Plan\n### T-1h\n- [ ] Freeze\n### T-0\n- [ ] Deploy\n',
    );
    expect(plan.phases.map((phase) => phase.title)).toEqual(['Checkliste', 'T-1h', 'T-0']);
  });

  it('should read a fenced plan whose boxes outnumber its blanks, and keep a template in a fence as code, reported', () => {
    const plan = readPlanMarkdown(
      '# P\n- outside\n\n```markdown\n## Cutover\n- [ ] Stop writers\n- [ ] Migrate\n```\n',
    );
    expect(plan.phases.map((phase) => phase.title)).toContain('Cutover');
    const template = readPlanDocument(
      Buffer.from(
        '# P\n## Work\n- [ ] a\n## Release notes template\n```markdown\n## Release X.Y.Z - [DATE]\n- [ ] Feature 1\n- [ ] Feature 2\n```\n',
      ),
    ).plan;
    expect(template.phases.map((phase) => phase.title)).toEqual(['Work']);
    expect(template.diagnostics.map((diagnostic) => diagnostic.code)).toContain('boxes-in-template');
  });

  it('should read a plain-text outline pasted from a word processor as headings, items and boxes, line for line', () => {
    const text = [
      'GO-LIVE RUNBOOK',
      'Campo\tValor',
      'Versión:\t1.2',
      'Fecha:\tMarzo 2026',
      '1. Preparación',
      '1.1 Infraestructura',
      '☐\tClúster operativo',
      '☐\tBackup verificado',
      '1.2 Datos',
      '☐\tScripts ensayados',
      '2. Despliegue',
      '2.1 Mantenimiento',
      '# 07:00 - Activar el modo mantenimiento',
      '☐\tModo mantenimiento activo',
    ].join('\n');
    const plan = readPlanMarkdown(text);
    expect(plan.title).toBe('GO-LIVE RUNBOOK');
    expect(plan.phases.map((phase) => [phase.title, phase.steps.length])).toEqual([
      ['1. Preparación', 2],
      ['2. Despliegue', 1],
    ]);
    expect(planItems(plan).map(({ item }) => item.text)).toContain('Clúster operativo');
  });
});

describe('write-back', () => {
  const tickAll = (markdown: string) => {
    const source = Buffer.from(markdown);
    const plan = readPlanDocument(source).plan;
    const rendered = renderChecklistMarkdown(
      source,
      plan,
      new Map(planItems(plan).map(({ item }) => [item.id, true])),
    );
    return {
      text: rendered.markdown.toString('utf8'),
      skipped: rendered.skipped,
      again: readPlanDocument(rendered.markdown).plan,
    };
  };

  it('should tick a table row without a status column, a cell of options and a heading-only step, and read them done again', () => {
    const { text, skipped, again } = tickAll(
      '# P\n## Milestones\n| Task | Owner |\n|---|---|\n| Freeze the code | Dev |\n## Checks\n| Check | Result |\n|---|---|\n| Backup | [ ] OK [ ] Pendente |\n## Migrate the data\nRun the migration script.\n',
    );
    expect(skipped).toEqual([]);
    expect(text).toContain('| ✅ Freeze the code | Dev |');
    expect(text).toContain('| Backup | [x] OK [ ] Pendente |');
    expect(text).toContain('## ✅ Migrate the data');
    expect(planItems(again).every(({ item }) => item.done)).toBe(true);
  });

  it('should name what it cannot write rather than drop it silently', () => {
    const { skipped } = tickAll('# P\n## Launch\nSome prose.\n\n> A quote to do something\n');
    expect(skipped.every((skip) => skip.reason.length > 0)).toBe(true);
  });
});
