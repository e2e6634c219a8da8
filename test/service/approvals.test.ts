/**
 * Approval policies from the service's configuration, over HTTP: an approval that does not count
 * is answered 403 with the rule it breaks and writes nothing; the last one the policy needs makes
 * the go, naming every approver. The operator controls go through the same events endpoint.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checklist } from '../../src/checklist/derive.ts';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import { createFileEventStore } from '../../src/store/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { finishPhase } from '../compile/drive.ts';
import { exampleBytes, readExample } from '../support/examples.ts';
import type { ErrorAnswer } from './answers.ts';
import { startService, TOKENS, type Running } from './harness.ts';

let store: EventStore;
let run: Running;

beforeAll(async () => {
  store = createFileEventStore(mkdtempSync(join(tmpdir(), 'lp-approvals-')));
  run = await startService(store, {
    approvals: { '*': { roles: ['lead', 'launcher'], approvers: 2, launcherMayApprove: false } },
  });
});
afterAll(async () => {
  await run.close();
  await store.close();
});

const versionOf = async (stream: string): Promise<number> => {
  const version = await store.version(stream);
  return version._tag === 'Right' ? version.right : -1;
};

describe('approvals and operator controls over HTTP', () => {
  it('should answer 403 with the rule for an approval that does not count, and go once two have approved', async () => {
    const created = await run.request('POST', '/launches?stream=gated', {
      token: TOKENS.launcher,
      body: exampleBytes('mbayar-go-live'),
    });
    expect(created.status).toBe(201);
    const { plan } = readExample('mbayar-go-live');
    const post = (token: string, event: object) =>
      run.request<ErrorAnswer>('POST', '/launches/gated/events', { token, body: JSON.stringify(event) });
    for (const event of finishPhase(plan.phases[0]!)) {
      const sent = await post(TOKENS.admin, event);
      expect(sent.status, sent.text).toBe(201);
    }
    const gateId = plan.gates[0]!.id;
    const before = await versionOf('gated');
    const launcher = await post(TOKENS.launcher, { type: 'gate.approved', gateId });
    expect([launcher.status, launcher.json.error.kind]).toEqual([403, 'NotAllowed']);
    expect(launcher.json.error.message).toContain('whoever started the launch may not approve it');
    const direct = await post(TOKENS.admin, { type: 'gate.decided', gateId, decision: 'go' });
    expect(direct.status).toBe(403);
    expect(direct.json.error.message).toContain('a go needs 2 distinct approvals');
    const ci = await post(TOKENS.ci, { type: 'gate.approved', gateId });
    expect(ci.json.error.message).toContain('only lead, launcher, admin may approve it');
    expect(await versionOf('gated')).toBe(before);
    expect((await post(TOKENS.admin, { type: 'gate.approved', gateId, reason: 'checked' })).status).toBe(201);
    const twice = await post(TOKENS.admin, { type: 'gate.approved', gateId });
    expect(twice.json.error.message).toContain('approvers must be distinct');
    expect((await post(TOKENS.lead, { type: 'launch.paused', reason: 'wait for the CFO' })).status).toBe(201);
    // While paused no gate is active: the approval is refused by the state (409), not the policy.
    expect((await post(TOKENS.lead, { type: 'gate.approved', gateId })).status).toBe(409);
    expect((await post(TOKENS.lead, { type: 'launch.resumed', reason: 'CFO agrees' })).status).toBe(201);
    // The second approver, who did not start the launch: the go names both.
    const second = await post(TOKENS.lead, { type: 'gate.approved', gateId, reason: 'numbers fine' });
    expect(second.status, second.text).toBe(201);
    const written: EventEnvelope[] = [];
    for await (const envelope of store.read('gated', { from: (await versionOf('gated')) - 1 }))
      written.push(envelope);
    expect(written.map((envelope) => envelope.type)).toEqual(['gate.approved', 'gate.decided']);
    expect(written[1]?.data).toMatchObject({ decision: 'go', approvers: ['lea', 'sam'] });
    const status = await run.request<Checklist>('GET', '/launches/gated');
    expect(status.json.gates[0]?.status).toBe('go');
    expect(status.json.pause).toMatchObject({ count: 1, since: null });
  });
});
