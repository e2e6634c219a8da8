/**
 * What the runtime stores as a snapshot, and when a replay may start from one. A snapshot is
 * sealed over its content: with the operator's key (HMAC-SHA256) when one is set, else with a plain
 * SHA-256 digest. Anyone who can write the store can edit a snapshot and recompute a plain digest,
 * so only a keyed seal is trusted to start a replay; an unkeyed snapshot is never used (the log,
 * whose hash chain the store verifies, is replayed instead) and serves `verify --deep` only. A
 * trusted snapshot must also belong to the log: the chain hash of the event it was taken at is what
 * the log's next event names as its `prevHash` (checked by `replayLaunch`).
 */
import { createHmac } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { canonicalJson } from '../events/canonicalJson.ts';
import { sha256Hex } from '../events/envelope.ts';
import type { PersistedLaunch } from '../compile/snapshot.ts';

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

/** What a snapshot in the store holds: its content and its seal. */
export interface StoredSnapshot extends SnapshotContent {
  /** `hmac-sha256` with the operator's key, or a plain `sha256`, of the canonical JSON of the version and the content. */
  seal: { kind: 'hmac-sha256' | 'sha256'; digest: string };
}

// Through JSON first: stores keep snapshots as JSON, which drops what canonical JSON would refuse.
const canonicalContent = (version: number, content: SnapshotContent): string =>
  canonicalJson(
    JSON.parse(
      JSON.stringify({
        version,
        planVersion: content.planVersion,
        persisted: content.persisted,
        hash: content.hash,
        lastAt: content.lastAt,
      }),
    ),
  );

const sealOf = (version: number, content: SnapshotContent, key: string | null): StoredSnapshot['seal'] =>
  key === null
    ? { kind: 'sha256', digest: sha256Hex(canonicalContent(version, content)) }
    : {
        kind: 'hmac-sha256',
        digest: createHmac('sha256', key).update(canonicalContent(version, content)).digest('hex'),
      };

/**
 * Seals a snapshot taken at `version`, with the key when there is one.
 *
 * @example
 * await store.saveSnapshot(stream, { version, state: sealSnapshot(version, content, process.env.LAUNCHPLAN_SNAPSHOT_KEY ?? null) });
 */
export const sealSnapshot = (
  version: number,
  content: SnapshotContent,
  key: string | null,
): StoredSnapshot => ({ ...content, seal: sealOf(version, content, key) });

/**
 * Why a stored snapshot is not trusted: it holds no state or lacks a field; it was sealed without
 * a key (`unkeyed`: never trusted), or with a key but not this one, or its content was changed.
 */
export interface UntrustedSnapshot {
  _tag: 'UntrustedSnapshot';
  reason: 'no-state' | 'missing-field' | 'unkeyed' | 'key-missing' | 'seal-mismatch';
}

const UNTRUSTED: Record<UntrustedSnapshot['reason'], string> = {
  'no-state': 'it holds no launch state',
  'missing-field': 'it lacks a field of a sealed snapshot (planVersion, persisted, hash, lastAt, seal)',
  unkeyed: 'it is not sealed with a key (set LAUNCHPLAN_SNAPSHOT_KEY to open launches from snapshots)',
  'key-missing': 'it is sealed with a key, and LAUNCHPLAN_SNAPSHOT_KEY is not set: it cannot be checked',
  'seal-mismatch': 'its seal does not match its content (edited, or sealed with another key)',
};

export const formatUntrustedSnapshot = (error: UntrustedSnapshot): string => UNTRUSTED[error.reason];

const untrusted = (reason: UntrustedSnapshot['reason']): E.Either<UntrustedSnapshot, never> =>
  E.left({ _tag: 'UntrustedSnapshot', reason });

/** Whether a stored value has the fields of a persisted launch snapshot (its seal vouches for the rest). */
const persistedShape = (persisted: unknown): persisted is PersistedLaunch =>
  typeof persisted === 'object' &&
  persisted !== null &&
  ['value', 'context', 'historyValue'].every(
    (field) => field in persisted && typeof (persisted as Record<string, unknown>)[field] === 'object',
  );

/** The stored fields of a snapshot, or why it has not got them. */
function storedFields(state: unknown): E.Either<UntrustedSnapshot, StoredSnapshot> {
  const stored = state as Partial<StoredSnapshot> | null;
  if (typeof stored !== 'object' || stored === null) return untrusted('no-state');
  const { planVersion, persisted, hash, lastAt, seal } = stored;
  const sealed =
    typeof seal === 'object' &&
    seal !== null &&
    (seal.kind === 'sha256' || seal.kind === 'hmac-sha256') &&
    typeof seal.digest === 'string';
  if (
    typeof planVersion !== 'number' ||
    !persistedShape(persisted) ||
    typeof hash !== 'string' ||
    !sealed ||
    (lastAt !== null && typeof lastAt !== 'string')
  ) {
    return untrusted('missing-field');
  }
  return E.right({ planVersion, persisted, hash, lastAt: lastAt ?? null, seal });
}

/** A check of a stored snapshot taken at `version` (its `state`), with the replay's key if it has one. */
type SnapshotCheck = (
  version: number,
  state: unknown,
  key: string | null,
) => E.Either<UntrustedSnapshot, SnapshotContent>;

/**
 * The content of a stored snapshot taken at `version` when its seal, made again with the key
 * `keyFor` picks for it (null: a plain digest), matches; `keyFor` may refuse the seal instead.
 */
const sealedContent = (
  version: number,
  state: unknown,
  keyFor: (seal: StoredSnapshot['seal']) => E.Either<UntrustedSnapshot, string | null>,
): E.Either<UntrustedSnapshot, SnapshotContent> => {
  const stored = storedFields(state);
  if (E.isLeft(stored)) return stored;
  const { seal, ...content } = stored.right;
  const key = keyFor(seal);
  if (E.isLeft(key)) return key;
  return sealOf(version, content, key.right).digest === seal.digest
    ? E.right(content)
    : untrusted('seal-mismatch');
};

/**
 * The content of a stored snapshot taken at `version`, when a replay may start from it: sealed
 * with `key` and unchanged. Without a key no snapshot is trusted.
 */
export const openSnapshot: SnapshotCheck = (version, state, key) =>
  sealedContent(version, state, (seal) =>
    key === null || seal.kind !== 'hmac-sha256'
      ? untrusted(key === null || seal.kind === 'sha256' ? 'unkeyed' : 'seal-mismatch')
      : E.right(key),
  );

/** Whether a stored snapshot's content still matches its seal, whatever its kind (`verify --deep`). */
export const snapshotIntact: SnapshotCheck = (version, state, key) =>
  sealedContent(version, state, (seal) =>
    seal.kind === 'hmac-sha256' && key === null
      ? untrusted('key-missing')
      : E.right(seal.kind === 'sha256' ? null : key),
  );
