/**
 * The timeline backbone: the go-live anchor, stages under a wrapper as phases, a timed list as
 * phases, phases due before the go-live moved ahead of it, durations in fields and brackets.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';

const titles = (markdown: string) => readPlanMarkdown(markdown).phases.map((phase) => phase.title);

describe('the timeline backbone', () => {
  it('should take the go-live anchor from a header field, with its date, time and zone', () => {
    const plan = readPlanMarkdown(
      '# Email service\n\n> Go-Live Date: Friday, December 19, 2025, 10:00 AM MSK\n\n## Prepare\n- [ ] Freeze\n## Launch Day (T-0)\n- [ ] Deploy\n',
    );
    expect(plan.goLive).toMatchObject({ date: '2025-12-19', time: '10:00', zone: 'MSK', line: 3 });
    expect(plan.phases[1]?.window?.raw).toBe('T-0');
  });

  it('should take a "target date" field as the go-live in a launch plan', () => {
    const plan = readPlanMarkdown(
      '# Checklist déploiement\n\n**Date Cible**: 15 Décembre 2025  \n**Durée Estimée**: 30 minutes\n\n## Avant\n- [ ] Sauvegarde\n',
    );
    expect(plan.goLive).toMatchObject({ date: '2025-12-15', line: 3 });
  });

  it('should count "Day 3-5" written after the go-live stage from the go-live, not from the start', () => {
    const plan = readPlanMarkdown(
      '# P\n## T-2h: Final checks\n- [ ] Freeze\n## T-0: Deploy\n- [ ] Ship\n## Phase 2: Beta tenants (Day 3-5)\n- [ ] Enable beta\n',
    );
    expect(plan.phases[2]?.window).toMatchObject({ raw: 'Day 3-5', from: 3, to: 5, anchor: 'launch' });
    const before = readPlanMarkdown('# P\n## Day 1: Build\n- [ ] a\n## Day 2: Test\n- [ ] b\n');
    expect(before.phases[1]?.window?.anchor).toBe('start');
  });

  it('should take the date and time a T-0 stage states as the go-live', () => {
    const plan = readPlanMarkdown(
      '# Go-Live\n## T-1h: 2026-03-06 09:00 CET\n- [ ] Freeze\n## T-0: 2026-03-06 10:00 CET\n- [ ] Deploy\n',
    );
    expect(plan.goLive).toMatchObject({ date: '2026-03-06', time: '10:00', zone: 'CET' });
  });

  it('should take the go-live anchor from the go-live phase when no field dates it', () => {
    expect(
      readPlanMarkdown('# P\n## Before (T-2 days)\n- [ ] a\n## Go-Live (T = 0)\n- [ ] b\n').goLive?.raw,
    ).toBe('T = 0');
    expect(readPlanMarkdown('# P\n## Week 1\n- [ ] a\n## Week 2\n- [ ] b\n').goLive).toBeUndefined();
  });

  it('should read the stages under a wrapper heading as the phases, and keep times inside one phase as steps', () => {
    expect(
      titles(
        '# P\n## Rollout Checklist\n### Day 0: Staff\n- [ ] a\n### Day 1: Pilot\n- [ ] b\n### Day 2-3: Beta\n- [ ] c\n',
      ),
    ).toEqual(['Day 0: Staff', 'Day 1: Pilot', 'Day 2-3: Beta']);
    const monitoring = readPlanMarkdown(
      '# P\n## Launch (T-0)\n- [ ] go\n## Post-Launch Monitoring\n### First Hour (10:30-11:30)\n- [ ] a\n### End of Day\n- [ ] b\n',
    );
    expect(monitoring.phases.map((phase) => [phase.title, phase.steps.length])).toEqual([
      ['Launch (T-0)', 1],
      ['Post-Launch Monitoring', 2],
    ]);
  });

  it('should read a timeline written as one list of timed entries as one phase per entry, in order', () => {
    const plan = readPlanMarkdown(
      '# Go/No-Go plan\n## Timeline\n- T-72 hours: confirm the checklist\n  - [ ] Owners confirm their items\n- T-24 hours: final verification\n  - [ ] Staging green\n- T-0: launch\n  - [ ] Flip the flag\n',
    );
    expect(plan.phases.map((phase) => [phase.title, phase.window?.from, phase.window?.unit])).toEqual([
      ['T-72 hours: confirm the checklist', -72, 'hour'],
      ['T-24 hours: final verification', -24, 'hour'],
      ['T-0: launch', 0, 'hour'],
    ]);
  });

  it('should read one-line timed entries that ask for work as stages, each named by its time', () => {
    const plan = readPlanMarkdown(
      '# Go/No-Go plan\n## Timeline\n- **T-72 hours**: Confirm checklist status; circulate the agenda.\n- **T-48 hours**: Hold the go/no-go meeting.\n- **T-0**: Launch window with on-call staff present.\n',
    );
    expect(
      plan.phases.map((phase) => [phase.title, phase.window?.from, phase.steps[0]?.items.length]),
    ).toEqual([
      ['T-72 hours', -72, 1],
      ['T-48 hours', -48, 1],
      ['T-0', 0, 1],
    ]);
  });

  it('should move a phase written after the go-live but due before it ahead of the go-live, and say so', () => {
    const plan = readPlanMarkdown(
      '# P\n## Build\n- [ ] a\n## Go-Live (T-0)\n- [ ] b\n## Hypercare (T+1 to T+7 days)\n- [ ] c\n## Final checks (T-48h)\n- [ ] d\n',
    );
    expect(plan.phases.map((phase) => phase.title)).toEqual([
      'Build',
      'Final checks (T-48h)',
      'Go-Live (T-0)',
      'Hypercare (T+1 to T+7 days)',
    ]);
    expect(plan.diagnostics.map((diagnostic) => diagnostic.code)).toContain('phase-reordered');
  });

  it("should read a duration bullet as the phase's duration, not an item, and bare spans as durations unless they start at zero", () => {
    const plan = readPlanMarkdown(
      '# P\n## Phase 1: Prepare (Week 1)\n- Snapshot the database\n- **Duration**: 4 days\n',
    );
    expect(plan.phases[0]?.duration?.raw).toBe('4 days');
    expect(plan.phases[0]?.steps.flatMap((step) => step.items.map((item) => item.text))).toEqual([
      'Snapshot the database',
    ]);
    const lengths = readPlanMarkdown(
      '# P\n## Prepare (5-10 minutes)\n- [ ] a\n## Switch (10-15 minutes)\n- [ ] b\n',
    );
    expect(lengths.phases.map((phase) => [phase.window, phase.duration?.raw])).toEqual([
      [null, '5-10 minutes'],
      [null, '10-15 minutes'],
    ]);
    const places = readPlanMarkdown('# P\n## Stop (0-15 min)\n- [ ] a\n## Migrate (15-45 min)\n- [ ] b\n');
    expect(places.phases.map((phase) => phase.window?.raw)).toEqual(['0-15 min', '15-45 min']);
  });

  it('should read "T-minus 18 working days" as an offset before the go-live', () => {
    const plan = readPlanMarkdown(
      '# Release\n## Release Timeline\n### B. (T-minus 18 working days) Submission cut-off\n1. Close the feature list\n### G. (T-minus 0 working days) Release Day\n1. Tag the release\n',
    );
    expect(plan.phases.map((phase) => [phase.window?.from, phase.window?.unit])).toEqual([
      [-18, 'day'],
      [0, 'day'],
    ]);
  });

  it('should read spans that follow on from a first one at zero as the next stretches, not lengths', () => {
    const plan = readPlanMarkdown(
      '# Rollout\n## Rollout plan (24-hour window)\n### Stage 1: Canary (0-4h)\n- [ ] Enable 5%\n### Stage 2: Ramp (4-12h)\n- [ ] Enable 50%\n### Stage 3: Everyone (12-24h)\n- [ ] Enable 100%\n### Soak (2-3h)\n- [ ] Watch\n',
    );
    expect(plan.phases.map((phase) => [phase.window?.raw ?? null, phase.duration?.raw ?? null])).toEqual([
      ['0-4h', null],
      ['4-12h', null],
      ['12-24h', null],
      [null, '2-3h'],
    ]);
  });

  it('should read numbered phases that run commands under a wrapper as the phases', () => {
    expect(
      titles(
        '# Deployment guide\n## Full process\n### Phase 0: Secrets\n- [ ] Add the token\n### Phase 1: Checks\n```bash\n# 1. Run the tests\nnpm test\n```\n### Phase 2: Deploy\n```bash\ngh workflow run deploy.yml\n```\n',
      ),
    ).toEqual(['Phase 0: Secrets', 'Phase 1: Checks', 'Phase 2: Deploy']);
  });

  it('should keep numbered steps as steps of their phase, unless a step names a stage', () => {
    expect(
      titles(
        '# Go-live\n## Runbook\n### Step 1 — add the domain\n```sh\nnetlify domains:add shop.example\n```\n### Step 2 — set the DNS\n- [ ] CNAME to the site\n',
      ),
    ).toEqual(['Runbook']);
    expect(
      titles(
        '# Rollout\n## Steps\n### Step 1: Stage 1 — Internal (1%)\n- [ ] Enable for staff\n### Step 2: Stage 2 — Canary (10%)\n- [ ] Enable for 10%\n',
      ),
    ).toEqual(['Step 1: Stage 1 — Internal (1%)', 'Step 2: Stage 2 — Canary (10%)']);
  });

  it('should read a bare "T+30" in a phase timed in minutes as minutes, and say when one falls outside', () => {
    const plan = readPlanMarkdown(
      '# Cutover\n## Phase 2: Export (T+15min to T+45min)\n- [ ] **T+30:** Verify the export\n- [ ] **T+90:** Announce the end\n',
    );
    const windows = plan.phases[0]?.steps.flatMap((step) => step.items.map((item) => item.window));
    expect(windows?.map((window) => [window?.raw, window?.unit])).toEqual([
      ['T+30', 'minute'],
      ['T+90', 'hour'],
    ]);
    expect(
      plan.diagnostics.filter((each) => each.code === 'window-outside-phase').map((each) => each.line),
    ).toEqual([4]);
  });

  it('should time a step by its first sentence, not by a day it points at or names', () => {
    const plan = readPlanMarkdown(
      '# Cutover\n## Day 1 — preflight\n1. **Record** the baseline per zone. You will compare it on Day 2–3.\n2. **Sanity-check** the plan: counts close to the Day 1 baseline.\n3. **Re-enable** signing as in Day 4 step 4.\n4. **At 10:00** lower the TTLs.\n',
    );
    expect(plan.phases[0]?.steps.map((step) => step.window?.raw ?? null)).toEqual([
      null,
      null,
      null,
      '10:00',
    ]);
  });

  it('should take the go-live from the heading that holds the stages of the cutover ("T-0: Cutover Execution")', () => {
    const plan = readPlanMarkdown(
      '# Cutover\n## T-24h: Final checks\n- [ ] Backups\n## T-0: Cutover Execution\n### Phase 1: Freeze (T+0 to T+15min)\n- [ ] Stop writes\n### Phase 2: Export (T+15min to T+40min)\n- [ ] Export the data\n',
    );
    expect(plan.goLive).toMatchObject({ raw: 'T-0', line: 4 });
    expect(plan.phases.map((phase) => phase.title)).toEqual([
      'T-24h: Final checks',
      'Phase 1: Freeze (T+0 to T+15min)',
      'Phase 2: Export (T+15min to T+40min)',
    ]);
  });

  it('should not time a step by the date it records it was done, nor by a zone name', () => {
    const plan = readPlanMarkdown(
      '# Cutover\n## The window\n1. Done 2026-09-19 08:30 UTC: DNS switched\n2. Migración de datos (cerrado 2026-09-05)\n3. Set the zone to America/Santo_Domingo\n4. Deploy on 2026-09-20\n',
    );
    expect(plan.phases[0]?.steps.map((step) => step.window?.raw ?? null)).toEqual([
      null,
      null,
      null,
      '2026-09-20',
    ]);
    // The step that records it was done is done; the others are open.
    expect(plan.phases[0]?.steps.map((step) => step.items[0]?.done)).toEqual([true, false, false, false]);
  });

  it('should date the steps of the console plan from its Calendar table (the console and /metrics rely on it)', () => {
    const plan = readPlanMarkdown(
      readFileSync(new URL('../service/fixtures/console-plan.md', import.meta.url), 'utf8'),
    );
    const windows = plan.phases.flatMap((phase) => phase.steps.map((step) => step.window?.raw ?? null));
    expect(windows.slice(0, 3)).toEqual(['J+1 - J+3', 'J+4 - J+5', 'J+6']);
  });
});
