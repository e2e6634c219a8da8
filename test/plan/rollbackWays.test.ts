/**
 * Ways to roll back as people write them: a quick and a full procedure side by side, and one
 * sub-section per scenario ("If the system goes down") whose heading is the trigger.
 */
import { describe, expect, it } from 'vitest';
import { readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';
import { planItems } from '../../src/plan/query.ts';

const rollbackOf = (markdown: string) => readPlanMarkdown(markdown).rollback;

describe('ways to roll back', () => {
  it('should keep a quick and a full rollback as two alternatives, and one alone as the procedure', () => {
    const both = rollbackOf(
      '# P\n## Deploy\n- [ ] Ship\n## Rollback\n### Quick rollback (< 5 min)\n```bash\n# Point traffic back\nkubectl rollout undo deployment/api\n```\n### Full rollback (< 30 min)\n1. Restore the database\n2. Redeploy the previous tag\n',
    );
    expect(both?.steps.map((step) => [step.title, step.alternative])).toEqual([
      ['Quick rollback (< 5 min)', 'Quick rollback (< 5 min)'],
      ['Restore the database', 'Full rollback (< 30 min)'],
      ['Redeploy the previous tag', 'Full rollback (< 30 min)'],
    ]);
    const alone = rollbackOf(
      '# P\n## Deploy\n- [ ] Ship\n## Rollback\n### Immediate rollback\n1. Run the rollback job\n2. Tell the team\n',
    );
    expect(alone?.steps.map((step) => step.alternative ?? null)).toEqual([null, null]);
  });

  it('should read one way per scenario heading, the heading its trigger, and "If rollback is needed" as the procedure', () => {
    const plan = rollbackOf(
      '# P\n## Launch\n- [ ] Ship\n## Rollback Plan\n### If a major bug is found\n1. Announce the issue\n2. Revert the release\n### Wenn das System ausfällt\n1. Restore the backup\n',
    );
    expect(plan?.triggers?.map((trigger) => trigger.text)).toEqual([
      'If a major bug is found',
      'Wenn das System ausfällt',
    ]);
    expect(plan?.steps.map((step) => [step.title, step.alternative])).toEqual([
      ['Announce the issue', 'If a major bug is found'],
      ['Revert the release', 'If a major bug is found'],
      ['Restore the backup', 'Wenn das System ausfällt'],
    ]);
    const generic = rollbackOf(
      '# P\n## Launch\n- [ ] Ship\n## Rollback\n### If rollback is needed\n1. Revert the release\n### Se der problema\n1. Avisar o time\n',
    );
    expect(generic?.triggers ?? []).toEqual([]);
    expect(generic?.steps.map((step) => step.alternative ?? null)).toEqual([null, null]);
  });
});

describe('rollback written where people keep it', () => {
  it('should read rollback criteria kept under the links at the end, and a command over several lines as one', () => {
    const plan = rollbackOf(
      '# P\n## Deploy\n- [ ] Ship\n### Rollback Plan\n```bash\n# List the stack versions\naws cloudformation list-stack-sets \\\n  --region eu-west-1\n\n# Roll back to the previous version\naws cloudformation cancel-update-stack \\\n  --stack-name api \\\n  --region eu-west-1\n```\n## Links\n- [Console](https://console.example)\n### Rollback criteria\n- Lambda errors > 1%\n- Timeout > 10 s\n',
    );
    expect(plan?.steps.map((step) => step.title)).toEqual([
      'List the stack versions',
      'Roll back to the previous version',
    ]);
    expect(plan?.triggers?.map((trigger) => trigger.rule?.metric)).toEqual(['Lambda errors', 'Timeout']);
  });

  it('should read a list labelled "Trigger rollback if:" under escalation criteria as the rollback triggers', () => {
    const plan = rollbackOf(
      '# Cutover\n## T+0 to T+2h: Watch\n- [ ] Watch the dashboards\n### Escalation Criteria\n\n**Trigger rollback if:**\n\n- Error rate > 5% of requests\n- Authentication completely broken\n',
    );
    expect(plan?.triggers?.map((trigger) => [trigger.text, trigger.rule?.metric ?? null])).toEqual([
      ['Error rate > 5% of requests', 'Error rate'],
      ['Authentication completely broken', null],
    ]);
  });

  it('should read "Rollback (any time): …" told in a cutover day as the rollback, and not a field', () => {
    const plan = readPlanMarkdown(
      '# Cutover\n## Day 4: switch\n1. **Switch** the services to the new host.\n2. **Monitor** checkout.\n\nRollback (any time): point `DATABASE_HOST` back at `db-01`; if jobs were enabled on the new host, disable them there too.\n\nSize the rollback window: around the pool recycle time.\n',
    );
    expect(plan.rollback?.steps.map((step) => step.title)).toEqual(['Rollback (any time)']);
    expect(plan.phases[0]?.steps.map((step) => step.title)).toEqual([
      'Switch the services to the new host.',
      'Monitor checkout.',
    ]);
  });

  it('should name a step by what it does after "Within 5min:", and keep who decides out of the steps and the gates', () => {
    const plan = readPlanMarkdown(
      '# Cutover\n## Switch\n- [ ] Point DNS at the new hosts\n### Rollback Decision Authority\n- **Minor issues:** fix in place\n- **Critical issues:** back out at once\n## Rollback Procedure\n1. **Immediately:** Point DNS back at the old hosts\n2. **Within 5min:** Stop the new containers\n### Data Considerations\n- **New data:** lost if we go back\n',
    );
    expect(plan.rollback?.steps.map((step) => step.title)).toEqual([
      'Point DNS back at the old hosts',
      'Stop the new containers',
    ]);
    expect(plan.gates.map((gate) => gate.title)).not.toContain('Rollback Decision Authority');
  });

  it('should keep a step\'s condition, not "(if needed)" nor a Spanish pronoun', () => {
    const plan = rollbackOf(
      '# P\n## Deploy\n- [ ] Ship\n## Rollback\n1. Communication (if needed)\n2. Restaurar el acceso: el acceso se otorga por trial_ends_at\n3. Restore the database if the migration ran\n',
    );
    expect(plan?.steps.map((step) => step.condition)).toEqual([null, null, 'the migration ran']);
  });

  it('should keep "Tests de Rollback" boxes as work of their phase, not the protocol', () => {
    const plan = readPlanMarkdown(
      '# Go-live\n## Rollback testé\n### Tests de Rollback\n- [ ] **Test rollback frontend**\n- [ ] **Test rollback backend**\n## Mise en production\n- [ ] Déployer\n',
    );
    expect(planItems(plan).map(({ item }) => item.text)).toContain('Test rollback frontend');
    expect(plan.rollback?.steps ?? []).toEqual([]);
  });

  it('should read "Rollback triggers (any of these → execute the runbook)" as triggers, whatever its bracket says', () => {
    const plan = rollbackOf(
      '# P\n## Launch\n- [ ] Ship\n## Rollback triggers (any of these → execute ROLLBACK_RUNBOOK)\n\n- Site returning 5xx for >2 minutes\n- Payment failure rate >20% over a 5-minute window\n',
    );
    expect(plan?.triggers?.length).toBe(2);
    expect(plan?.steps ?? []).toEqual([]);
  });
});
