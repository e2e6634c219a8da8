/**
 * The hashing ground rules: canonical JSON, the hand-ordered hashed body equal to canonical JSON of
 * the same fields, sealing and the chain, stream ids, and the retry rule.
 */
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/events/canonicalJson.ts';
import {
  computeHash,
  envelopeOf,
  EventEnvelope,
  GENESIS_HASH,
  hashedBody,
  sealEvent,
} from '../../src/events/envelope.ts';
import { retryOnVersionConflict, versionConflict } from '../../src/store/expectedVersion.ts';
import { validateStreamId } from '../../src/store/streamId.ts';
import { newEvent } from './helpers.ts';

describe('canonicalJson', () => {
  it('should sort keys at every level and write no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('should encode like JSON.stringify for undefined members, array holes and toJSON', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1], c: new Date(0) })).toBe(
      '{"b":[null,1],"c":"1970-01-01T00:00:00.000Z"}',
    );
  });

  it('should refuse values JSON cannot hold', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/finite/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/bigint/);
    const cycle: Record<string, unknown> = {};
    cycle['self'] = cycle;
    expect(() => canonicalJson(cycle)).toThrow(/deeper/);
  });

  it('should give the same text for a value and its JSON round trip', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
      }),
    );
  });
});

describe('the hashed body', () => {
  it('should be the canonical JSON of the hashed fields', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.string(),
        fc.array(fc.string()),
        fc.nat(),
        (data, id, roles, version) => {
          const fields = {
            ...newEvent(1),
            data,
            actor: { id, roles },
            stream: 's',
            version: version + 1,
            prevHash: GENESIS_HASH,
          };
          const { stream, eventId, type, at, actor, planHash, prevHash } = fields;
          expect(hashedBody(fields)).toBe(
            canonicalJson({
              stream,
              version: fields.version,
              eventId,
              type,
              data,
              at,
              actor,
              planHash,
              prevHash,
            }),
          );
        },
      ),
    );
  });

  it('should seal a chain whose envelopes decode and re-hash to the same values', () => {
    const first = sealEvent('launch', 1, GENESIS_HASH, newEvent(1));
    const second = sealEvent('launch', 2, first.hash, newEvent(2));
    const envelope = envelopeOf(second);
    expect(EventEnvelope.is(envelope)).toBe(true);
    expect(envelope.prevHash).toBe(first.hash);
    expect(computeHash(envelope)).toBe(second.hash);
    expect(second.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('stream ids', () => {
  it('should accept safe ids and explain refusals', () => {
    expect(validateStreamId('launch-2025.03_b')).toEqual(E.right('launch-2025.03_b'));
    expect(validateStreamId('a.-b._c')).toEqual(E.right('a.-b._c'));
    expect(validateStreamId('x'.repeat(128))).toEqual(E.right('x'.repeat(128)));
    // The last four are not NATS subjects (an empty token, wildcards).
    for (const bad of [
      '',
      '../x',
      'a/b',
      '.hidden',
      'sp ace',
      'x'.repeat(129),
      'launch*',
      'a.',
      'a..b',
      'a.>',
      'a.*',
    ]) {
      const result = validateStreamId(bad);
      expect(E.isLeft(result) && result.left.message).toMatch(/A-Z a-z 0-9/);
    }
  });
});

describe('retryOnVersionConflict', () => {
  it('should retry conflicts with the last conflict and return the first other outcome', async () => {
    const seen: (number | undefined)[] = [];
    const result = await retryOnVersionConflict(
      (conflict, attempt) => {
        seen.push(conflict?.actual);
        return Promise.resolve(
          attempt < 3 ? E.left(versionConflict('s', 0, attempt * 10)) : E.right('written'),
        );
      },
      { delayMs: () => 0 },
    );
    expect(result).toEqual(E.right('written'));
    expect(seen).toEqual([undefined, 10, 20]);
  });

  it('should give up after maxAttempts with the last conflict, and not retry other failures', async () => {
    let calls = 0;
    const conflicted = await retryOnVersionConflict(
      () => Promise.resolve(E.left(versionConflict('s', ++calls, 99))),
      {
        maxAttempts: 4,
        delayMs: () => 0,
      },
    );
    expect(conflicted).toEqual(E.left({ _tag: 'VersionConflict', stream: 's', expected: 4, actual: 99 }));
    let other = 0;
    const failed = await retryOnVersionConflict(() =>
      Promise.resolve(E.left({ _tag: 'InvalidEvent', n: ++other })),
    );
    expect(failed).toEqual(E.left({ _tag: 'InvalidEvent', n: 1 }));
    await expect(
      retryOnVersionConflict(() => Promise.resolve(E.right(1)), { maxAttempts: 0 }),
    ).rejects.toThrow(/maxAttempts/);
  });
});
