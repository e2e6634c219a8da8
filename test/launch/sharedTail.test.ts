/**
 * A launch's shared tail (issue 20): the owner of a launch hands a forwarding host the events it
 * applied since that host's version, and the host applies them as if it had read them; events
 * that do not follow its version make it read the log instead.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { itemChecked, launchStarted } from '../../src/events/factories.ts';
import { createLaunch, openLaunch } from '../../src/launch/index.ts';
import { sharesTail } from '../../src/launch/owner/forwarding.ts';
import { readPlanMarkdown } from '../../src/index.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { right } from '../support/either.ts';

const plan = readPlanMarkdown('# Tail\n\n## Rollout\n\n### Checks\n\n- [ ] one\n- [ ] two\n- [ ] three\n');
const lead = { id: 'lea', roles: ['admin'] };

const twoHosts = async () => {
  const store = createMemoryEventStore();
  const owner = right(await createLaunch({ store, stream: 't', plan, actor: lead }));
  const other = right(await openLaunch({ store, stream: 't', actor: lead }));
  if (!sharesTail(owner) || !sharesTail(other)) throw new Error('a live launch shares its tail');
  right(await owner.send(launchStarted()));
  right(await owner.send(itemChecked({ itemId: 'rollout/checks/one' })));
  right(await owner.send(itemChecked({ itemId: 'rollout/checks/two' })));
  return { owner, other };
};

describe('a launch’s shared tail', () => {
  it('should bring another host’s launch to the owner’s state with the events it hands over', async () => {
    const { owner, other } = await twoHosts();
    const events = owner.eventsSince(other.version);
    expect(events?.map((each) => each.type)).toEqual(['launch.started', 'item.checked', 'item.checked']);
    expect(E.isRight(await other.absorb(events!))).toBe(true);
    expect(other.version).toBe(owner.version);
    expect(other.checklist()).toEqual(owner.checklist());
    expect(owner.eventsSince(owner.version)).toEqual([]);
    expect(owner.eventsSince(owner.version + 1)).toBeNull();
  });

  it('should read the log when the events handed over leave a gap', async () => {
    const { owner, other } = await twoHosts();
    const lastOnly = owner.eventsSince(owner.version - 1)!;
    expect(lastOnly).toHaveLength(1);
    expect(right(await other.absorb(lastOnly))).toBe(3);
    expect(other.checklist()).toEqual(owner.checklist());
  });
});
