/**
 * A pathological plan or JUnit report cannot freeze the service: posted plans and reports are read
 * in a worker within a time budget and a heap cap, the server keeps answering while one is being
 * read, and one past a limit is refused with the limit named (413 or 422), writing nothing, after
 * which the next one is read as usual.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { exampleBytes } from '../support/examples.ts';
import type { Checklist } from '../../src/checklist/derive.ts';
import type { ErrorAnswer, JunitAnswer, LaunchList } from '../service/answers.ts';
import { startService, TOKENS } from '../service/harness.ts';

const junitFixture = readFileSync(new URL('../service/fixtures/junit-etika.xml', import.meta.url), 'utf8');

type Service = Awaited<ReturnType<typeof startService>>;
type Answer = { status: number; json: ErrorAnswer };

/**
 * Posts something slow, asks /healthz while it is being read, and says which answered first:
 * with the reading in a worker, /healthz answers before the slow post does.
 */
async function healthWhileReading(
  run: Service,
  post: () => Promise<Answer>,
): Promise<{ health: Answer; refused: Answer; order: string[] }> {
  const order: string[] = [];
  const posting = post().then((answer) => (order.push('post'), answer));
  await new Promise((resolve) => setTimeout(resolve, 200));
  const health = await run.request<ErrorAnswer>('GET', '/healthz', { token: null });
  order.push('healthz');
  return { health, refused: await posting, order };
}

describe('pathological plans posted to the service', () => {
  it('should keep answering /healthz while a slow plan is read, then refuse it naming the time budget', async () => {
    const run = await startService(createMemoryEventStore(), {
      limits: { planReadMs: 1500, planBytes: 1024 * 1024 },
    });
    try {
      // Within every shape limit, but slow for the parser: thousands of headings each with its list.
      const slowPlan = `# Slow\n${'## H\n- [ ] a\n'.repeat(80_000)}`;
      const { health, refused, order } = await healthWhileReading(run, () =>
        run.request('POST', '/launches?stream=slow', { body: slowPlan }),
      );
      expect(health.status).toBe(200);
      expect(order).toEqual(['healthz', 'post']);
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

  it('should keep answering while a JUnit report too slow to match is read, then refuse it and record nothing', async () => {
    // The limit sits well under what the report takes to read here (seconds), whatever the machine.
    const run = await startService(createMemoryEventStore(), { limits: { junitReadMs: 400 } });
    try {
      expect(
        (
          await run.request('POST', '/launches?stream=etika', {
            token: TOKENS.launcher,
            body: exampleBytes('etika-platform'),
          })
        ).status,
      ).toBe(201);
      const before = (await run.request<Checklist>('GET', '/launches/etika')).json.version;
      // Well-formed and within 4 MiB, but one element with 300,000 attributes: over a second for the XML parser.
      const attributes = Array.from({ length: 300_000 }, (_, i) => `a${i}="x"`).join(' ');
      const slowReport = `<testsuites><testsuite name="s"><testcase name="t" ${attributes}/></testsuite></testsuites>`;
      const { health, refused, order } = await healthWhileReading(run, () =>
        run.request<ErrorAnswer>('POST', '/launches/etika/junit?run=slow', {
          token: TOKENS.ci,
          body: slowReport,
        }),
      );
      expect(health.status).toBe(200);
      expect(order).toEqual(['healthz', 'post']);
      expect(refused.status).toBe(422);
      expect(refused.json.error).toEqual({
        kind: 'ReportTooSlow',
        message: 'the report took more than 400 ms to read and match, the limit: nothing was recorded',
      });
      expect((await run.request<Checklist>('GET', '/launches/etika')).json.version).toBe(before);
      const next = await run.request<JunitAnswer>('POST', '/launches/etika/junit?run=ok', {
        token: TOKENS.ci,
        body: junitFixture,
      });
      expect(next.status).toBe(200);
      expect(next.json.accepted.length).toBeGreaterThan(0);
    } finally {
      await run.close();
    }
  }, 60_000);
});
