/**
 * The test file `testgen --out` writes offers hooks only where they run: every event type it lists
 * is sent by some path, and every state it lists is matched after some event of the paths.
 */
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createLaunchTestModel, emitTestFile, testgenPlan } from '../../src/testing/index.ts';
import { EXAMPLE_IDS, readExample } from '../support/examples.ts';

/** The keys of the commented hooks of one block (`events: {` or `states: {`) of the written file. */
function listedKeys(source: string, block: string): string[] {
  const start = source.indexOf(`        ${block}: {`);
  const body = source.slice(start, source.indexOf('\n        },', start));
  return [...body.matchAll(/^ {10}\/\/ ("[^"]+"): /gm)].map(
    (match) => JSON.parse(match[1] as string) as string,
  );
}

describe('hooks of the written test file', () => {
  it.each(EXAMPLE_IDS)('should only list hooks that a path calls, for %s', async (id) => {
    const { plan } = readExample(id);
    const generated = testgenPlan(plan);
    if (E.isLeft(generated)) throw new Error(JSON.stringify(generated.left));
    const source = emitTestFile(generated.right.layout, generated.right.suite, { planFile: './plan.md' });
    const events = listedKeys(source, 'events');
    const states = listedKeys(source, 'states');
    expect(events.length).toBeGreaterThan(0);
    expect(states.length).toBeGreaterThan(0);

    const calledEvents = new Set<string>();
    const calledStates = new Set<string>();
    for (const path of createLaunchTestModel(plan).getTransitionPaths()) {
      await path.test({
        events: Object.fromEntries(events.map((type) => [type, () => void calledEvents.add(type)])),
        states: Object.fromEntries(states.map((state) => [state, () => void calledStates.add(state)])),
      });
    }
    expect(events.filter((type) => !calledEvents.has(type))).toEqual([]);
    expect(states.filter((state) => !calledStates.has(state))).toEqual([]);
  });
});
