/**
 * The service end to end over real HTTP on loopback, with a file log: creating launches, posting
 * events, status as JSON and Markdown, live events, Alertmanager and JUnit payloads moving the
 * launch, and every refusal answered with its status and reason while the log stays unchanged.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileEventStore } from '../../src/store/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { examplePath, exampleBytes, readExample } from '../support/examples.ts';
import type { Checklist } from '../../src/checklist/derive.ts';
import type {
  AlertmanagerAnswer,
  ErrorAnswer,
  JunitAnswer,
  LaunchList,
  LaunchSummary,
  SentAnswer,
} from './answers.ts';
import { readSse, startService, TOKENS, type Running } from './harness.ts';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const FAILED_ITEM = 'tests-et-optimisation/tests-d-integration-globaux/tests-de-performance';

let store: EventStore;
let run: Running;

beforeAll(async () => {
  store = createFileEventStore(mkdtempSync(join(tmpdir(), 'lp-service-')));
  run = await startService(store);
});
afterAll(async () => {
  await run.close();
  await store.close();
});

const versionOf = async (stream: string): Promise<number> => {
  const version = await store.version(stream);
  return version._tag === 'Right' ? version.right : -1;
};

describe('launchplan service over HTTP', () => {
  it('should create a launch from a Markdown plan, list it and refuse a second one in the same stream', async () => {
    const created = await run.request('POST', '/launches?stream=ifha', {
      body: exampleBytes('ifha-rating-system'),
      headers: { 'content-type': 'text/markdown' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ stream: 'ifha', state: 'running', version: 2 });
    const again = await run.request<ErrorAnswer>('POST', '/launches?stream=ifha', {
      body: exampleBytes('ifha-rating-system'),
      headers: { 'content-type': 'text/markdown' },
    });
    expect(again.status).toBe(409);
    expect(again.json.error.kind).toBe('LaunchExists');
    const list = await run.request<LaunchList>('GET', '/launches', { token: TOKENS.viewer });
    expect(list.json.launches.map((l: { stream: string }) => l.stream)).toContain('ifha');
  });

  it('should create a launch from a JSON plan, not started when start=false', async () => {
    const { plan } = readExample('mbayar-go-live');
    const created = await run.request<LaunchSummary>('POST', '/launches?stream=mbayar-json&start=false', {
      body: JSON.stringify(plan),
      headers: { 'content-type': 'application/json' },
    });
    expect(created.status).toBe(201);
    expect(created.json.state).toBe('ready');
    const markdown = await run.request('GET', '/launches/mbayar-json/checklist.md');
    expect(markdown.status).toBe(409);
  });

  it('should answer bad plans with 400 and a reason, and empty plans with 422', async () => {
    const invalid = await run.request<ErrorAnswer>('POST', '/launches?stream=bad', {
      body: '{"id":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.details?.errors[0]?.path).toBeTruthy();
    expect(
      (
        await run.request('POST', '/launches?stream=bad', {
          body: '{"id":',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await run.request('POST', '/launches?stream=bad', {
          body: '',
          headers: { 'content-type': 'text/markdown' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await run.request('POST', '/launches?stream=bad', {
          body: '# Just a title\n\nSome prose.\n',
          headers: { 'content-type': 'text/markdown' },
        })
      ).status,
    ).toBe(422);
    expect(
      (await run.request('POST', '/launches?stream=../etc', { body: exampleBytes('mbayar-go-live') })).status,
    ).toBe(400);
    expect(await store.listStreams()).not.toContain('bad');
  });

  it('should reject missing and unknown tokens with 401, and missing roles with 403', async () => {
    const none = await run.request('GET', '/launches/ifha', { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await run.request('GET', '/launches/ifha', { token: 'not-a-token-at-all' })).status).toBe(401);
    expect(
      (
        await run.request('POST', '/launches?stream=x1', {
          token: TOKENS.viewer,
          body: exampleBytes('mbayar-go-live'),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await run.request('POST', '/launches/ifha/junit', {
          token: TOKENS.viewer,
          body: fixture('junit-ifha.xml'),
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await run.request('POST', '/launches/ifha/alertmanager', {
          token: TOKENS.ci,
          body: fixture('alertmanager-firing.json'),
        })
      ).status,
    ).toBe(403);
    // A token in a URL leaks into logs and history: refused, even a valid one (issue 15).
    const inUrl = await run.request<ErrorAnswer>('GET', `/launches/ifha?access_token=${TOKENS.viewer}`, {
      token: null,
    });
    expect(inUrl.status).toBe(400);
    expect(inUrl.json.error.kind).toBe('TokenInUrl');
    expect(inUrl.text).not.toContain(TOKENS.viewer);
    expect((await run.request('GET', '/healthz', { token: null })).status).toBe(200);
  });

  it('should refuse an item owned by a team to an actor without that role (403) and accept it from a launcher with the role', async () => {
    const created = await run.request('POST', '/launches?stream=lootopia', {
      token: TOKENS.launcher,
      body: exampleBytes('lootopia-launch'),
    });
    expect(created.status).toBe(201);
    const status = await run.request<Checklist>('GET', '/launches/lootopia');
    const owned = status.json.phases
      .flatMap((p) => p.steps)
      .find((s) => s.owners.length > 0 && s.items.some((i) => i.status === 'pending'))!;
    const item = owned.items.find((i) => i.status === 'pending')!;
    const before = await versionOf('lootopia');
    const refused = await run.request<ErrorAnswer>('POST', '/launches/lootopia/events', {
      token: TOKENS.viewer,
      body: JSON.stringify({ type: item.kind === 'test' ? 'test.passed' : 'item.checked', itemId: item.id }),
    });
    expect(refused.status).toBe(403);
    expect(refused.json.error.kind).toBe('NotAllowed');
    expect(await versionOf('lootopia')).toBe(before);
  });

  it('should answer a viewer 403 for deadline.reached and launch.started, and refuse a deadline the plan does not have', async () => {
    const created = await run.request('POST', '/launches?stream=roles&start=false', {
      body: exampleBytes('mbayar-go-live'),
    });
    expect(created.status).toBe(201);
    const post = (token: string, event: object) =>
      run.request<ErrorAnswer>('POST', '/launches/roles/events', { token, body: JSON.stringify(event) });
    const before = await versionOf('roles');
    const started = await post(TOKENS.viewer, { type: 'launch.started', goLiveAt: '1970-01-01T00:00:00Z' });
    expect([started.status, started.json.error.kind]).toEqual([403, 'NotAllowed']);
    expect((await post(TOKENS.launcher, { type: 'launch.started' })).status).toBe(201);
    const { plan } = readExample('mbayar-go-live');
    const windowed = plan.phases.flatMap((p) => [p, ...p.steps]).find((part) => part.window !== null)!;
    const deadline = { type: 'deadline.reached', deadlineId: `deadline/${windowed.id}` };
    const early = await post(TOKENS.viewer, deadline);
    expect([early.status, early.json.error.kind]).toEqual([403, 'NotAllowed']);
    expect(early.json.error.message).toContain('scheduler');
    const madeUp = await post(TOKENS.admin, { type: 'deadline.reached', deadlineId: 'deadline/made-up' });
    expect([madeUp.status, madeUp.json.error.kind]).toEqual([409, 'NotAcceptedInState']);
    expect(madeUp.json.error.message).toContain('no deadline "deadline/made-up" in this plan');
    expect(await versionOf('roles')).toBe(before + 1);
  });

  it('should post an event (201), write a retry with the same Idempotency-Key once (200), and answer refusals with their reason', async () => {
    const { plan } = readExample('ifha-rating-system');
    const status = await run.request<Checklist>('GET', '/launches/ifha');
    const pending = status.json.phases
      .flatMap((p) => p.steps.flatMap((s) => s.items))
      .find((i) => i.status === 'pending' && i.kind !== 'test')!;
    const body = JSON.stringify({ type: 'item.checked', itemId: pending.id });
    const first = await run.request<SentAnswer>('POST', '/launches/ifha/events', {
      body,
      headers: { 'idempotency-key': 'check-1' },
    });
    expect(first.status).toBe(201);
    const retry = await run.request('POST', '/launches/ifha/events', {
      body,
      headers: { 'idempotency-key': 'check-1' },
    });
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({ appended: false, version: first.json.version });
    const version = await versionOf('ifha');

    const unknownType = await run.request<ErrorAnswer>('POST', '/launches/ifha/events', {
      body: '{"type":"item.frobbed"}',
    });
    expect([unknownType.status, unknownType.json.error.kind]).toEqual([400, 'InvalidEvent']);
    const badField = await run.request('POST', '/launches/ifha/events', {
      body: '{"type":"item.checked","itemId":42}',
    });
    expect(badField.status).toBe(400);
    expect(badField.text).toContain('itemId');
    const notNow = await run.request<ErrorAnswer>('POST', '/launches/ifha/events', {
      body: JSON.stringify({ type: 'alert.resolved', alertId: 'never-fired' }),
    });
    expect([notNow.status, notNow.json.error.kind]).toEqual([409, 'NotAcceptedInState']);
    expect((await run.request('POST', '/launches/ifha/events', { body: '[1,2]' })).status).toBe(400);
    expect((await run.request('POST', '/launches/ifha/events', { body: '{"type":' })).status).toBe(400);
    expect(
      (
        await run.request('POST', '/launches/ifha/events', {
          body: JSON.stringify({ type: 'launch.aborted', reason: 'x'.repeat(70_000) }),
        })
      ).status,
    ).toBe(413);
    expect((await run.request('POST', '/launches/nope/events', { body })).status).toBe(404);
    expect((await run.request('DELETE', '/launches/ifha/events')).status).toBe(405);
    expect((await run.request('GET', '/nowhere')).status).toBe(404);
    expect(await versionOf('ifha')).toBe(version);
    expect(plan.id).toBe('ifha-rating-system');
  });

  it('should serve the checklist as Markdown with the checked box set', async () => {
    const markdown = await run.request('GET', '/launches/ifha/checklist.md', { token: TOKENS.viewer });
    expect(markdown.status).toBe(200);
    expect(markdown.headers.get('content-type')).toMatch(/markdown/);
    const original = readFileSync(examplePath('ifha-rating-system'), 'latin1').split('\n');
    const changed = Buffer.from(markdown.text, 'utf8')
      .toString('latin1')
      .split('\n')
      .filter((line, index) => line !== original[index]);
    expect(changed.length).toBeGreaterThan(0);
  });

  it('should stream the log and then live events over SSE, resuming after Last-Event-ID', async () => {
    const version = await versionOf('ifha');
    const reading = readSse(`${run.url}/launches/ifha/events?from=${version}`, TOKENS.viewer, (messages) =>
      messages.some((m) => m.data.type === 'alert.fired'),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const fired = await run.request<SentAnswer>('POST', '/launches/ifha/events', {
      body: JSON.stringify({ type: 'alert.fired', alertId: 'sse-check', metric: 'errorRate' }),
    });
    expect(fired.status).toBe(201);
    const messages = await reading;
    expect(messages[0]?.id).toBe(String(version));
    expect(messages.at(-1)).toMatchObject({
      event: 'launch-event',
      id: String(fired.json.version),
      data: { type: 'alert.fired', actor: 'lea', data: { alertId: 'sse-check' } },
    });
    expect(
      (
        await run.request('POST', '/launches/ifha/events', {
          body: JSON.stringify({ type: 'alert.resolved', alertId: 'sse-check' }),
        })
      ).status,
    ).toBe(201);
  });

  it('should move the launch with Alertmanager notifications: degraded while alerts fire, repeats written once, healthy once resolved', async () => {
    const fired = await run.request<AlertmanagerAnswer>('POST', '/launches/ifha/alertmanager', {
      token: TOKENS.alerts,
      body: fixture('alertmanager-firing.json'),
      headers: { 'content-type': 'application/json' },
    });
    expect(fired.status).toBe(200);
    expect(fired.json.accepted).toHaveLength(3);
    expect(fired.json.unmatched).toEqual(['am-c3b8e1f0a9d27764']);
    expect(fired.json.health).toBe('degraded');
    const status = await run.request<Checklist>('GET', '/launches/ifha');
    expect(
      status.json.blockers
        .filter((b) => b.kind === 'alert')
        .map((b) => b.id)
        .sort(),
    ).toEqual(['am-6f1d6c4a2e4b3f08', 'am-a07c2f9d11e8b5c3', 'am-c3b8e1f0a9d27764']);

    const repeated = await run.request<AlertmanagerAnswer>('POST', '/launches/ifha/alertmanager', {
      token: TOKENS.alerts,
      body: fixture('alertmanager-firing.json'),
    });
    expect(repeated.status).toBe(200);
    // Repeated notifications carry the same event ids: answered as already recorded, written once.
    expect(repeated.json.accepted.map((a) => a.appended)).toEqual([false, false, false]);
    expect(repeated.json.refused).toEqual([]);

    const resolved = await run.request<AlertmanagerAnswer>('POST', '/launches/ifha/alertmanager', {
      token: TOKENS.alerts,
      body: fixture('alertmanager-resolved.json'),
    });
    expect(resolved.json.accepted).toHaveLength(3);
    expect(resolved.json.health).toBe('healthy');
    expect(
      (
        await run.request('POST', '/launches/ifha/alertmanager', {
          token: TOKENS.alerts,
          body: '{"alerts":"none"}',
        })
      ).status,
    ).toBe(400);
  });

  it('should move test items with a JUnit report: a failure blocks its step, a later passing run unblocks it', async () => {
    expect(
      (
        await run.request('POST', '/launches?stream=etika', {
          token: TOKENS.launcher,
          body: exampleBytes('etika-platform'),
        })
      ).status,
    ).toBe(201);
    const report = await run.request<JunitAnswer>('POST', '/launches/etika/junit?run=ci-1001', {
      token: TOKENS.ci,
      body: fixture('junit-etika.xml'),
      headers: { 'content-type': 'application/xml' },
    });
    expect(report.status).toBe(200);
    expect(report.json.refused).toEqual([]);
    expect(report.json.accepted.map((a) => [a.type, a.id])).toEqual([
      [
        'test.passed',
        'tests-et-optimisation/tests-d-integration-globaux/tests-end-to-end-de-tous-les-flux-utilisateurs',
      ],
      ['test.passed', 'tests-et-optimisation/tests-d-integration-globaux/tests-de-charge'],
      ['test.failed', FAILED_ITEM],
      ['test.passed', 'tests-et-optimisation/audits-de-securite/tests-de-penetration'],
      [
        'test.passed',
        'deploiement-des-services-de-base/deploiement-du-module-blockchain-core/tests-de-validation-du-consensus',
      ],
    ]);
    expect(report.json.unmatched.map((u) => u.test)).toEqual([
      'etika.web.SmokeTests.renders the landing page',
    ]);
    expect(report.json.skipped).toEqual(['etika.web.SmokeTests.dark mode toggle']);
    let status = await run.request<Checklist>('GET', '/launches/etika');
    expect(status.json.blockers).toContainEqual(
      expect.objectContaining({ kind: 'failed-test', id: FAILED_ITEM }),
    );
    const step = (json: Checklist) =>
      json.phases.flatMap((p) => p.steps).find((s) => s.items.some((i) => i.id === FAILED_ITEM))!;
    expect(step(status.json).status).toBe('blocked');

    const again = await run.request<JunitAnswer>('POST', '/launches/etika/junit?run=ci-1001', {
      token: TOKENS.ci,
      body: fixture('junit-etika.xml'),
    });
    expect(again.json.accepted.every((a) => a.appended === false)).toBe(true);

    const passing = fixture('junit-etika.xml').replace(/<failure[\s\S]*?<\/failure>/, '');
    const rerun = await run.request<JunitAnswer>('POST', '/launches/etika/junit?run=ci-1002', {
      token: TOKENS.ci,
      body: passing,
    });
    expect(rerun.json.accepted.filter((a) => a.id === FAILED_ITEM).map((a) => a.type)).toEqual([
      'test.passed',
    ]);
    status = await run.request<Checklist>('GET', '/launches/etika');
    expect(status.json.blockers.filter((b) => b.kind === 'failed-test')).toEqual([]);
    const item = step(status.json).items.find((i) => i.id === FAILED_ITEM);
    expect(item).toMatchObject({ status: 'done', by: 'ci-bot', evidence: 'ci-1002' });
    expect(
      (
        await run.request('POST', '/launches/etika/junit', {
          token: TOKENS.ci,
          body: '<testsuite><testcase>',
        })
      ).status,
    ).toBe(400);
  });
});
