/**
 * The decision every store makes under its lock (or transaction) before writing: validate the new
 * events, recognise a retry by event ids, check the expected version, then seal the events onto
 * the chain. Pure: the store supplies the tail and the id lookup, and does the writing.
 */
import * as E from 'fp-ts/lib/Either.js';
import {
  NewEvent,
  prepareEvent,
  sealEvent,
  type PreparedEvent,
  type SealedEvent,
} from '../events/envelope.ts';
import type { AppendError, AppendResult, DuplicateEventIds, EventStore, InvalidEvent } from './EventStore.ts';
import {
  checkExpectedVersion,
  isExpectedVersion,
  versionConflict,
  type ExpectedVersion,
} from './expectedVersion.ts';
import { validateStreamId } from './streamId.ts';

/** The end of a stream: its version (0 when empty) and the hash of that version. */
export interface StreamTail {
  readonly version: number;
  readonly hash: string;
}

/** What to do: write these sealed events, or nothing because a retry was already written. */
export type AppendPlan =
  | { readonly _tag: 'Write'; readonly events: readonly SealedEvent[]; readonly version: number }
  | { readonly _tag: 'AlreadyWritten'; readonly version: number };

/**
 * Validate the events of an append (before taking any lock): each must decode as a `NewEvent`,
 * and their ids must be distinct. Returns them prepared for sealing.
 */
export const validateNewEvents = (
  stream: string,
  events: readonly NewEvent[],
  expectedVersion: unknown,
): E.Either<InvalidEvent | DuplicateEventIds, readonly PreparedEvent[]> => {
  if (!isExpectedVersion(expectedVersion)) {
    return E.left({
      _tag: 'InvalidEvent',
      stream,
      index: -1,
      message: `expectedVersion should be an integer >= 0, 'no_stream' or 'any', got ${JSON.stringify(expectedVersion)}`,
    });
  }
  if (!Array.isArray(events)) {
    return E.left({
      _tag: 'InvalidEvent',
      stream,
      index: -1,
      message: 'events should be an array of new events',
    });
  }
  const seen = new Set<string>();
  const repeated: string[] = [];
  const prepared: PreparedEvent[] = [];
  for (let index = 0; index < events.length; index++) {
    // What a caller passed, not yet known to be a new event.
    const event: unknown = events[index];
    if (!NewEvent.is(event)) {
      const decoded = NewEvent.decode(event);
      const paths = E.isLeft(decoded)
        ? decoded.left
            .map((error) =>
              error.context
                .map((entry) => entry.key)
                .filter((key) => key !== '')
                .join('.'),
            )
            .join(', ')
        : '';
      return E.left({
        _tag: 'InvalidEvent',
        stream,
        index,
        message: `event ${index} is not a valid new event (${paths})`,
      });
    }
    if (seen.has(event.eventId)) repeated.push(event.eventId);
    seen.add(event.eventId);
    prepared.push(prepareEvent(event));
  }
  return repeated.length > 0
    ? E.left({ _tag: 'DuplicateEventIds', stream, eventIds: repeated })
    : E.right(prepared);
};

/** Validate a whole append (stream id, expected version, events) before taking any lock. */
export const validateAppend = (
  stream: string,
  events: readonly NewEvent[],
  expectedVersion: unknown,
): E.Either<AppendError, readonly PreparedEvent[]> => {
  const validStream = validateStreamId(stream);
  return E.isLeft(validStream) ? validStream : validateNewEvents(stream, events, expectedVersion);
};

/** One append, validated: what a store writes, alone or in a batch. */
export interface BatchAppend {
  readonly events: readonly PreparedEvent[];
  readonly expectedVersion: ExpectedVersion;
}

/**
 * The `append` of a store: every store defaults the expected version and validates the append
 * here, before its own lock or round trip, then `write`s the valid one.
 *
 * @example
 * const append = validatingAppend((stream, valid) => batcher(stream, valid));
 */
export const validatingAppend =
  (
    write: (
      stream: string,
      append: BatchAppend,
    ) => E.Either<AppendError, AppendResult> | Promise<E.Either<AppendError, AppendResult>>,
  ): EventStore['append'] =>
  async (stream, events, options = {}) => {
    const expectedVersion = options.expectedVersion ?? 'any';
    const valid = validateAppend(stream, events, expectedVersion);
    return E.isLeft(valid) ? valid : await write(stream, { events: valid.right, expectedVersion });
  };

/**
 * Decide an append against the current tail of a stream.
 * `versionOf` returns the stored version of an event id already in the stream, else `undefined`.
 */
export const planAppend = (
  stream: string,
  tail: StreamTail,
  events: readonly PreparedEvent[],
  expectedVersion: ExpectedVersion,
  versionOf: (eventId: string) => number | undefined,
): E.Either<AppendError, AppendPlan> => {
  let stored: string[] | undefined;
  let lastStored = 0;
  for (const prepared of events) {
    const version = versionOf(prepared.event.eventId);
    if (version === undefined) continue;
    (stored ??= []).push(prepared.event.eventId);
    lastStored = Math.max(lastStored, version);
  }
  if (stored) {
    if (stored.length < events.length) return E.left({ _tag: 'DuplicateEventIds', stream, eventIds: stored });
    return E.right({ _tag: 'AlreadyWritten', version: lastStored });
  }
  const conflict = checkExpectedVersion(stream, expectedVersion, tail.version);
  if (conflict) return E.left(conflict);
  const sealed: SealedEvent[] = [];
  let prevHash = tail.hash;
  let version = tail.version;
  for (const event of events) {
    version += 1;
    const next = sealEvent(stream, version, prevHash, event);
    sealed.push(next);
    prevHash = next.hash;
  }
  return E.right({ _tag: 'Write', events: sealed, version });
};

/** A batch of appends decided one after the other against one tail. */
export interface BatchPlan {
  /** Each append's answer, as it stands if `writes` are written. */
  readonly results: readonly E.Either<AppendError, AppendResult>[];
  /** The sealed events of each append to write (none for the others), in order. */
  readonly writes: readonly (readonly SealedEvent[])[];
  /** Whether an append was refused as a conflict (worth deciding again from a fresh tail). */
  readonly conflicted: boolean;
}

/**
 * Decide a batch of appends (group commit): each one against the tail the ones before it leave,
 * so they can all be written at once; `versionOf` answers for ids already stored.
 */
export const planBatch = (
  stream: string,
  tail: StreamTail,
  batch: readonly BatchAppend[],
  versionOf: (eventId: string) => number | undefined,
): BatchPlan => {
  let current = tail;
  const pending = new Map<string, number>();
  const results: E.Either<AppendError, AppendResult>[] = [];
  const writes: (readonly SealedEvent[])[] = [];
  for (const append of batch) {
    const plan = planAppend(
      stream,
      current,
      append.events,
      append.expectedVersion,
      (id) => versionOf(id) ?? pending.get(id),
    );
    const sealed = E.isRight(plan) && plan.right._tag === 'Write' ? plan.right.events : [];
    for (const event of sealed) pending.set(event.eventId, event.version);
    const last = sealed[sealed.length - 1];
    if (last) current = { version: last.version, hash: last.hash };
    writes.push(sealed);
    results.push(E.isLeft(plan) ? plan : E.right({ version: plan.right.version, appended: sealed.length }));
  }
  return {
    results,
    writes,
    conflicted: results.some((result) => E.isLeft(result) && result.left._tag === 'VersionConflict'),
  };
};

/**
 * The answers of a batch with nothing left to write: an append found already stored counts as
 * written by this batch when an earlier write of the batch, whose outcome was unknown (a timeout,
 * a lost connection), may have stored it (`maybeOurs`, by index).
 */
export const answersWithoutWriting = (
  plan: BatchPlan,
  batch: readonly BatchAppend[],
  maybeOurs: ReadonlySet<number>,
): readonly E.Either<AppendError, AppendResult>[] =>
  plan.results.map((result, index) =>
    maybeOurs.has(index) && E.isRight(result)
      ? E.right({ ...result.right, appended: batch[index]!.events.length })
      : result,
  );

/**
 * The appends of a batch that a plan writes, by index: after a write whose outcome is unknown, the
 * ones found stored later are this batch's own (`maybeOurs` of {@link answersWithoutWriting}).
 */
export const writingAppends = (plan: BatchPlan): number[] =>
  plan.writes.flatMap((written, index) => (written.length > 0 ? [index] : []));

/** The answers of a batch that lost its races too often: each append a conflict with the tail it lost to. */
export const lostRaces = (
  stream: string,
  batch: readonly BatchAppend[],
  actual: number,
): readonly E.Either<AppendError, AppendResult>[] =>
  batch.map((append) => E.left(versionConflict(stream, append.expectedVersion, actual)));
