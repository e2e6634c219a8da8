/**
 * The one rule that turns the messages of a launch subject into its log, the same on every host.
 * Messages are taken in stream order, each holding the events of one append as log lines:
 *
 * - a message whose events extend the chain (first version = the last version + 1, chained to
 *   its hash) is **accepted**;
 * - a message that repeats a version already taken (the server accepted two publishes with the
 *   same expected subject sequence: nats-io/nats-server#4320), or chains onto such a message, is a
 *   **fork**: skipped and reported; the first in stream order wins;
 * - anything else (a gap, an edited record, bytes that are not log lines) is **broken**.
 *
 * Pure: the caller fetches the messages and keeps the position.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { EventEnvelope } from '../../events/envelope.ts';
import { parseLine } from '../lines/lineCodec.ts';
import { createLogScanner } from '../lines/logScanner.ts';
import { decodeRecord, type ChainBreak, type SkippedAppend } from '../verifyChain.ts';

/** One stored message of a launch subject. */
export interface SubjectMessage {
  readonly seq: number;
  readonly data: Uint8Array;
}

/** Where the resolved log stands: after message `seq`, at `version` whose hash is `hash`. */
export interface ChainPosition {
  readonly seq: number;
  readonly version: number;
  readonly hash: string;
}

/** What to do with one message. */
export type Verdict =
  | { readonly _tag: 'Accepted'; readonly events: readonly EventEnvelope[]; readonly position: ChainPosition }
  | { readonly _tag: 'Forked'; readonly skipped: SkippedAppend; readonly hashes: readonly string[] }
  | { readonly _tag: 'Seen' }
  | { readonly _tag: 'Broken'; readonly broken: ChainBreak };

const SEEN: Verdict = { _tag: 'Seen' };

/** The `[start, end)` of each line of a message (newline excluded), or why it is not lines. */
const linesOf = (buf: Buffer): E.Either<string, number[]> => {
  const lines: number[] = [];
  let start = 0;
  for (;;) {
    const newline = buf.indexOf(0x0a, start);
    if (newline < 0) break;
    lines.push(start, newline);
    start = newline + 1;
  }
  if (start !== buf.length) return E.left('does not end with a newline');
  return lines.length === 0 ? E.left('is empty') : E.right(lines);
};

/** Scan the lines of a message from a position: its events, or the first break. */
const scanFrom = (
  stream: string,
  start: ChainPosition,
  buf: Buffer,
  lines: readonly number[],
): E.Either<ChainBreak, EventEnvelope[]> => {
  const scanner = createLogScanner(stream, { offset: 0, version: start.version, hash: start.hash });
  const events: EventEnvelope[] = [];
  for (let i = 0; i < lines.length; i += 2) {
    const result = scanner.line(buf, lines[i]!, lines[i + 1]!, lines[i + 1]! + 1);
    if (E.isLeft(result)) return result;
    events.push(...result.right);
  }
  return scanner.inBatch
    ? E.left({
        reason: 'Undecodable',
        version: scanner.committed.version + 1,
        message: 'a batch is not complete',
      })
    : E.right(events);
};

const at = (seq: number, broken: ChainBreak): Verdict => ({
  _tag: 'Broken',
  broken: { ...broken, message: `${broken.message} (message ${seq})` },
});

/**
 * Decide one message, given the position after the messages before it and the hashes of the
 * events of skipped messages (so that a message chained onto a fork is recognised as one).
 *
 * @example
 * const verdict = resolveMessage('launch-1', position, losers, { seq: 42, data });
 * if (verdict._tag === 'Accepted') position = verdict.position;
 */
export const resolveMessage = (
  stream: string,
  position: ChainPosition,
  losers: ReadonlySet<string>,
  message: SubjectMessage,
  location: (seq: number) => string = (seq) => `message ${seq}`,
): Verdict => {
  if (message.seq <= position.seq) return SEEN;
  const buf = Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength);
  const lines = linesOf(buf);
  if (E.isLeft(lines))
    return at(message.seq, {
      reason: 'Undecodable',
      version: position.version + 1,
      message: `the message ${lines.left}`,
    });
  const scanned = scanFrom(stream, position, buf, lines.right);
  if (E.isRight(scanned)) {
    const last = scanned.right[scanned.right.length - 1]!;
    return {
      _tag: 'Accepted',
      events: scanned.right,
      position: { seq: message.seq, version: last.version, hash: last.hash },
    };
  }
  // Off the chain: a fork if its first event repeats a taken version or extends a skipped event,
  // and its own records are intact; broken otherwise.
  const first = parseLine(buf, lines.right[0]!, lines.right[1]!);
  const record = first.kind === 'event' ? decodeRecord(first.record, position.version + 1) : undefined;
  if (!record || E.isLeft(record)) return at(message.seq, scanned.left);
  const { version, prevHash } = record.right;
  const repeats = version <= position.version;
  const extendsSkipped = losers.has(prevHash);
  if (!repeats && !extendsSkipped) return at(message.seq, scanned.left);
  const own = scanFrom(
    stream,
    { seq: message.seq - 1, version: version - 1, hash: prevHash },
    buf,
    lines.right,
  );
  if (E.isLeft(own)) return at(message.seq, own.left);
  const events = own.right;
  const lastVersion = events[events.length - 1]!.version;
  const where = location(message.seq);
  return {
    _tag: 'Forked',
    hashes: events.map((event) => event.hash),
    skipped: {
      location: where,
      firstVersion: version,
      lastVersion,
      eventIds: events.map((event) => event.eventId),
      reason: repeats ? 'RepeatsVersion' : 'ExtendsSkipped',
      message: repeats
        ? `${where} repeats version${lastVersion > version ? `s ${version}–${lastVersion}` : ` ${version}`} of stream ${stream}, which an earlier message holds: a fork the server accepted; skipped`
        : `${where} chains onto a skipped fork of stream ${stream}; skipped`,
    },
  };
};
