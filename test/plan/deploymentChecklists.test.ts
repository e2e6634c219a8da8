/**
 * Shapes of deployment checklists written as numbered phases (issue 19): a rollback got ready or
 * rehearsed before the launch is work, a rollback procedure whose steps are numbered headings over
 * commands keeps every step, a section that describes the deployment does not mark the go-live,
 * and a number labelled "expected" or written in a command is read for what it is.
 */
import { shape } from './shapes.ts';
import { describe, expect, it } from 'vitest';
import { readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';
import { planItems } from '../../src/plan/query.ts';

const rulesOf = (markdown: string) =>
  readPlanMarkdown(markdown).alerts.map(
    (rule) => `${rule.metric} ${rule.comparison} ${rule.threshold}${rule.unit} ${rule.side}`,
  );

const PLAN = [
  '# Deployment checklist - shop 2.4',
  '## Deployment details',
  '| Field | Value |',
  '|---|---|',
  '| Version | ____ |',
  '## PHASE 1: BEFORE THE DEPLOYMENT',
  '### 1.1 Host resources',
  '- [ ] **Resources available**',
  '  - Free RAM: ≥ 512MB',
  '  - Free disk: ≥ 1GB',
  '### 1.2 Backup and rollback preparation',
  '- [ ] Database dump taken',
  '- [ ] Rollback script copied to the host',
  '## PHASE 2: DEPLOYMENT',
  '- [ ] Pull the new image',
  '- [ ] Restart the containers',
  '## ROLLBACK PROCEDURE',
  '### 1. Stop the new containers',
  '```bash',
  'docker compose down',
  '```',
  '### 2. Scenarios',
  'Any failed health check.',
  '### 3. Start the previous image',
  '```bash',
  'docker compose up -d shop:2.3',
  '```',
  '',
].join('\n');

describe('deployment checklists with numbered phases', () => {
  it('should keep a rollback being prepared as work of its phase, its boxes tickable', () => {
    const plan = readPlanMarkdown(PLAN);
    expect(plan.phases[0]?.steps.map((step) => step.title)).toEqual([
      '1.1 Host resources',
      '1.2 Backup and rollback preparation',
    ]);
    expect(planItems(plan).map(({ item }) => item.text)).toContain('Rollback script copied to the host');
  });

  it('should read numbered headings that start with a verb as the rollback’s steps, code and all', () => {
    const steps = readPlanMarkdown(PLAN).rollback?.steps.map((step) => step.text);
    expect(steps).toEqual(['1. Stop the new containers', '3. Start the previous image']);
  });

  it('should not take a section describing the deployment for the go-live, nor its requirements for alerts', () => {
    expect(rulesOf(PLAN)).toEqual([]);
  });

  it('should name the metric before an "expected" label, and read no metric in a command', () => {
    expect(
      rulesOf(
        '# Ops\n## Deploy\n- [ ] Ship\n## After the go-live\n- [ ] Check memory\n  - Memory usage: _____ MB (expected: < 512MB)\n- [ ] Clean up: `docker image prune -a --filter until=168h`\n',
      ),
    ).toEqual(['Memory usage < 512mb healthy']);
  });

  it('should keep a command to run as a step, whatever fields to fill sit beside it', () => {
    const plan = readPlanMarkdown(shape('command-beside-fields'));
    expect(plan.phases[0]?.steps.map((step) => step.title)).toEqual(['Option 1: dry run', 'Option 2: go']);
  });

  it('should keep an incident playbook by severity as a note, not work to schedule', () => {
    const plan = readPlanMarkdown(
      '# Pilot\n## Phase 1\n- [ ] Start the pilot\n## Handling problems\n### Severity critical\n- Pause the processing\n- Roll back if it repeats\n### Severity high\n- Fix within the day\n',
    );
    expect(plan.phases.map((phase) => phase.title)).toEqual(['Phase 1']);
    expect(plan.notes.map((note) => [note.kind, note.title])).toContainEqual(['annex', 'Handling problems']);
  });

  it('should keep rules to follow during the launch as a note, and "Firewall rules" as work', () => {
    const plan = readPlanMarkdown(
      '# Day 0\n## Critical rules\n### Absolute prohibitions\n- ❌ No deploy on Friday\n- ❌ No schema change without a backup\n## Firewall rules\n- [ ] Open port 443\n## Go-live\n- [ ] Switch traffic\n',
    );
    expect(plan.phases.map((phase) => phase.title)).toEqual(['Firewall rules', 'Go-live']);
    expect(plan.notes.map((note) => [note.kind, note.title])).toContainEqual(['legend', 'Critical rules']);
  });
});
