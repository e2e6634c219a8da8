/**
 * Authorisation in the runtime: step owners for their items, `ci` for test results, monitoring
 * for alerts, `lead` for the decisions that steer the whole launch, `admin` for everything; a
 * refusal writes nothing.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  alertFired,
  alertResolved,
  deadlineReached,
  gateDecided,
  itemChecked,
  launchAborted,
  launchStarted,
  rollbackRequested,
  testPassed,
} from '../../src/events/factories.ts';
import { createLaunch, openLaunch } from '../../src/launch/index.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { readExample } from '../support/examples.ts';
import { right } from '../support/either.ts';

const admin = { id: 'lea', roles: ['admin'] };
const lead = { id: 'lou', roles: ['Lead'] };
const mallory = { id: 'mallory', roles: ['Équipe QA'] };
const example = readExample('lootopia-launch');

const started = async () => {
  const store = createMemoryEventStore();
  const launch = right(await createLaunch({ store, stream: 'go', plan: example.plan, actor: admin }));
  right(await launch.send(launchStarted()));
  return { store, launch };
};

describe('authorisation of launch decisions', () => {
  it.each([
    ['rollback.requested', rollbackRequested({ reason: 'errors' })],
    ['launch.aborted', launchAborted({ reason: 'budget' })],
    ['gate.decided', gateDecided({ gateId: example.plan.gates[0]?.id as string, decision: 'no-go' })],
  ])(
    'should refuse %s to an actor without the lead role, write nothing, and accept it from a lead',
    async (_type, event) => {
      const { launch } = await started();
      const refused = await launch.send(event, { actor: mallory });
      expect(E.isLeft(refused) && refused.left).toMatchObject({
        _tag: 'NotAllowed',
        actor: 'mallory',
        required: ['lead', 'admin'],
      });
      expect(launch.version).toBe(2);
      const accepted = await launch.send(event, { actor: lead });
      // The lead passes authorisation; the state may still refuse (a gate not yet reached), never as NotAllowed.
      expect(E.isLeft(accepted) ? accepted.left._tag : 'written').not.toBe('NotAllowed');
    },
  );

  it('should take alerts from monitoring and leads only: an open alert blocks every go', async () => {
    const { launch } = await started();
    const refused = await launch.send(alertFired({ alertId: 'p99' }), { actor: mallory });
    expect(E.isLeft(refused) && refused.left).toMatchObject({
      _tag: 'NotAllowed',
      required: ['monitoring', 'alertmanager', 'lead', 'admin'],
    });
    right(
      await launch.send(alertFired({ alertId: 'p99' }), {
        actor: { id: 'prometheus', roles: ['monitoring'] },
      }),
    );
    const ci = await launch.send(alertResolved({ alertId: 'p99' }), {
      actor: { id: 'ci-bot', roles: ['ci'] },
    });
    expect(E.isLeft(ci) && ci.left._tag).toBe('NotAllowed');
    right(
      await launch.send(alertResolved({ alertId: 'p99' }), { actor: { id: 'am', roles: ['alertmanager'] } }),
    );
    expect(launch.checklist().health).toBe('healthy');
  });

  it('should refuse to move the launch to an edited plan for an actor without the lead role', async () => {
    const { store } = await started();
    const asMallory = right(await openLaunch({ store, stream: 'go', actor: mallory }));
    const edited = { ...example.plan, title: `${example.plan.title} (v2)`, hash: 'f'.repeat(64) };
    const refused = await asMallory.revise(edited, 'retitled');
    expect(E.isLeft(refused) && refused.left._tag).toBe('NotAllowed');
    expect(asMallory.version).toBe(2);
    const asLead = right(await openLaunch({ store, stream: 'go', actor: lead }));
    expect(E.isRight(await asLead.revise(edited, 'retitled'))).toBe(true);
  });

  it("should let only launchers and leads start the launch, and let 'open' authorisation take any decision", async () => {
    const store = createMemoryEventStore();
    const owners = right(await createLaunch({ store, stream: 'owners', plan: example.plan, actor: mallory }));
    const refused = await owners.send(launchStarted({ goLiveAt: '1970-01-01T00:00:00Z' }));
    expect(E.isLeft(refused) && refused.left).toMatchObject({
      _tag: 'NotAllowed',
      required: ['launcher', 'lead', 'admin'],
    });
    expect(owners.version).toBe(1);
    const launcher = { id: 'sam', roles: ['launcher'] };
    expect(E.isRight(await owners.send(launchStarted(), { actor: launcher }))).toBe(true);
    const open = right(
      await createLaunch({
        store,
        stream: 'open',
        plan: example.plan,
        actor: mallory,
        authorization: 'open',
      }),
    );
    right(await open.send(launchStarted()));
    expect(E.isRight(await open.send(rollbackRequested({ reason: 'drill' })))).toBe(true);
  });

  it('should take test results only from ci or the step owners, and the items of steps without owners only from a lead', async () => {
    const store = createMemoryEventStore();
    const { plan } = readExample('etika-platform');
    const launch = right(await createLaunch({ store, stream: 'unowned', plan, actor: admin }));
    right(await launch.send(launchStarted()));
    const steps = plan.phases.flatMap((phase) => phase.steps);
    const test = steps.flatMap((step) => step.items).find((item) => item.kind === 'test')!;
    const task = steps.flatMap((step) => step.items).find((item) => item.kind === 'task')!;
    const nobody = { id: 'nobody', roles: [] };
    for (const event of [testPassed({ itemId: test.id }), itemChecked({ itemId: task.id })]) {
      const refused = await launch.send(event, { actor: nobody });
      expect(E.isLeft(refused) && refused.left).toMatchObject({
        _tag: 'NotAllowed',
        subject: `item ${event.itemId}`,
      });
    }
    expect(launch.version).toBe(2);
    right(await launch.send(testPassed({ itemId: test.id }), { actor: { id: 'ci-bot', roles: ['ci'] } }));
    const ci = await launch.send(itemChecked({ itemId: task.id }), {
      actor: { id: 'ci-bot', roles: ['ci'] },
    });
    expect(E.isLeft(ci) && ci.left._tag).toBe('NotAllowed');
    right(await launch.send(itemChecked({ itemId: task.id }), { actor: lead }));
  });

  it('should take deadline.reached only from the scheduler, and only for a deadline of the plan', async () => {
    const { launch } = await started();
    const windowed = example.plan.phases.flatMap((phase) => phase.steps).find((step) => step.window)!;
    const event = deadlineReached({ deadlineId: `deadline/${windowed.id}` });
    for (const actor of [mallory, lead]) {
      const refused = await launch.send(event, { actor });
      expect(E.isLeft(refused) && refused.left).toMatchObject({
        _tag: 'NotAllowed',
        required: ['scheduler', 'admin'],
      });
    }
    const scheduler = { id: 'cron', roles: ['scheduler'] };
    const madeUp = await launch.send(deadlineReached({ deadlineId: 'deadline/nowhere' }), {
      actor: scheduler,
    });
    expect(E.isLeft(madeUp) && madeUp.left).toMatchObject({
      _tag: 'NotAcceptedInState',
      explanation: { _tag: 'GuardFailed', guard: 'deadlineKnown' },
    });
    expect(launch.version).toBe(2);
    right(await launch.send(event, { actor: scheduler }));
  });
});
