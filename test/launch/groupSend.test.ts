/**
 * Group commit in a launch (issue 20): sends that arrive while one is being written are decided
 * one after the other on a copy of the state and appended as one write; each is answered as a
 * lone send would be.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { itemChecked, launchStarted } from '../../src/events/factories.ts';
import { createLaunch } from '../../src/launch/index.ts';
import { readPlanMarkdown } from '../../src/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { right } from '../support/either.ts';

const plan = readPlanMarkdown(
  `# Batch\n\n## Rollout\n\n### Checks\n\n${Array.from({ length: 10 }, (_, i) => `- [ ] check ${i + 1}`).join('\n')}\n`,
);
const lead = { id: 'lea', roles: ['admin'] };

/** A memory store that counts its appends. */
const counted = (): { store: EventStore; appends: () => number } => {
  const inner = createMemoryEventStore();
  let appends = 0;
  return {
    store: new Proxy(inner, {
      get(target, property) {
        if (property === 'append')
          return (...args: Parameters<EventStore['append']>) => {
            appends += 1;
            return target.append(...args);
          };
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
      },
    }),
    appends: () => appends,
  };
};

describe('group commit of a launch', () => {
  it('should append sends that arrive together in fewer writes and answer each with its own version', async () => {
    const { store, appends } = counted();
    const launch = right(await createLaunch({ store, stream: 'b', plan, actor: lead }));
    right(await launch.send(launchStarted()));
    const before = appends();
    const sent = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        launch.send(itemChecked({ itemId: `rollout/checks/check-${i + 1}` })),
      ),
    );
    const versions = sent.map((result) => right(result).version);
    expect(new Set(versions).size).toBe(8);
    expect(Math.max(...versions)).toBe(10);
    expect(appends() - before).toBeLessThan(8);
    expect(launch.checklist().progress.done).toBe(8);
  });

  it('should refuse in a batch what a lone send refuses, and write the rest', async () => {
    const { store } = counted();
    const launch = right(await createLaunch({ store, stream: 'r', plan, actor: lead }));
    right(await launch.send(launchStarted()));
    const [first, unknown, twice, retried] = await Promise.all([
      launch.send(itemChecked({ itemId: 'rollout/checks/check-1' }), { eventId: 'one' }),
      launch.send(itemChecked({ itemId: 'rollout/checks/no-such-item' })),
      launch.send(itemChecked({ itemId: 'rollout/checks/check-2' }), { eventId: 'two' }),
      launch.send(itemChecked({ itemId: 'rollout/checks/check-1' }), { eventId: 'one' }),
    ]);
    expect(right(first)).toEqual({ version: 3, appended: true });
    expect(E.isLeft(unknown) && unknown.left._tag).toBe('NotAcceptedInState');
    expect(right(twice).appended).toBe(true);
    expect(right(retried)).toEqual({ version: 3, appended: false });
    expect(launch.version).toBe(4);
  });

  it('should write the events of one sendAll in one append when the state takes them all, in order', async () => {
    const { store, appends } = counted();
    const launch = right(await createLaunch({ store, stream: 'all', plan, actor: lead }));
    right(await launch.send(launchStarted()));
    const before = appends();
    const sent = await launch.sendAll(
      Array.from({ length: 10 }, (_, i) => ({
        event: itemChecked({ itemId: `rollout/checks/check-${i + 1}` }),
      })),
    );
    expect(appends() - before).toBe(1);
    expect(sent.map((result) => right(result).version)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(launch.checklist().progress.done).toBe(10);
  });
});
