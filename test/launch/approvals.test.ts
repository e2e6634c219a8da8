/**
 * Approval policies per gate (issue 24): roles that may approve, N distinct approvers, no
 * approval from the launcher or the owners when the policy says so. An approval that does not
 * count is refused with the rule and writes nothing; the last one the policy needs is written
 * with one go naming every approver.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { gateApproved, gateDecided, launchStarted } from '../../src/events/factories.ts';
import type { Actor } from '../../src/events/envelope.ts';
import { createLaunch, replayLaunch, type Launch } from '../../src/launch/index.ts';
import { withApprovalPolicies } from '../../src/plan/approvals.ts';
import { readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';
import type { ApprovalPolicy, Plan } from '../../src/plan/model.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { finishPhase } from '../compile/drive.ts';
import { readExample } from '../support/examples.ts';
import { right } from '../support/either.ts';

const sam: Actor = { id: 'sam', roles: ['lead'] };
const lou: Actor = { id: 'lou', roles: ['lead'] };
const cto: Actor = { id: 'ana', roles: ['cto'] };
const vic: Actor = { id: 'vic', roles: [] };
const admin: Actor = { id: 'root', roles: ['admin'] };

/** A launch of `plan` under `policy`, started by sam, at its first gate. */
async function atGate(
  plan: Plan,
  policy: ApprovalPolicy,
): Promise<{ launch: Launch; store: EventStore; gate: string }> {
  const store = createMemoryEventStore();
  const governed = withApprovalPolicies(plan, { '*': policy });
  const launch = right(await createLaunch({ store, stream: 'gated', plan: governed, actor: admin }));
  right(await launch.send(launchStarted(), { actor: sam }));
  const gate = governed.gates[0]!;
  const before = governed.phases.slice(
    0,
    governed.phases.findIndex((phase) => phase.id === gate.beforePhase),
  );
  for (const phase of before) for (const event of finishPhase(phase)) right(await launch.send(event));
  expect(launch.checklist().current).toEqual([gate.id]);
  return { launch, store, gate: gate.id };
}

const ruleOf = async (launch: Launch, event: Parameters<Launch['send']>[0], actor: Actor) => {
  const version = launch.version;
  const sent = await launch.send(event, { actor });
  expect(launch.version).toBe(version);
  if (E.isRight(sent) || sent.left._tag !== 'NotAllowed')
    throw new Error(`expected NotAllowed: ${JSON.stringify(sent)}`);
  return sent.left.rule;
};

describe('approval policy of a gate', () => {
  const mbayar = readExample('mbayar-go-live').plan;

  it('should need two distinct approvers, neither of them the launcher, and write one go naming both', async () => {
    const { launch, store, gate } = await atGate(mbayar, {
      roles: ['lead', 'cto'],
      approvers: 2,
      launcherMayApprove: false,
    });
    expect(await ruleOf(launch, gateDecided({ gateId: gate, decision: 'go' }), lou)).toBe(
      'a go needs 2 distinct approvals (gate.approved), 0 given so far',
    );
    expect(await ruleOf(launch, gateApproved({ gateId: gate }), sam)).toBe(
      'whoever started the launch may not approve it',
    );
    expect(await ruleOf(launch, gateApproved({ gateId: gate }), vic)).toBe(
      'only lead, cto, admin may approve it',
    );
    right(await launch.send(gateApproved({ gateId: gate, reason: 'figures reviewed' }), { actor: lou }));
    expect(launch.checklist().current).toEqual([gate]);
    expect(await ruleOf(launch, gateApproved({ gateId: gate }), lou)).toBe(
      'lou already approved it: approvers must be distinct',
    );
    const before = launch.version;
    right(await launch.send(gateApproved({ gateId: gate, reason: 'ok' }), { actor: cto }));
    expect(launch.version).toBe(before + 2);
    const written = [];
    for await (const envelope of store.read('gated', { from: before + 1 })) written.push(envelope);
    expect(written.map((envelope) => [envelope.type, envelope.actor.id])).toEqual([
      ['gate.approved', 'ana'],
      ['gate.decided', 'ana'],
    ]);
    expect(written[1]?.data).toMatchObject({ gateId: gate, decision: 'go', approvers: ['lou', 'ana'] });
    const checklist = launch.checklist();
    expect(checklist.gates[0]).toMatchObject({ status: 'go', by: 'ana' });
    expect(checklist.current).not.toContain(gate);
    expect(right(await replayLaunch(store, 'gated', { useSnapshot: false })).checklist()).toEqual(checklist);
  });

  it('should refuse the owners of the steps a gate waits for when the policy says so', async () => {
    const lootopia = readExample('lootopia-launch').plan;
    const { launch, gate } = await atGate(lootopia, { ownersMayApprove: false });
    const owner = { id: 'dev', roles: ['lead', 'Équipe DevOps'] };
    expect(await ruleOf(launch, gateApproved({ gateId: gate }), owner)).toMatch(
      /^the owners of the steps it waits for \(Équipe DevOps\) may not approve it$/,
    );
    right(await launch.send(gateApproved({ gateId: gate }), { actor: lou }));
    expect(launch.checklist().gates.find((g) => g.id === gate)?.status).toBe('go');
  });

  it('should keep a plain go from a lead for a gate without a policy', async () => {
    const { launch, gate } = await atGate(mbayar, {});
    right(await launch.send(gateDecided({ gateId: gate, decision: 'go' }), { actor: lou }));
    expect(launch.checklist().gates[0]?.status).toBe('go');
  });

  it("should read a policy from the plan's front matter, into the plan and its hash", () => {
    const text = [
      '---',
      'launchplan:',
      '  approvals:',
      "    '*': { approvers: 2, launcherMayApprove: false }",
      '---',
      '# Shop launch',
      '',
      '## Phase 1: Prepare',
      '',
      '- [ ] backup taken',
      '',
      '## Go/No-Go',
      '',
      '- [ ] backup verified',
      '',
      '## Phase 2: Launch',
      '',
      '- [ ] traffic switched',
      '',
    ].join('\n');
    const plan = readPlanMarkdown(text);
    expect(plan.gates.map((gate) => gate.approval)).toEqual([{ approvers: 2, launcherMayApprove: false }]);
    const without = readPlanMarkdown(text.replace('approvers: 2', 'approvers: 3'));
    expect(without.hash).not.toBe(plan.hash);
  });
});
