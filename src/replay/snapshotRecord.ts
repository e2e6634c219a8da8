/**
 * What the runtime stores as a snapshot, sealed so that it is only trusted when intact and when
 * it belongs to the log: a digest over its content, and the chain hash of the event it was taken
 * at, which the next event in the log must name as its `prevHash`. A snapshot failing either check
 * is ignored and the launch is replayed from the log, which the store verifies.
 */
import * as E from 'fp-ts/lib/Either.js';
import { canonicalJson } from '../events/canonicalJson.ts';
import { sha256Hex } from '../events/envelope.ts';
import type { PersistedLaunch } from '../replay/fold.ts';

/** The content of a snapshot: the persisted machine, where its plan is, and where in the log it stands. */
export interface SnapshotContent {
  /** Version of the event that recorded the plan this snapshot runs (1 or a `plan.revised`). */
  planVersion: number;
  persisted: PersistedLaunch;
  /** Chain hash of the event at the snapshot's version. */
  hash: string;
  /** Record time of that event. */
  lastAt: string | null;
}

/** What a snapshot in the store holds. */
export interface StoredSnapshot extends SnapshotContent {
  /** SHA-256 of the canonical JSON of the version and the content. */
  digest: string;
}

// Through JSON first: stores keep snapshots as JSON, which drops what canonical JSON would refuse.
const digestOf = (version: number, content: SnapshotContent): string =>
  sha256Hex(canonicalJson(JSON.parse(JSON.stringify({ version, planVersion: content.planVersion, persisted: content.persisted, hash: content.hash, lastAt: content.lastAt }))));

/** Seal a snapshot taken at `version`. */
export const sealSnapshot = (version: number, content: SnapshotContent): StoredSnapshot => ({ ...content, digest: digestOf(version, content) });

/** Why a stored snapshot is not trusted: it holds no state, lacks a field, or its digest does not match. */
export interface UntrustedSnapshot {
  _tag: 'UntrustedSnapshot';
  reason: 'no-state' | 'missing-field' | 'digest-mismatch';
}

const UNTRUSTED: Record<UntrustedSnapshot['reason'], string> = {
  'no-state': 'it holds no launch state',
  'missing-field': 'it lacks a field of a sealed snapshot (planVersion, persisted, hash, lastAt, digest)',
  'digest-mismatch': 'its content does not match its digest',
};

export const formatUntrustedSnapshot = (error: UntrustedSnapshot): string => UNTRUSTED[error.reason];

const untrusted = (reason: UntrustedSnapshot['reason']): E.Either<UntrustedSnapshot, never> => E.left({ _tag: 'UntrustedSnapshot', reason });

/** The content of a stored snapshot taken at `version`, or why it cannot be trusted. */
export const openSnapshot = (version: number, state: unknown): E.Either<UntrustedSnapshot, SnapshotContent> => {
  const stored = state as Partial<StoredSnapshot> | null;
  if (typeof stored !== 'object' || stored === null) return untrusted('no-state');
  const { planVersion, persisted, hash, lastAt, digest } = stored;
  if (typeof planVersion !== 'number' || typeof persisted !== 'object' || persisted === null || typeof hash !== 'string' || typeof digest !== 'string' || (lastAt !== null && typeof lastAt !== 'string')) {
    return untrusted('missing-field');
  }
  const content: SnapshotContent = { planVersion, persisted, hash, lastAt: lastAt ?? null };
  return digestOf(version, content) === digest ? E.right(content) : untrusted('digest-mismatch');
};
