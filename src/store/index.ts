/// <reference types="node" preserve="true" />
/**
 * The event log: the `EventStore` interface, the memory and file stores, and the pieces shared by
 * every store. The PostgreSQL and NATS stores are separate entry points
 * (`launchplan/store/postgres`, `launchplan/store/nats`) so embedding pulls in no server client.
 */
export { EventLogError, describeLogIssue } from './EventStore.ts';
export type {
  AppendError,
  AppendOptions,
  AppendResult,
  DuplicateEventIds,
  EventStore,
  InvalidEvent,
  LogIssue,
  ReadOptions,
  Snapshot,
  SubscribeOptions,
} from './EventStore.ts';
export {
  checkExpectedVersion,
  isExpectedVersion,
  isVersionConflict,
  retryOnVersionConflict,
  versionConflict,
} from './expectedVersion.ts';
export type { ExpectedVersion, RetryOptions, VersionConflict } from './expectedVersion.ts';
export { validateStreamId } from './streamId.ts';
export type { InvalidStreamId } from './streamId.ts';
export { StoreError, unavailableOf } from './storeError.ts';
export type { StoreFailure, StoreUnavailable } from './storeError.ts';
export { createChainChecker, verifyChain } from './verifyChain.ts';
export type {
  ChainBreak,
  ChainBreakReason,
  ChainChecker,
  SkippedAppend,
  VerifyResult,
} from './verifyChain.ts';
export { createMemoryEventStore } from './memory/index.ts';
export { createFileEventStore, streamFilePath, verifyStreamFile } from './file/index.ts';
export type { FileEventStoreOptions } from './file/index.ts';
export { Actor, EventEnvelope, NewEvent } from '../events/envelope.ts';
// What another store needs to write the chain: each event sealed onto the one before it (from
// GENESIS_HASH at version 1), and the envelope of what it sealed. How the hash is computed stays inside.
export { GENESIS_HASH, envelopeOf, sealEvent } from '../events/envelope.ts';
export type { SealedEvent } from '../events/envelope.ts';
