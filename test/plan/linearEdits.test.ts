/**
 * The reader installs a linear `EditMap.consume` in micromark (src/plan/markdown/linearEdits.ts):
 * it must give exactly the events the original gives, for any edits, and micromark must really
 * call it when it parses (one copy of the module, the prototype patched before any parse).
 */
import fc from 'fast-check';
import { EditMap } from 'micromark-util-edit-map';
import type { Event } from 'micromark-util-types';
import { describe, expect, it } from 'vitest';
import { linearConsume, originalConsume } from '../../src/plan/markdown/linearEdits.ts';
import { parseMarkdown } from '../../src/plan/markdown/parse.ts';
import { fcParams } from '../testing/seed.ts';

/** Stand-in events: consume only moves them, so any distinct values show where each one went. */
const eventsOf = (length: number): Event[] => Array.from({ length }, (_, index) => index as unknown as Event);

interface Edit {
  at: number;
  remove: number;
  add: number[];
  before: boolean;
}

const edit: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat({ max: 40 }),
  remove: fc.nat({ max: 5 }),
  add: fc.array(fc.integer({ min: 1000, max: 1100 }), { maxLength: 4 }),
  before: fc.boolean(),
});

function apply(consume: typeof linearConsume, length: number, edits: readonly Edit[]): Event[] {
  const map = new EditMap();
  for (const { at, remove, add, before } of edits) {
    const events = add.map((value) => value as unknown as Event);
    if (before) map.addBefore(Math.min(at, length), remove, events);
    else map.add(Math.min(at, length), remove, events);
  }
  const events = eventsOf(length);
  consume.call(map, events);
  return events;
}

describe('the linear edit map', () => {
  it('should give the same events as micromark’s own consume for any edits', () => {
    fc.assert(
      fc.property(fc.nat({ max: 40 }), fc.array(edit, { maxLength: 8 }), (length, edits) => {
        expect(apply(linearConsume, length, edits)).toEqual(apply(originalConsume, length, edits));
      }),
      fcParams(500),
    );
  });

  it('should be the consume micromark calls when a heading closes a list', () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- compared, not called
    expect(EditMap.prototype.consume).toBe(linearConsume);
    let calls = 0;
    EditMap.prototype.consume = function counted(this: EditMap, events: Event[]): undefined {
      calls += 1;
      return linearConsume.call(this, events);
    };
    try {
      parseMarkdown('# Plan\n## Build\n- [ ] a\n## Ship\n- [ ] b\n');
    } finally {
      EditMap.prototype.consume = linearConsume;
    }
    expect(calls).toBeGreaterThan(0);
  });
});
