/**
 * The event registry is the one declaration of each event type: the docs list every type it
 * declares, the history tells every event in words, and only types it declares decode.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { planRevised } from '../../src/events/factories.ts';
import { decodeLaunchEvent, LAUNCH_EVENT_TYPES, tellEvent } from '../../src/events/vocabulary.ts';
import { arbitraryLaunchEvents } from '../../src/testing/arbitraries.ts';

const EVENTS_DOC = readFileSync(new URL('../../docs/events.md', import.meta.url), 'utf8');

describe('the event registry', () => {
  it('should have every event type documented in docs/events.md', () => {
    for (const type of LAUNCH_EVENT_TYPES) expect(EVENTS_DOC).toContain(`| \`${type}\` |`);
  });

  it('should tell every event in words', () => {
    const vocabulary = { items: ['a/b'], tests: ['a/t'], gates: ['gate/g'], rollbackSteps: ['rollback/r'] };
    const events = [
      ...fc.sample(arbitraryLaunchEvents(vocabulary, 80), { numRuns: 400, seed: 1 }).flat(),
      planRevised({ fromHash: 'a', toHash: 'b' }),
    ];
    const names = new Map([
      ['a/b', 'Backups'],
      ['gate/g', 'Go/No-go'],
    ]);
    const told = new Set(events.map((event) => event.type));
    expect([...told].sort()).toEqual([...LAUNCH_EVENT_TYPES].sort());
    for (const event of events) {
      const text = tellEvent(event, names);
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toBe(event.type);
    }
  });

  it('should decode only the types it declares, by its own keys', () => {
    for (const type of ['item.sparkled', 'constructor', '__proto__', 'toString'])
      expect(E.isLeft(decodeLaunchEvent({ type, itemId: 'a' }))).toBe(true);
  });
});
