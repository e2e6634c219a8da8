/**
 * A pathological plan cannot freeze the service: posted plans are read in a worker within a time
 * budget and a heap cap, the server keeps answering while one is being read, and a plan past a
 * limit is refused with the limit named (413 or 422), after which the next plan is read as usual.
 */
import { describe, expect, it } from 'vitest';
import type { ErrorAnswer, LaunchList } from '../service/answers.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { exampleBytes } from '../support/examples.ts';
import { startService } from '../service/harness.ts';

describe('pathological plans posted to the service', () => {
  it('should keep answering /healthz while a slow plan is read, then refuse it naming the time budget', async () => {
    const run = await startService(createMemoryEventStore(), {
      limits: { planReadMs: 1500, planBytes: 1024 * 1024 },
    });
    try {
      const order: string[] = [];
      // Within every shape limit, but slow for the parser: thousands of headings each with its list.
      const slowPlan = `# Slow\n${'## H\n- [ ] a\n'.repeat(30_000)}`;
      const posting = run
        .request('POST', '/launches?stream=slow', { body: slowPlan })
        .then((answer) => (order.push('plan'), answer));
      // The reading worker is busy with the plan: the event loop is not.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const health = await run.request('GET', '/healthz', { token: null });
      order.push('healthz');
      const refused = await posting;
      expect(health.status).toBe(200);
      expect(order).toEqual(['healthz', 'plan']);
      expect(refused.status).toBe(422);
      expect(refused.json).toMatchObject({
        error: {
          kind: 'PlanTooSlow',
          message: 'the plan took more than 1500 ms to read, the limit: it is not read',
        },
      });
      const next = await run.request('POST', '/launches?stream=ok', { body: exampleBytes('mbayar-go-live') });
      expect(next.status).toBe(201);
    } finally {
      await run.close();
    }
  }, 60_000);

  it('should refuse a plan nested past what the reader follows, and one past the size limit, without a 500', async () => {
    const run = await startService(createMemoryEventStore(), { limits: { planBytes: 64 * 1024 } });
    try {
      const deep = await run.request<ErrorAnswer>('POST', '/launches?stream=deep', {
        body: '>'.repeat(10_000),
      });
      expect(deep.status).toBe(422);
      expect(deep.json.error).toEqual({
        kind: 'PlanTooDeep',
        message: 'line 1 nests 10000 block quotes or list levels; the reader reads at most 32',
      });
      const marks = await run.request<ErrorAnswer>('POST', '/launches?stream=marks', {
        body: `- [ ] ${'*a'.repeat(30_000)}`,
      });
      expect(marks.status).toBe(422);
      expect(marks.json.error.message).toBe(
        'line 1 holds 30000 emphasis marks (* or _); the reader reads at most 1000 on a line',
      );
      const large = await run.request('POST', '/launches?stream=large', {
        body: `# Big\n${'- [ ] item\n'.repeat(10_000)}`,
      });
      expect(large.status).toBe(413);
      expect((await run.request<LaunchList>('GET', '/launches')).json.launches).toEqual([]);
    } finally {
      await run.close();
    }
  }, 60_000);
});
