/** The ring of recent events a launch hands to forwarding hosts: all the events after a version, or none. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import { RecentEvents } from '../../src/launch/recentEvents.ts';

const envelope = (version: number) => ({ version }) as EventEnvelope;

describe('recent events', () => {
  it('should give every event after a version it still holds, in order, and null for one it dropped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 80 }),
        (capacity, opened, written, asked) => {
          const recent = new RecentEvents(capacity);
          // A launch opened at version `opened` applies `written` events after it.
          for (let v = opened + 1; v <= opened + written; v++) recent.push(envelope(v));
          const last = opened + written;
          const oldest = Math.max(opened + 1, last - capacity + 1);
          const version = Math.min(asked, last);
          const since = recent.since(version);
          if (written === 0 || version + 1 < oldest) expect(since).toBeNull();
          else
            expect(since?.map((each) => each.version)).toEqual(
              Array.from({ length: last - version }, (_, i) => version + 1 + i),
            );
        },
      ),
    );
  });
});
