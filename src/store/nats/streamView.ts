/**
 * What one store instance knows of a launch subject, kept up to date incrementally: the resolved
 * position (so a catch-up asks only for messages after it), the event ids with their versions
 * (so a retried append is recognised), the hashes of skipped forks, and an index of the accepted
 * messages (so a read from version `n` starts at the message holding `n`, not at the first one).
 * About 100 bytes per event and 100 per append.
 */
import { GENESIS_HASH } from '../../events/envelope.ts';
import type { ChainPosition, Verdict } from './chainResolver.ts';

/** The resolved state of one launch subject. */
export interface StreamView {
  position: ChainPosition;
  readonly losers: Set<string>;
  readonly ids: Map<string, number>;
  /** Accepted messages, in stream order: their sequence, first version and the hash before it. */
  readonly seqs: number[];
  readonly firstVersions: number[];
  readonly prevHashes: string[];
}

/** The view of a subject before any message. */
export const createStreamView = (): StreamView => ({
  position: { seq: 0, version: 0, hash: GENESIS_HASH },
  losers: new Set(),
  ids: new Map(),
  seqs: [],
  firstVersions: [],
  prevHashes: [],
});

/**
 * Apply the verdict on message `seq`, the message right after the view's position (the caller
 * resolved it from that very position, so the outcome is the view's own).
 */
export const advanceView = (view: StreamView, seq: number, verdict: Verdict): void => {
  if (verdict._tag === 'Accepted') {
    acceptInView(view, seq, verdict.events[0]!.prevHash, verdict.events);
  } else if (verdict._tag === 'Forked') {
    for (const hash of verdict.hashes) view.losers.add(hash);
    view.position = { ...view.position, seq };
  }
};

/**
 * Record accepted message `seq` (the message right after the view's position) from its events:
 * resolved from the log, or the events this instance has just published and confirmed.
 */
export const acceptInView = (
  view: StreamView,
  seq: number,
  prevHash: string,
  events: readonly { readonly eventId: string; readonly version: number; readonly hash: string }[],
): void => {
  const last = events[events.length - 1]!;
  view.seqs.push(seq);
  view.firstVersions.push(events[0]!.version);
  view.prevHashes.push(prevHash);
  for (const event of events) view.ids.set(event.eventId, event.version);
  view.position = { seq, version: last.version, hash: last.hash };
};

/** Index of the last entry of a sorted array that is `<= value` (-1 if none). */
const lastAtMost = (sorted: readonly number[], value: number): number => {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= value) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
};

/**
 * The position to resolve from to read version `from` on: just before the accepted message
 * holding it, or the view's end when `from` is past what the view holds.
 */
export const readStart = (view: StreamView, from: number): ChainPosition => {
  if (from > view.position.version) return view.position;
  const i = lastAtMost(view.firstVersions, Math.max(1, from));
  if (i < 0) return createStreamView().position;
  return { seq: view.seqs[i]! - 1, version: view.firstVersions[i]! - 1, hash: view.prevHashes[i]! };
};

/** Whether message `seq` is an accepted message of the view. */
export const isAccepted = (view: StreamView, seq: number): boolean => {
  const i = lastAtMost(view.seqs, seq);
  return i >= 0 && view.seqs[i] === seq;
};
