/**
 * Guard edges found by review: ids that name built-in object properties are not plan items or
 * open alerts, and a failed test is settled only by a pass or a waiver, never by a plain check.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  alertFired,
  alertResolved,
  itemChecked,
  itemUnchecked,
  itemWaived,
  launchStarted,
  testFailed,
  testPassed,
} from '../../src/events/factories.ts';
import { createLaunch, replayLaunch, type Launch } from '../../src/launch/index.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { readExample } from '../support/examples.ts';
import { right } from '../support/either.ts';

const lead = { id: 'lea', roles: ['admin'] };
const plan = readExample('mbayar-go-live').plan;
const loadTest = plan.phases[0]?.steps.flatMap((step) => step.items).find((item) => item.kind === 'test');

const started = async (): Promise<{ store: EventStore; launch: Launch }> => {
  const store = createMemoryEventStore();
  const launch = right(await createLaunch({ store, stream: 'go', plan, actor: lead }));
  right(await launch.send(launchStarted()));
  return { store, launch };
};

describe('guards on ids an event names', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'should not take %s for a plan item or an open alert',
    async (id) => {
      const { launch } = await started();
      right(await launch.send(alertFired({ alertId: 'db-down' })));
      const version = launch.version;
      const item = await launch.send(itemChecked({ itemId: id }));
      expect(E.isLeft(item) && item.left).toMatchObject({
        _tag: 'NotAcceptedInState',
        explanation: { _tag: 'UnknownItem', itemId: id },
      });
      expect(E.isLeft(await launch.send(alertResolved({ alertId: id })))).toBe(true);
      expect(launch.version).toBe(version);
      right(await launch.send(alertResolved({ alertId: 'db-down' })));
      expect(launch.checklist().health).toBe('healthy');
    },
  );

  it('should open and close an alert whose id is __proto__ like any other, live and on replay', async () => {
    const { store, launch } = await started();
    right(await launch.send(alertFired({ alertId: '__proto__' })));
    expect(launch.checklist().health).toBe('degraded');
    expect(E.isLeft(await launch.send(alertFired({ alertId: '__proto__' })))).toBe(true);
    expect(right(await replayLaunch(store, 'go')).snapshot).toEqual(launch.snapshot());
    right(await launch.send(alertResolved({ alertId: '__proto__' })));
    expect(launch.checklist().health).toBe('healthy');
  });
});

describe('a failed test', () => {
  it('should keep its step blocked through checks and unchecks, until it passes or is waived', async () => {
    if (!loadTest) throw new Error('the Mbayar checklist has a test item');
    const { launch } = await started();
    right(await launch.send(testFailed({ itemId: loadTest.id, runId: 'r1', message: 'p95 too high' })));
    for (const event of [itemChecked({ itemId: loadTest.id }), itemUnchecked({ itemId: loadTest.id })]) {
      const refused = await launch.send(event);
      expect(E.isLeft(refused) && refused.left).toMatchObject({ _tag: 'NotAcceptedInState' });
    }
    const status = () =>
      launch
        .checklist()
        .phases[0]?.steps.flatMap((step) => step.items)
        .find((item) => item.id === loadTest.id)?.status;
    expect(status()).toBe('failed');
    right(await launch.send(testPassed({ itemId: loadTest.id, runId: 'r2' })));
    expect(status()).toBe('done');
    right(await launch.send(testFailed({ itemId: loadTest.id, runId: 'r3' })));
    right(
      await launch.send(
        itemWaived({ itemId: loadTest.id, reason: 'flaky environment, accepted by the lead' }),
      ),
    );
    expect(status()).toBe('waived');
  });
});
