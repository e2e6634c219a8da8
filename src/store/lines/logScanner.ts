/**
 * The state machine that turns log lines (of a stream file, or of NATS messages) into committed
 * events: it checks the chain (versions, previous hashes, hashes of the stored bytes), holds back
 * the events of a batch until the whole batch is there, and knows the offset where the committed
 * part of the file ends.
 * Lines of versions before `from` are only peeked at (no JSON parse, no hashing).
 */
import * as E from 'fp-ts/lib/Either.js';
import { GENESIS_HASH, type EventEnvelope } from '../../events/envelope.ts';
import { createChainChecker, decodeRecord, type ChainBreak } from '../verifyChain.ts';
import { parseLine, peekLine, startsLikeRecord } from './lineCodec.ts';

/** Where a scan starts: a committed position of the file. */
export interface ScanStart {
  readonly offset: number;
  readonly version: number;
  readonly hash: string;
}

/** The beginning of a file. */
export const FILE_START: ScanStart = { offset: 0, version: 0, hash: GENESIS_HASH };

/** A streaming scanner of one stream file. */
export interface LogScanner {
  /**
   * Feed the next complete line `buf[start, end)`; `endOffset` is the absolute offset after its
   * newline. Returns the events committed by this line (none while inside a batch).
   */
  line(
    buf: Buffer,
    start: number,
    end: number,
    endOffset: number,
  ): E.Either<ChainBreak, readonly EventEnvelope[]>;
  /** The committed end: offset after the last complete record, its version and hash. */
  readonly committed: ScanStart;
  /** Whether a batch has started but not all its events were seen. */
  readonly inBatch: boolean;
}

/**
 * Create a scanner for `stream` starting at a committed position. Lines of versions below `from`
 * are trusted (peeked, not verified); from `from` on everything is verified.
 */
export const createLogScanner = (stream: string, start: ScanStart = FILE_START, from = 1): LogScanner => {
  // The committed position, kept as three fields (not an object per event) on the hot path.
  let committedOffset = start.offset;
  let committedVersion = start.version;
  let committedHash = start.hash;
  let checker = createChainChecker(stream, { from: start.version + 1, prevHash: start.hash });
  let batch:
    { remaining: number; events: EventEnvelope[]; readonly from: number; readonly last: string } | undefined;
  const firstLine = start.offset === 0;

  const corrupt = (version: number, looksLikeRecord: boolean, message: string): E.Either<ChainBreak, never> =>
    E.left({
      reason: version === 1 && firstLine && !looksLikeRecord ? 'NotALog' : 'Undecodable',
      version,
      message,
    });

  const accept = (
    envelope: EventEnvelope,
    endOffset: number,
  ): E.Either<ChainBreak, readonly EventEnvelope[]> => {
    if (!batch) {
      committedOffset = endOffset;
      committedVersion = envelope.version;
      committedHash = envelope.hash;
      return E.right([envelope]);
    }
    batch.events.push(envelope);
    batch.remaining -= 1;
    const isLast = envelope.hash === batch.last;
    if (batch.remaining > 0 && !isLast) return E.right([]);
    if (batch.remaining > 0 || !isLast) {
      return corrupt(
        batch.from,
        true,
        `batch marker of version ${batch.from} does not match its events (count or last hash)`,
      );
    }
    const events = batch.events;
    batch = undefined;
    committedOffset = endOffset;
    committedVersion = envelope.version;
    committedHash = envelope.hash;
    return E.right(events);
  };

  return {
    get committed() {
      return { offset: committedOffset, version: committedVersion, hash: committedHash };
    },
    get inBatch() {
      return batch !== undefined;
    },
    line(buf, lineStart, lineEnd, endOffset) {
      const next = checker.version + 1;
      if (next < from) {
        const peeked = peekLine(buf, lineStart, lineEnd);
        if (peeked.kind === 'event') {
          checker = createChainChecker(stream, { from: next + 1, prevHash: peeked.storedHash });
          return accept({ version: next, hash: peeked.storedHash } as EventEnvelope, endOffset);
        }
      }
      const parsed = parseLine(buf, lineStart, lineEnd);
      if (parsed.kind === 'invalid') {
        return corrupt(next, startsLikeRecord(buf, lineStart, lineEnd), parsed.message);
      }
      if (parsed.kind === 'batch') {
        if (batch) return corrupt(next, true, 'batch marker inside a batch');
        if (parsed.from !== next)
          return corrupt(next, true, `batch marker says it starts at version ${parsed.from}`);
        batch = { remaining: parsed.count, events: [], from: parsed.from, last: parsed.last };
        return E.right([]);
      }
      const decoded = decodeRecord(parsed.record, next);
      if (E.isLeft(decoded))
        return corrupt(next, startsLikeRecord(buf, lineStart, lineEnd), decoded.left.message);
      if (decoded.right.hash !== parsed.storedHash)
        return corrupt(next, true, 'hash field is not where the format puts it');
      const broken = checker.check(decoded.right, parsed.bytesHash);
      if (broken) return E.left(broken);
      return accept(decoded.right, endOffset);
    },
  };
};
