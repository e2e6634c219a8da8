import { describe, expect, it } from 'vitest';
import { flattenItems, planItems } from '../../src/plan/query.ts';
import { planStats } from '../../src/plan/stats.ts';
import { exampleBytes, readExample } from '../support/examples.ts';

describe('the Etika platform plan', () => {
  const { plan } = readExample('etika-platform');

  it('should read 7 phases with week windows and a continuous last phase', () => {
    expect(plan.title).toBe('Plan de Déploiement de la Plateforme Etika');
    expect(plan.phases).toHaveLength(7);
    expect(
      plan.phases.slice(0, 6).map((phase) => [phase.window?.from, phase.window?.to, phase.window?.unit]),
    ).toEqual([
      [1, 2, 'week'],
      [3, 4, 'week'],
      [5, 6, 'week'],
      [7, 8, 'week'],
      [9, 10, 'week'],
      [11, 12, 'week'],
    ]);
    expect(plan.phases.map((phase) => phase.kind)).toEqual([
      ...Array<string>(6).fill('sequential'),
      'continuous',
    ]);
  });

  it('should read numbered sub-sections as steps and plain bullets as items', () => {
    expect(plan.phases[0]?.steps.map((step) => step.title)).toEqual([
      "1.1 Mise en place de l'environnement cloud",
      '1.2 Configuration des pipelines CI/CD',
      '1.3 Préparation des bases de données',
    ]);
    expect(plan.phases[0]?.steps[0]?.items.map((item) => item.text)).toEqual([
      'Provisionnement des ressources cloud (AWS, GCP ou Azure)',
      'Configuration des VPC, sous-réseaux et groupes de sécurité',
      'Mise en place du cluster Kubernetes',
    ]);
    expect(planItems(plan).every(({ item }) => !item.done)).toBe(true);
  });

  it('should add a go/no-go before the production phase and say so', () => {
    expect(plan.gates).toHaveLength(1);
    expect(plan.gates[0]).toMatchObject({
      beforePhase: 'deploiement-en-production',
      origin: 'added',
      onNoGo: 'hold',
    });
    expect(plan.diagnostics.map((diagnostic) => diagnostic.code)).toContain('gate-added');
  });
});

describe('the Lootopia plan', () => {
  const { plan } = readExample('lootopia-launch');
  const steps = plan.phases.flatMap((phase) => phase.steps);

  it('should match the 8 calendar rows to their 8 steps, with owners, despite different wording', () => {
    expect(plan.schedule).toHaveLength(8);
    expect(plan.schedule.every((entry) => entry.matched !== null)).toBe(true);
    expect(new Set(plan.schedule.map((entry) => entry.matched)).size).toBe(8);
    const preparation = steps.find((step) => step.id === plan.schedule[0]?.matched);
    expect(preparation?.title).toBe("2.1 Préparation de l'Environnement de Production");
    expect(preparation?.owners).toEqual(['Équipe DevOps']);
    expect(preparation?.window).toMatchObject({ unit: 'day', from: 1, to: 5, anchor: 'start' });
    const launch = steps.find((step) => step.title.includes('Lancement Officiel'));
    expect(launch?.window).toMatchObject({ from: 31, to: 31 });
    expect(launch?.owners).toEqual(['Équipe Marketing']);
  });

  it('should read the bold-labelled bullets as items with their nested children', () => {
    const first = steps[0]?.items[1];
    expect(first?.text).toBe('Configuration des Serveurs :');
    expect(first?.children.map((child) => child.text)).toEqual([
      'Création de deux environnements : Staging (pré-production) et Production.',
      'Configuration des serveurs web (Apache ou Nginx) et des bases de données (PostgreSQL).',
    ]);
  });

  it('should read risks with impact and mitigation, and keep objectives and conclusion as notes', () => {
    expect(plan.risks.map((risk) => risk.title)).toEqual([
      'Problèmes Techniques lors du Déploiement',
      'Indisponibilité du Serveur',
      "Manque d'Utilisateurs",
    ]);
    expect(plan.risks[0]).toMatchObject({
      impact: 'Retard du lancement.',
      mitigation: 'Tests approfondis en environnement de staging.',
    });
    expect(plan.notes.map((note) => note.kind)).toEqual(['objectives', 'schedule', 'conclusion']);
    expect(plan.notes[2]?.text).toContain('Tableau de Bord des Risques');
  });
});

describe('the IFHA rating system plan', () => {
  const { plan } = readExample('ifha-rating-system');

  it('should read the monitoring thresholds as alert rules', () => {
    const rules = Object.fromEntries(
      plan.alerts.map((rule) => [rule.metric, [rule.comparison, rule.threshold, rule.unit]]),
    );
    expect(rules).toMatchObject({
      responseTime: ['<', 200, 'ms'],
      cacheHitRate: ['>', 85, '%'],
      errorRate: ['<', 0.1, '%'],
      uptime: ['>=', 99.9, '%'],
      "Taux d'erreur": ['<', 0.1, '%'],
    });
    expect(plan.alerts.find((rule) => rule.metric === 'responseTime')?.pos.line).toBe(55);
  });

  it('should keep code blocks as data on their step, never as headings or items', () => {
    const preparation = plan.phases[0]?.steps[0];
    expect(preparation?.title).toBe('1. Préparation Infrastructure');
    expect(preparation?.code[0]?.lang).toBe('bash');
    expect(preparation?.code[0]?.value).toContain('# Scripts de déploiement automatisés');
    expect(planItems(plan).some(({ item }) => item.text.startsWith('Scripts de déploiement'))).toBe(false);
  });

  it('should read ✅ in headings as done and report it, and read the go/no-go section as a gate', () => {
    expect(plan.phases[0]?.steps.slice(0, 3).every((step) => step.items.every((item) => item.done))).toBe(
      true,
    );
    expect(plan.diagnostics.find((diagnostic) => diagnostic.code === 'status-from-marks')?.line).toBe(14);
    expect(plan.gates).toEqual([
      expect.objectContaining({ title: 'Go/No-Go Production', origin: 'plan', beforePhase: null }),
    ]);
    expect(plan.gates[0]?.criteria).toHaveLength(8);
  });

  it('should read maintenance and evolution phases as continuous, and the continuity header as a note', () => {
    expect(plan.phases.filter((phase) => phase.kind === 'continuous').map((phase) => phase.id)).toEqual([
      'maintenance-continue',
      'evolution-continue',
    ]);
    expect(plan.rollback).toBeNull();
    expect(plan.notes[0]?.title).toBe('Plan de Continuité Opérationnelle');
  });
});

describe('the TechPlus V1 plan', () => {
  const { plan, tasks } = readExample('techplus-v1');

  it('should read 6 phases and 631 task-list items of which 191 are checked', () => {
    expect(plan.phases).toHaveLength(6);
    expect(tasks).toEqual({ checkboxes: 631, checked: 191 });
    const items = planItems(plan).map(({ item }) => item);
    expect(items).toHaveLength(631);
    expect(items.filter((item) => item.done)).toHaveLength(191);
  });

  it('should repair the text that was UTF-8 read as Mac Roman, and say so', () => {
    expect(plan.title).toBe('Plan de Développement TechPlus V1');
    expect(plan.phases[0]?.title).toBe('Phase 1 : Infrastructure et Setup');
    expect(plan.diagnostics[0]).toMatchObject({ code: 'encoding-repaired', line: 1 });
  });

  it('should read objectives, deliverables, durations and roles by meaning', () => {
    const phase = plan.phases[0];
    expect(phase?.objectives).toEqual([
      "Mise en place de l'environnement de développement",
      'Configuration des outils et services de base',
      'Structure des projets et architecture',
    ]);
    expect(phase?.deliverables).toHaveLength(5);
    expect(plan.phases.map((candidate) => candidate.duration?.raw)).toEqual([
      '2-3 semaines',
      '3-4 semaines',
      '4-5 semaines',
      '3-4 semaines',
      '2-3 semaines',
      '1-2 semaines',
    ]);
    expect(plan.roles).toEqual(['Backend Developer', 'Frontend Developer', 'DevOps Engineer', 'QA Engineer']);
    expect(phase?.steps[0]).toMatchObject({ title: 'Setup Initial', group: 'Tâches Backend' });
  });

  it('should keep nested task items and their checkbox positions', () => {
    const accessibility = flattenItems(
      plan.phases[0]?.steps.find((step) => step.title === 'Configuration UI/UX')?.items ?? [],
    ).find((item) => item.text === 'User testing with disabilities');
    expect(accessibility).toMatchObject({ done: false, kind: 'test', checkbox: { line: 170, column: 8 } });
    const sourceLine = exampleBytes('techplus-v1').toString('utf8').split('\n')[169] ?? '';
    expect(sourceLine.slice(6, 9)).toBe('[ ]');
  });
});

describe('the Mbayar go-live plan', () => {
  const { plan, tasks } = readExample('mbayar-go-live');

  it('should read 11 task-list items with 1 checked', () => {
    expect(tasks).toEqual({ checkboxes: 11, checked: 1 });
    expect(planStats(plan, tasks)).toMatchObject({ checkboxes: 11, checked: 1 });
  });

  it('should read the launch-day protocol as 4 timed steps', () => {
    const protocol = plan.phases.find((phase) => phase.title.startsWith('Protocole de Lancement'));
    expect(protocol?.steps.map((step) => step.window?.raw)).toEqual(['T-2h', 'T-1h', 'T-0', 'T+1h']);
    expect(protocol?.steps.map((step) => [step.window?.from, step.window?.anchor])).toEqual([
      [-2, 'launch'],
      [-1, 'launch'],
      [0, 'launch'],
      [1, 'launch'],
    ]);
  });

  it('should read a 4-step rollback with its trigger and the condition of its last step', () => {
    expect(plan.rollback?.steps.map((step) => step.title)).toEqual([
      'Communication',
      'Diagnostic',
      'Correction',
      'Rollback',
    ]);
    expect(plan.rollback?.trigger).toBe(
      'En cas de bug critique (ex: Erreur de calcul des gains, Crash serveur)',
    );
    expect(plan.rollback?.steps[3]?.condition).toBe('impossible à fixer < 1h');
    expect(plan.rollback?.steps.slice(0, 3).every((step) => step.condition === null)).toBe(true);
  });

  it('should read the week table and match the launch week to the launch phase', () => {
    expect(plan.schedule.map((entry) => entry.window?.raw)).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(plan.schedule[3]?.matched).toBe('protocole-de-lancement');
  });

  it('should give the checklist the weeks whose actions name its items, and report the week that names none', () => {
    const checklist = plan.phases[0];
    expect(checklist?.title).toBe('Checklist de Validation Technique');
    // S1 names "Tests de charge" and the security audit, S3 the infrastructure, test data and backup.
    expect(plan.schedule.map((entry) => entry.matched)).toEqual([
      checklist?.id,
      null,
      checklist?.id,
      'protocole-de-lancement',
    ]);
    expect(checklist?.window).toMatchObject({ raw: 'S1–S3', unit: 'week', from: 1, to: 3, anchor: 'start' });
    const byActions = plan.diagnostics.filter((diagnostic) => diagnostic.code === 'calendar-by-actions');
    expect(byActions.map((diagnostic) => diagnostic.line)).toEqual([9, 11]);
    expect(byActions[0]?.message).toContain('Tests de charge');
    const unmatched = plan.diagnostics.filter((diagnostic) => diagnostic.code === 'calendar-unmatched');
    expect(unmatched.map((diagnostic) => diagnostic.line)).toEqual([10]);
  });
});

describe('encoding repair on the examples', () => {
  it('should leave no Mac Roman mojibake in any example', async () => {
    const { decodePlanBytes } = await import('../../src/plan/markdown/decode.ts');
    const { EXAMPLE_IDS } = await import('../support/examples.ts');
    for (const id of EXAMPLE_IDS) {
      const { text } = decodePlanBytes(exampleBytes(id));
      expect(text, id).not.toMatch(/[√≈∆\uF8FF]|‚Ä|‚ú|üö|üì|ü§/u);
    }
  });
});
