/**
 * The console's overview at `/` and the required reason of a go/no-go, over HTTP on loopback
 * with a memory log: the overview lists every launch with its state, health, next gate, time to
 * go-live and overdue steps, and is only for those signed in (unless the page is public); a
 * decision without a reason is refused with `ReasonRequired` when the plan's front matter or the
 * service asks for one, and the log is unchanged.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../src/store/index.ts';
import type { ErrorAnswer } from './answers.ts';
import { startService, TOKENS, type Running } from './harness.ts';

const PLAN = readFileSync(new URL('fixtures/console-plan.md', import.meta.url), 'utf8');
/** The console's plan with front matter that asks every go/no-go for a reason. */
const WITH_REASONS = `---\nlaunchplan:\n  decisionReason: required\n---\n${PLAN}`;
const NOW = new Date('2026-12-07T10:00:00.000Z');

const running: Running[] = [];
afterEach(async () => {
  for (const run of running.splice(0)) await run.close();
});

async function serve(options: Parameters<typeof startService>[1] = {}): Promise<Running> {
  const run = await startService(createMemoryEventStore(), { clock: () => NOW, ...options });
  running.push(run);
  return run;
}

const create = (run: Running, stream: string, plan: string, query = '') =>
  run.request('POST', `/launches?stream=${stream}${query}`, {
    body: plan,
    headers: { 'content-type': 'text/markdown' },
  });

/** Brings a launch of the console's plan to its go/no-go gate. */
async function toGate(run: Running, stream: string): Promise<void> {
  for (const [type, item] of [
    ['item.checked', 'preparation/infrastructure/database-replicas-in-sync'],
    ['item.checked', 'preparation/infrastructure/cache-warmed-with-the-catalogue'],
    ['test.passed', 'preparation/quality/smoke-tests-pass-on-staging'],
    ['test.passed', 'preparation/quality/load-test-at-twice-the-peak-traffic'],
  ] as const)
    expect(
      (
        await run.request('POST', `/launches/${stream}/events`, {
          body: JSON.stringify({ type, itemId: item }),
        })
      ).status,
    ).toBe(201);
}

const decide = (run: Running, stream: string, reason?: string) =>
  run.request<ErrorAnswer>('POST', `/launches/${stream}/events`, {
    token: TOKENS.lead,
    body: JSON.stringify({ type: 'gate.decided', gateId: 'gate/go-no-go', decision: 'go', reason }),
  });

describe('the overview and required reasons', () => {
  it('should list every launch with its state, health, next gate, time to go-live and overdue steps', async () => {
    const run = await serve();
    expect((await create(run, 'checkout', PLAN, '&goLiveAt=2026-12-08T13:30:00.000Z')).status).toBe(201);
    expect((await create(run, 'later', PLAN, '&start=false')).status).toBe(201);
    const page = await run.request('GET', '/', { token: TOKENS.viewer });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const rows = [...page.text.matchAll(/<tr class="launch" data-stream="([^"]+)">(.*?)<\/tr>/g)];
    expect(rows.map((row) => row[1])).toEqual(['checkout', 'later']);
    const [checkout, later] = rows.map((row) => row[2] ?? '');
    expect(checkout).toContain('<span class="pill state">running</span>');
    expect(checkout).toContain('<span class="pill health healthy">healthy</span>');
    expect(checkout).toContain('Go/No-go <span class="pill">pending</span>');
    expect(checkout).toContain('data-countdown="2026-12-08T13:30:00.000Z">in 1 d 3 h</span>');
    expect(checkout).toContain('data-overdue="0"');
    expect(checkout).toContain('href="/launches/checkout/page"');
    expect(later).toContain('<span class="pill state">ready</span>');
    expect(later).toContain('not set');
  });

  it('should send a reader who is not signed in to sign in, and back to the overview after', async () => {
    const run = await serve();
    const anonymous = await fetch(`${run.url}/`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2F');
    const form = await run.request('GET', '/login', { token: null });
    expect(form.text).toContain('<input type="hidden" name="next" value="/">');
    const open = await serve({ publicPage: true });
    expect((await open.request('GET', '/', { token: null })).status).toBe(200);
  });

  it("should refuse a go without a reason when the plan's front matter asks for one, and write nothing", async () => {
    const run = await serve();
    expect((await create(run, 'strict', WITH_REASONS)).status).toBe(201);
    expect((await create(run, 'lenient', PLAN)).status).toBe(201);
    await toGate(run, 'strict');
    await toGate(run, 'lenient');
    const version = async () =>
      (await run.request<{ version: number; gates: { status: string }[] }>('GET', '/launches/strict')).json;
    const before = await version();
    for (const reason of [undefined, '  ']) {
      const refused = await decide(run, 'strict', reason);
      expect(refused.status).toBe(422);
      expect(refused.json.error.kind).toBe('ReasonRequired');
      expect(refused.json.error.message).toBe(
        'a go on gate/go-no-go needs a reason: the plan\'s front matter (decisionReason: required) asks for one; send "reason"',
      );
    }
    expect(await version()).toEqual(before);
    expect(before.gates[0]?.status).toBe('waiting');
    expect((await decide(run, 'strict', 'all green')).status).toBe(201);
    expect((await decide(run, 'lenient')).status).toBe(201);
  });

  it('should refuse a decision without a reason on every launch when the service asks for one', async () => {
    const run = await serve({ requireDecisionReason: true });
    expect((await create(run, 'checkout', PLAN)).status).toBe(201);
    await toGate(run, 'checkout');
    const refused = await decide(run, 'checkout');
    expect(refused.json.error).toMatchObject({ kind: 'ReasonRequired' });
    expect(refused.json.error.message).toContain('the service (requireDecisionReason)');
    const page = await run.request('GET', '/launches/checkout/page/fragment', { token: TOKENS.lead });
    expect(page.status).toBe(200);
    expect((await decide(run, 'checkout', 'all green')).status).toBe(201);
  });
});
