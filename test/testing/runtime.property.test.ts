/**
 * Properties of the runtime under random event sequences (`arbitraryLaunchEvents`, many of them
 * refused where they arrive, plus invalid inputs): deterministic replay, snapshot + tail equals
 * full replay, refused or invalid events never change the log, the checklist only changes
 * through events, no gate passes while an alert is open, rollback is accepted in every running
 * state. That the reader never throws is test/plan/reader.property.test.ts.
 * Replay a failure with FC_SEED=<seed> FC_PATH=<path>.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { normalizeSnapshot } from '../../src/compile/snapshot.ts';
import { createLaunch, decodeLaunchInput, replayLaunch, type LaunchView } from '../../src/launch/index.ts';
import { createMemoryEventStore, type EventStore } from '../../src/store/index.ts';
import { arbitraryLaunchEvents, eventVocabularyOf } from '../../src/testing/arbitraries.ts';
import { generatePaths } from '../../src/testing/paths.ts';
import { createStepper } from '../../src/testing/stepper.ts';
import { loadExamples } from '../compile/drive.ts';
import { fcParams } from './seed.ts';

const lead = { id: 'lead', roles: ['admin'] };
const examples = await loadExamples();
const small = examples.filter((example) =>
  ['mbayar-go-live', 'lootopia-launch', 'ifha-rating-system'].includes(example.name),
);

const INVALID: unknown[] = [
  { type: 'item.checked' },
  { type: 'no.such.event' },
  { type: 'gate.decided', gateId: 'x', decision: 'maybe' },
  { type: 'item.checked', itemId: 'no/such/item' },
  null,
  'text',
];

/** An example and a random sequence of its events, with invalid inputs mixed in. */
const scenario = fc
  .constantFrom(...small)
  .chain((example) =>
    fc.tuple(
      fc.constant(example),
      arbitraryLaunchEvents(eventVocabularyOf(example.config), 40),
      fc.array(fc.tuple(fc.nat(40), fc.constantFrom(...INVALID)), { maxLength: 4 }),
    ),
  );

const checklistOf = (state: LaunchView) => state.checklist();

async function logOf(store: EventStore, stream: string): Promise<string> {
  const lines: string[] = [];
  for await (const envelope of store.read(stream)) lines.push(JSON.stringify(envelope));
  return lines.join('\n');
}

async function replayed(store: EventStore, stream: string, useSnapshot: boolean): Promise<LaunchView> {
  const state = await replayLaunch(store, stream, { useSnapshot });
  if (E.isLeft(state)) throw new Error(JSON.stringify(state.left));
  return state.right;
}

let streams = 0;

describe('runtime properties', () => {
  it('should only write accepted events, change the checklist only through them, and never pass a gate with an alert open', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ([example, events, invalid]) => {
        const store = createMemoryEventStore();
        const stream = `p-${(streams += 1)}`;
        const created = await createLaunch({
          store,
          stream,
          plan: example.plan,
          actor: lead,
          snapshotEvery: 3,
        });
        if (E.isLeft(created)) throw new Error(JSON.stringify(created.left));
        const launch = created.right;
        const inputs: unknown[] = [...events];
        for (const [at, bad] of invalid) inputs.splice(Math.min(at, inputs.length), 0, bad);
        for (const input of inputs) {
          const log = await logOf(store, stream);
          const checklist = launch.checklist();
          // Untrusted input, decoded at the boundary as the CLI and the service do.
          const decoded = decodeLaunchInput(input);
          const sent = E.isLeft(decoded) ? decoded : await launch.send(decoded.right);
          if (E.isLeft(sent)) {
            expect(await logOf(store, stream)).toBe(log);
            expect(launch.checklist()).toEqual(checklist);
            continue;
          }
          const event = input as { type: string; decision?: string };
          if (event.type === 'gate.decided' && event.decision === 'go')
            expect(checklist.health).toBe('healthy');
          if (launch.checklist().state === 'running')
            expect(launch.explain({ type: 'rollback.requested' })._tag).toBe('Accepted');
        }
      }),
      fcParams(40),
    );
  }, 120_000);

  it('should replay deterministically, and from a snapshot plus the tail exactly as from scratch', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ([example, events]) => {
        const store = createMemoryEventStore();
        const stream = `r-${(streams += 1)}`;
        let tick = Date.parse('2025-03-01T08:00:00.000Z');
        const created = await createLaunch({
          store,
          stream,
          plan: example.plan,
          actor: lead,
          snapshotEvery: 3,
          clock: () => new Date((tick += 1000)),
        });
        if (E.isLeft(created)) throw new Error(JSON.stringify(created.left));
        for (const event of events) await created.right.send(event);
        const once = await replayed(store, stream, false);
        const twice = await replayed(store, stream, false);
        const fromSnapshot = await replayed(store, stream, true);
        expect(normalizeSnapshot(twice.snapshot)).toEqual(normalizeSnapshot(once.snapshot));
        expect(normalizeSnapshot(fromSnapshot.snapshot)).toEqual(normalizeSnapshot(once.snapshot));
        expect(checklistOf(fromSnapshot)).toEqual(checklistOf(once));
        expect(created.right.checklist()).toEqual(checklistOf(once));
      }),
      fcParams(40),
    );
  }, 120_000);
});

describe('rollback', () => {
  it('should be accepted in every running state the generated paths reach', () => {
    for (const example of examples) {
      const generated = generatePaths(example);
      if (E.isLeft(generated)) throw new Error(generated.left.message);
      const stepper = createStepper(example.machine);
      for (const path of generated.right.paths) {
        let snapshot = stepper.initial().snapshot;
        for (const step of path.steps) {
          snapshot = stepper.step(snapshot, step.events).snapshot;
          const progress = (snapshot.value as { progress: unknown }).progress;
          if (typeof progress === 'object' && progress !== null && 'running' in progress)
            expect(
              snapshot.can({ type: 'rollback.requested' }),
              `${example.name} ${path.id}: ${JSON.stringify(snapshot.value)}`,
            ).toBe(true);
        }
      }
    }
  });
});
