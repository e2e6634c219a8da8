/**
 * Where a number is an alert rule and where it is a goal (issue 19, point 3): success metrics and
 * launch goals are judged after the fact, a table with a column of alert limits is a monitoring
 * table wherever it stands, and after the go-live a box checked once differs from a level kept.
 */
import { describe, expect, it } from 'vitest';
import { readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';

const rulesOf = (markdown: string) =>
  readPlanMarkdown(markdown).alerts.map(
    (rule) => `${rule.metric} ${rule.comparison} ${rule.threshold}${rule.unit} ${rule.side}`,
  );

const LAUNCH = '# Shop launch\n## Deploy\n- [ ] Ship the release\n## Go-live\n- [ ] Open the doors\n';

describe('success metrics and goals', () => {
  it('should read no rule from the first week’s success metrics, and still read the monitoring section', () => {
    expect(
      rulesOf(
        `${LAUNCH}## Monitoring\n- Error rate > 5% for 5 minutes: page the on-call\n## Success metrics (first week)\n- [ ] Uptime > 99.5%\n- [ ] Mean response time < 3s\n`,
      ),
    ).toEqual(['Error rate > 5% alert']);
  });

  it('should read the metrics under a launch’s objectives as goals, in French too', () => {
    expect(
      rulesOf(
        `${LAUNCH}## Objectifs de lancement\n### Métriques techniques\n- **Disponibilité** : 99.9%\n- **Erreurs** < 0.1%\n`,
      ),
    ).toEqual([]);
  });

  it('should still read a goal that says it alerts', () => {
    expect(rulesOf(`${LAUNCH}## KPIs\n- Error rate > 2% raises an alert\n`)).toEqual([
      'Error rate > 2% alert',
    ]);
  });
});

describe('tables with a column of alert limits', () => {
  it('should read every side of a Target | Critical table, even under success metrics', () => {
    expect(
      rulesOf(
        `${LAUNCH}## Success metrics\n| Metric | Target | Critical |\n|---|---|---|\n| API availability | >99.9% | <99.5% |\n| Error rate | <0.5% | >3% |\n`,
      ),
    ).toEqual([
      'API availability > 99.9% healthy',
      'API availability < 99.5% alert',
      'Error rate < 0.5% healthy',
      'Error rate > 3% alert',
    ]);
  });
});

describe('boxes after the go-live', () => {
  const after = (line: string) => rulesOf(`${LAUNCH}## First week after go-live\n- [ ] ${line}\n`);

  it('should watch a level the box says is kept', () => {
    expect(after('Availability > 99.5% maintained')).toEqual(['Availability > 99.5% healthy']);
  });

  it('should not make a rule of a box checked once, in English or Spanish', () => {
    expect(after('Response time < 400ms verified')).toEqual([]);
    expect(after('Tiempo de respuesta < 400ms verificado')).toEqual([]);
  });
});

describe('limits under the alert they belong to', () => {
  it('should name the metric of a bare "Threshold:" line after the alert item above it', () => {
    expect(
      rulesOf(
        `${LAUNCH}## Alert rules\n- [ ] **High error rate alert**\n  - Threshold: >1% for 5+ min\n  - Severity: P0\n- [ ] **Database latency alert**\n  - Threshold: >500ms for 10+ min\n`,
      ),
    ).toEqual(['High error rate > 1% alert', 'Database latency > 500ms alert']);
  });
});

describe('stages that run from the go-live', () => {
  it('should watch the limits of a stage spanning (0-4h) after the go-live, as those of later stages', () => {
    expect(
      rulesOf(
        '# Canary\n## Preparation (T-24h)\n- [ ] Freeze\n- Error rate < 3%\n## Stage 1: canary (0-4h)\n- [ ] Enable for 5%\n\n**Go criteria**:\n- Error rate < 1%\n\n**No-go triggers**:\n- Error rate > 2%\n',
      ),
    ).toEqual(['Error rate < 1% healthy', 'Error rate > 2% alert']);
  });
});

describe('numbers that are not limits', () => {
  it('should not watch a value set as KEY=value, nor a time written "after ≤ 5 min"', () => {
    expect(
      rulesOf(
        `${LAUNCH}## Monitoring\n- [ ] Lower the DNS TTL to five minutes (TTL=300s)\n- Nach ≤5 Min.: die Zeile steht in der Tabelle\n- Spätestens nach ≤ 5 Min. ist die Mail da\n- Error rate > 2% for 5 min\n`,
      ),
    ).toEqual(['Error rate > 2% alert']);
  });
});
