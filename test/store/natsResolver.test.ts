/**
 * The rule that turns the messages of a NATS subject into a launch log, on its own (pure): the
 * chain is accepted in stream order, a message repeating a version (the fork a 2.9 cluster can
 * accept) and anything chained onto it are skipped and named, the same way whatever the replay,
 * and anything else off the chain is corruption.
 */
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, prepareEvent, sealEvent, type SealedEvent } from '../../src/events/envelope.ts';
import { encodeEventLine } from '../../src/store/lines/lineCodec.ts';
import {
  resolveMessage,
  type ChainPosition,
  type SubjectMessage,
  type Verdict,
} from '../../src/store/nats/chainResolver.ts';
import { advanceView, createStreamView, isAccepted, readStart } from '../../src/store/nats/streamView.ts';
import { newEvent } from './helpers.ts';

const STREAM = 'launch-1';

/** Seal `count` events after `version`/`hash` into one message at `seq`. */
const message = (
  seq: number,
  version: number,
  hash: string,
  count = 1,
  first = version,
): { message: SubjectMessage; sealed: SealedEvent[] } => {
  const sealed: SealedEvent[] = [];
  let prev = hash;
  for (let i = 0; i < count; i++) {
    const next = sealEvent(STREAM, version + 1 + i, prev, prepareEvent(newEvent(first * 10 + i)));
    sealed.push(next);
    prev = next.hash;
  }
  return { message: { seq, data: Buffer.from(sealed.map(encodeEventLine).join('')) }, sealed };
};

const START: ChainPosition = { seq: 0, version: 0, hash: GENESIS_HASH };

/** Resolve messages in order from the start, as a reader does: the verdict tags and the end. */
const resolveAll = (messages: readonly SubjectMessage[]) => {
  const view = createStreamView();
  const tags: Verdict['_tag'][] = [];
  for (const m of messages) {
    const verdict = resolveMessage(STREAM, view.position, view.losers, m);
    tags.push(verdict._tag);
    if (verdict._tag === 'Broken') return { tags, view, broken: verdict.broken };
    advanceView(view, m.seq, verdict);
  }
  return { tags, view, broken: undefined };
};

describe('resolving NATS messages into a launch log', () => {
  it('should accept a chain of single and multi-event appends, skipping other subjects’ sequences', () => {
    const a = message(3, 0, GENESIS_HASH, 2);
    const b = message(7, 2, a.sealed[1]!.hash, 1);
    const { tags, view } = resolveAll([a.message, b.message]);
    expect(tags).toEqual(['Accepted', 'Accepted']);
    expect(view.position).toEqual({ seq: 7, version: 3, hash: b.sealed[0]!.hash });
    expect(isAccepted(view, 3) && isAccepted(view, 7) && !isAccepted(view, 5)).toBe(true);
  });

  it('should skip a second message at the same version (first in stream order wins) and what chains onto it', () => {
    const one = message(1, 0, GENESIS_HASH);
    const winner = message(2, 1, one.sealed[0]!.hash, 1, 20);
    const loser = message(3, 1, one.sealed[0]!.hash, 2, 30);
    // A writer that did not notice its loss chained on: version 4 after the loser's version 3.
    const onLoser = message(4, 3, loser.sealed[1]!.hash, 1, 40);
    const next = message(5, 2, winner.sealed[0]!.hash, 1, 50);
    const { tags, view, broken } = resolveAll([
      one.message,
      winner.message,
      loser.message,
      onLoser.message,
      next.message,
    ]);
    expect(broken).toBeUndefined();
    expect(tags).toEqual(['Accepted', 'Accepted', 'Forked', 'Forked', 'Accepted']);
    expect(view.position.version).toBe(3);
    expect([...view.ids.keys()]).not.toContain(loser.sealed[0]!.eventId);
    const skipped = resolveMessage(
      STREAM,
      { seq: 2, version: 2, hash: winner.sealed[0]!.hash },
      new Set(),
      loser.message,
    );
    expect(skipped).toMatchObject({
      _tag: 'Forked',
      skipped: {
        firstVersion: 2,
        lastVersion: 3,
        reason: 'RepeatsVersion',
        location: 'message 3',
        eventIds: loser.sealed.map((s) => s.eventId),
      },
    });
  });

  it('should ignore a message delivered again (a consumer reset) and call a gap or an edit broken', () => {
    const one = message(1, 0, GENESIS_HASH);
    const two = message(2, 1, one.sealed[0]!.hash);
    const after = resolveAll([one.message, two.message]).view.position;
    expect(resolveMessage(STREAM, after, new Set(), one.message)._tag).toBe('Seen');
    const gap = message(9, 3, 'f'.repeat(64));
    expect(resolveMessage(STREAM, after, new Set(), gap.message)).toMatchObject({
      _tag: 'Broken',
      broken: { reason: 'VersionGap', version: 3 },
    });
    const edited = message(9, 2, two.sealed[0]!.hash);
    const bytes = Buffer.from(edited.message.data);
    bytes[bytes.indexOf('item-')] = 0x4a;
    expect(resolveMessage(STREAM, after, new Set(), { seq: 9, data: bytes })).toMatchObject({
      _tag: 'Broken',
      broken: { reason: 'HashMismatch', version: 3 },
    });
    expect(
      resolveMessage(STREAM, after, new Set(), { seq: 9, data: Buffer.from('{"not":"a line"}') }),
    ).toMatchObject({ _tag: 'Broken' });
  });

  it('should start a read from the accepted message holding a version, never from a skipped one', () => {
    const one = message(1, 0, GENESIS_HASH, 3);
    const winner = message(4, 3, one.sealed[2]!.hash, 2);
    const loser = message(5, 3, one.sealed[2]!.hash, 1, 90);
    const { view } = resolveAll([one.message, winner.message, loser.message]);
    expect(readStart(view, 2)).toEqual(START);
    expect(readStart(view, 5)).toEqual({ seq: 3, version: 3, hash: one.sealed[2]!.hash });
    expect(readStart(view, 6)).toEqual(view.position);
  });
});
