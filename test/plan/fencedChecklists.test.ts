/**
 * Checklists written with □ boxes inside a plain fence ("**Launch Checklist:**" then ``` □ …):
 * the work of the day, read as items under their labels, and ticked in place.
 */
import { describe, expect, it } from 'vitest';
import { renderChecklistMarkdown } from '../../src/checklist/markdown.ts';
import { readPlanDocument } from '../../src/plan/markdown/readPlan.ts';
import { planItems } from '../../src/plan/query.ts';

const PLAN =
  '# Go live\n## Day 20: GO LIVE\n**Launch Checklist:**\n```\nPre-Launch (T-24h):\n□ Final security scan\n□ Database backup\n\nLaunch (T-0):\n□ Enable public registration\n```\n';

describe('□ boxes in a fence', () => {
  it('should read each □ line as an item, its label as none, and tick it with ☑ in place', () => {
    const source = Buffer.from(PLAN);
    const { plan } = readPlanDocument(source);
    const items = planItems(plan).map((entry) => entry.item);
    expect(items.map((item) => item.text)).toEqual([
      'Final security scan',
      'Database backup',
      'Enable public registration',
    ]);
    const backup = items.find((item) => item.text === 'Database backup');
    const rendered = renderChecklistMarkdown(source, plan, new Map([[backup?.id ?? '', true]]));
    const lines = rendered.markdown.toString('utf8').split('\n');
    expect(rendered.skipped).toEqual([]);
    expect(lines.filter((line, at) => line !== PLAN.split('\n')[at])).toEqual(['☑ Database backup']);
    expect(lines[6]).toBe('☑ Database backup');
  });
});
