/**
 * Every decoder of untrusted input answers with a value, Right or a tagged Left, and never
 * throws: on random JSON, and on names that are keys of every JavaScript object (`constructor`,
 * `toString`, `__proto__`, `hasOwnProperty`) used as event types, ids, labels and fields. A
 * launch given such ids refuses the event and writes nothing.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeLaunchEvent } from '../../src/events/vocabulary.ts';
import { itemChecked, gateDecided, alertResolved } from '../../src/events/factories.ts';
import { alertmanagerEvents } from '../../src/ingest/alertmanager.ts';
import { parseJunit } from '../../src/ingest/junit.ts';
import { validatePlan } from '../../src/plan/validate.ts';
import { readPlanRecord } from '../../src/launch/planRecord.ts';
import { openSnapshot } from '../../src/launch/snapshotRecord.ts';
import { createLaunch, decodeLaunchInput } from '../../src/launch/index.ts';
import { parseTokens } from '../../src/service/auth.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { readExample } from '../support/examples.ts';
import { right } from '../support/either.ts';
import { fcParams } from '../testing/seed.ts';

const PROTOTYPE_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

/** JSON values whose keys and strings are often prototype names. */
const hostile = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...PROTOTYPE_NAMES),
    fc.string(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        fc.constantFrom(...PROTOTYPE_NAMES, 'type', 'itemId', 'alerts', 'tokens', 'plan', 'phases'),
        fc.string(),
      ),
      tie('value'),
      { maxKeys: 5 },
    ),
  ),
})).value;

/** An object read from JSON text: `__proto__` becomes an own key, as it does in a request body. */
const parsed = hostile.map((value) => JSON.parse(JSON.stringify(value)) as unknown);

const decoders: Record<string, (input: unknown) => { _tag: string }> = {
  decodeLaunchEvent,
  decodeLaunchInput,
  validatePlan,
  readPlanRecord,
  openSnapshot: (input) => openSnapshot(3, input, 'a snapshot key'),
  alertmanagerEvents: (input) => alertmanagerEvents(input, []),
  parseTokens: (input) => parseTokens(JSON.stringify(input)),
  parseJunit: (input) =>
    parseJunit(
      typeof input === 'string' ? input : `<testsuite name=${JSON.stringify(JSON.stringify(input))}/>`,
    ),
};

describe('decoders of untrusted input', () => {
  for (const [name, decode] of Object.entries(decoders)) {
    it(`should answer Right or a tagged Left and never throw: ${name}`, () => {
      fc.assert(
        fc.property(parsed, (input) => {
          const result = decode(input);
          expect(['Left', 'Right']).toContain(result._tag);
        }),
        fcParams(200),
      );
    });
  }

  it.each(PROTOTYPE_NAMES)('should refuse %s as an event type', (type) => {
    expect(decodeLaunchEvent(JSON.parse(`{"type":${JSON.stringify(type)}}`))).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'UnknownEventType' },
    });
  });

  it('should let a launch refuse prototype names as item, gate and alert ids, and write nothing', async () => {
    const store = createMemoryEventStore();
    const launch = right(
      await createLaunch({
        store,
        stream: 'proto',
        plan: readExample('mbayar-go-live').plan,
        actor: { id: 'lea', roles: ['admin'] },
      }),
    );
    for (const id of PROTOTYPE_NAMES) {
      for (const event of [
        itemChecked({ itemId: id }),
        gateDecided({ gateId: id, decision: 'go' }),
        alertResolved({ alertId: id }),
      ]) {
        const sent = await launch.send(event);
        expect(E.isLeft(sent) && sent.left._tag).toBe('NotAcceptedInState');
      }
    }
    expect(launch.version).toBe(1);
  });
});

describe('numbers a log cannot hold', () => {
  it('should refuse an alert value of 1e400 (Infinity once read) as an invalid field', () => {
    const decoded = decodeLaunchInput(JSON.parse('{"type":"alert.fired","alertId":"cpu","value":1e400}'));
    expect(decoded).toMatchObject({
      _tag: 'Left',
      left: { _tag: 'InvalidEvent', errors: [{ path: 'value' }] },
    });
  });
});
