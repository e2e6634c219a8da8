/**
 * The one `EventStore` interface that the memory, file, PostgreSQL and NATS stores implement, and
 * the types around it. Every store passes the same conformance suite (test/store/conformance.ts).
 */
import type * as E from 'fp-ts/lib/Either.js';
import type { EventEnvelope, NewEvent } from '../events/envelope.ts';
import type { ExpectedVersion, VersionConflict } from './expectedVersion.ts';
import type { InvalidStreamId } from './streamId.ts';
import type { VerifyResult } from './verifyChain.ts';

/** Options of {@link EventStore.append}. */
export interface AppendOptions {
  /** Default `'any'`. */
  readonly expectedVersion?: ExpectedVersion;
}

/** A successful append. */
export interface AppendResult {
  /**
   * The version of the last event of this append: the new stream version, or, when every event id
   * was already in the stream (a retry), the version that event got the first time.
   */
  readonly version: number;
  /** How many events were written now: 0 for a retry that was already written. */
  readonly appended: number;
}

/**
 * Some, but not all, event ids of an append are already in the stream, or an id is repeated
 * within the append: it is neither a clean retry nor a new append, so nothing is written.
 */
export interface DuplicateEventIds {
  readonly _tag: 'DuplicateEventIds';
  readonly stream: string;
  readonly eventIds: readonly string[];
}

/** An event given to append does not decode as a `NewEvent`. */
export interface InvalidEvent {
  readonly _tag: 'InvalidEvent';
  readonly stream: string;
  readonly index: number;
  readonly message: string;
}

/** Why an append was refused (nothing was written). */
export type AppendError = VersionConflict | DuplicateEventIds | InvalidEvent | InvalidStreamId;

/** Options of {@link EventStore.read}. */
export interface ReadOptions {
  /** First version to read, inclusive. Default 1. */
  readonly from?: number;
  /** Last version to read, inclusive. Default: the end of the stream when reading starts. */
  readonly to?: number;
}

/** Options of {@link EventStore.subscribe}. */
export interface SubscribeOptions {
  /** First version to deliver. Default 1 (everything, then live events). */
  readonly from?: number;
  /** Stops the subscription; the iterator then ends. */
  readonly signal?: AbortSignal;
}

/** Saved replay state at a version, so replay can start there instead of at version 1. */
export interface Snapshot {
  readonly version: number;
  readonly state: unknown;
}

/**
 * An append-only, hash-chained event log of many streams.
 *
 * Expected failures (conflicts, bad input) are returned as `Left`; a broken log (an edited or
 * undecodable record) or broken infrastructure (disk, network) throws an {@link EventLogError}
 * or the underlying error.
 */
export interface EventStore {
  /**
   * Append events to a stream atomically (all or none), checking `expectedVersion` first.
   * A retry whose event ids are all already in the stream writes nothing and returns the
   * version they were written at.
   */
  append(
    stream: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<E.Either<AppendError, AppendResult>>;
  /** Read a range of a stream in version order, verifying the chain as it goes; streams, never loads it all. */
  read(stream: string, options?: ReadOptions): AsyncIterable<EventEnvelope>;
  /** Current version of a stream (0 when it has no events). */
  version(stream: string): Promise<E.Either<InvalidStreamId, number>>;
  /** Existing events from `from`, then live ones as they are appended (by any host), until aborted or `return()`ed. */
  subscribe(stream: string, options?: SubscribeOptions): AsyncIterable<EventEnvelope>;
  /** The ids of all streams that have at least one event, sorted. */
  listStreams(): Promise<readonly string[]>;
  /** Save a snapshot of a stream, replacing the previous one. */
  saveSnapshot(stream: string, snapshot: Snapshot): Promise<E.Either<InvalidStreamId, void>>;
  /** The last saved snapshot of a stream, if any. */
  loadSnapshot(stream: string): Promise<E.Either<InvalidStreamId, Snapshot | undefined>>;
  /** Check the whole chain of a stream and name the first bad version, if any. */
  verify(stream: string): Promise<E.Either<InvalidStreamId, VerifyResult>>;
  /**
   * What the last read to the end of `stream` found after its last whole record: the bytes an
   * interrupted write left after version `after` (file store; not data, dropped by the next append).
   */
  tornTail?(stream: string): { after: number; bytes: number } | undefined;
  /** Release files, connections and subscriptions. */
  close(): Promise<void>;
}

/** What is wrong with a stored log, as data. */
export type LogIssue =
  | { readonly _tag: 'NotALog'; readonly stream: string; readonly location: string; readonly message: string }
  | {
      readonly _tag: 'CorruptRecord';
      readonly stream: string;
      readonly version: number;
      readonly message: string;
    }
  | {
      readonly _tag: 'CorruptSnapshot';
      readonly stream: string;
      readonly location: string;
      readonly message: string;
    };

/** Thrown when a stored log cannot be read as a log: it carries the {@link LogIssue}. */
export class EventLogError extends Error {
  readonly issue: LogIssue;
  constructor(issue: LogIssue) {
    super(describeLogIssue(issue));
    this.name = 'EventLogError';
    this.issue = issue;
  }
}

/** The text of a {@link LogIssue}. */
export const describeLogIssue = (issue: LogIssue): string => {
  switch (issue._tag) {
    case 'NotALog':
      return `${issue.location} is not a launchplan event log (refusing to read or write it): ${issue.message}`;
    case 'CorruptRecord':
      return `stream ${issue.stream} is corrupt at version ${issue.version}: ${issue.message}`;
    case 'CorruptSnapshot':
      return `snapshot of stream ${issue.stream} at ${issue.location} is unreadable: ${issue.message}`;
  }
};
