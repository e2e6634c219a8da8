/**
 * The hash-chain check shared by every store: versions gap-free from 1, each `prevHash` equal to
 * the previous `hash`, each `hash` equal to the hash of the event's own fields. Streaming: it holds
 * one previous event, never the log.
 */
import * as E from 'fp-ts/lib/Either.js';
import { computeHash, EventEnvelope, GENESIS_HASH } from '../events/envelope.ts';

/** Why a record breaks the chain. */
export type ChainBreakReason =
  | 'Undecodable'
  | 'WrongStream'
  | 'VersionGap'
  | 'PrevHashMismatch'
  | 'HashMismatch'
  | 'TornTail'
  | 'Truncated'
  | 'NotALog';

/** The first record that breaks the chain. */
export interface ChainBreak {
  readonly reason: ChainBreakReason;
  /** The version that is bad (the version the record should have had). */
  readonly version: number;
  readonly message: string;
}

/**
 * A stored append that is not part of the log: it repeats versions an earlier append holds (a
 * fork the server let through: two writers were both told they appended at the same version), or
 * chains onto such an append. Readers skip it, the same way on every host; only a store that can
 * hold one (NATS) reports it.
 */
export interface SkippedAppend {
  /** Where it is stored (`message 42 of launchplan_events`). */
  readonly location: string;
  readonly firstVersion: number;
  readonly lastVersion: number;
  readonly eventIds: readonly string[];
  readonly reason: 'RepeatsVersion' | 'ExtendsSkipped';
  readonly message: string;
}

/** The outcome of verifying a whole stream. */
export type VerifyResult =
  | {
      readonly ok: true;
      readonly stream: string;
      readonly version: number;
      readonly hash: string;
      /** Stored appends that readers skip (forks), when there are any. */
      readonly skipped?: readonly SkippedAppend[];
    }
  | {
      readonly ok: false;
      readonly stream: string;
      /** Last version whose record and chain are intact (0 if none). */
      readonly lastGoodVersion: number;
      /** First version that is bad: edited, missing, out of order or torn. */
      readonly firstBadVersion: number;
      readonly reason: ChainBreakReason;
      readonly message: string;
    };

/** A streaming chain checker: feed it envelopes in order. */
export interface ChainChecker {
  /**
   * Check the next envelope. `storedBytesHash`, when given, is the SHA-256 of the exact stored
   * bytes of the hashed fields (the file and NATS stores keep them) and replaces recomputing it.
   */
  check(envelope: EventEnvelope, storedBytesHash?: string): ChainBreak | undefined;
  /** Version of the last accepted envelope (`from - 1` before any). */
  readonly version: number;
  /** Hash of the last accepted envelope (`undefined` when unknown: a range not starting at 1). */
  readonly hash: string | undefined;
}

/** Options of {@link createChainChecker}. */
export interface ChainCheckerOptions {
  /** Version the first envelope must have. Default 1. */
  readonly from?: number;
  /** `prevHash` the first envelope must have; default the genesis hash when `from` is 1, else unchecked. */
  readonly prevHash?: string;
}

/**
 * Create a checker for one stream.
 *
 * @example
 * const checker = createChainChecker('launch-1');
 * for await (const e of events) { const broken = checker.check(e); if (broken) throw ... }
 */
export const createChainChecker = (stream: string, options: ChainCheckerOptions = {}): ChainChecker => {
  const from = options.from ?? 1;
  let version = from - 1;
  let hash: string | undefined = options.prevHash ?? (from === 1 ? GENESIS_HASH : undefined);
  return {
    get version() {
      return version;
    },
    get hash() {
      return hash;
    },
    check(envelope, storedBytesHash) {
      const expected = version + 1;
      if (envelope.stream !== stream) {
        return {
          reason: 'WrongStream',
          version: expected,
          message: `record belongs to stream ${JSON.stringify(envelope.stream)}`,
        };
      }
      if (envelope.version !== expected) {
        return {
          reason: 'VersionGap',
          version: expected,
          message: `expected version ${expected}, found ${envelope.version}`,
        };
      }
      if (hash !== undefined && envelope.prevHash !== hash) {
        return {
          reason: 'PrevHashMismatch',
          version: expected,
          message: `prevHash ${envelope.prevHash} is not the hash of version ${version} (${hash})`,
        };
      }
      const actual = storedBytesHash ?? computeHash(envelope);
      if (envelope.hash !== actual) {
        return {
          reason: 'HashMismatch',
          version: expected,
          message: `stored hash ${envelope.hash} but the content hashes to ${actual}`,
        };
      }
      version = expected;
      hash = envelope.hash;
      return undefined;
    },
  };
};

/**
 * The hot-path check of a stored record: every field there with its JSON type. The finer rules
 * (ISO date, hex digests) were checked when the event was appended, and the hash check that
 * follows proves the record is still what was appended; a record failing this quick check goes
 * through the full io-ts decoder, which names the bad field.
 */
const hasEnvelopeShape = (record: unknown): record is EventEnvelope => {
  if (typeof record !== 'object' || record === null) return false;
  const r = record as Record<string, unknown>;
  const actor = r['actor'] as { id?: unknown; roles?: unknown } | null | undefined;
  return (
    typeof r['stream'] === 'string' &&
    typeof r['version'] === 'number' &&
    Number.isSafeInteger(r['version']) &&
    r['version'] >= 1 &&
    typeof r['eventId'] === 'string' &&
    typeof r['type'] === 'string' &&
    typeof r['at'] === 'string' &&
    typeof r['planHash'] === 'string' &&
    typeof r['prevHash'] === 'string' &&
    typeof r['hash'] === 'string' &&
    r['hash'].length === 64 &&
    typeof actor === 'object' &&
    actor !== null &&
    typeof actor.id === 'string' &&
    Array.isArray(actor.roles) &&
    allStrings(actor.roles as unknown[])
  );
};

const allStrings = (values: readonly unknown[]): boolean => {
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'string') return false;
  return true;
};

/** Decode one stored record as an envelope, as a chain break when it does not decode. */
export const decodeRecord = (record: unknown, version: number): E.Either<ChainBreak, EventEnvelope> => {
  if (hasEnvelopeShape(record)) return E.right(record);
  const decoded = EventEnvelope.decode(record);
  if (E.isRight(decoded)) return E.right(decoded.right);
  const paths = decoded.left.slice(0, 3).map(
    (error) =>
      error.context
        .map((entry) => entry.key)
        .filter((key) => key !== '')
        .join('.') || '(root)',
  );
  return E.left({
    reason: 'Undecodable',
    version,
    message: `record does not decode as an event envelope at ${paths.join(', ')}`,
  });
};

/**
 * Verify a whole stream from version 1, given its stored records in order (any iterable of
 * not-yet-decoded records). Returns the last version and hash, or the first bad version.
 */
export const verifyChain = async (
  stream: string,
  records: AsyncIterable<unknown> | Iterable<unknown>,
): Promise<VerifyResult> => {
  const checker = createChainChecker(stream);
  for await (const record of records) {
    const decoded = decodeRecord(record, checker.version + 1);
    const broken = E.isLeft(decoded) ? decoded.left : checker.check(decoded.right);
    if (broken) return chainBroken(stream, checker.version, broken);
  }
  return { ok: true, stream, version: checker.version, hash: checker.hash ?? GENESIS_HASH };
};

/** Turn a chain break into a failed {@link VerifyResult}. */
export const chainBroken = (stream: string, lastGoodVersion: number, broken: ChainBreak): VerifyResult => ({
  ok: false,
  stream,
  lastGoodVersion,
  firstBadVersion: broken.version,
  reason: broken.reason,
  message: broken.message,
});
