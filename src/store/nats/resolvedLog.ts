/**
 * Reading a launch subject as its log: messages fetched in stream order (subjectMessages.ts) and
 * decided by the one rule of chainResolver.ts, from a position of the instance's view, which the
 * read brings up to date as it passes the view's end (so catch-up is incremental: a read with
 * nothing new is one request, whatever the length of the launch). A break is never taken from a
 * replica alone: it is read again from the stream leader, and once more after a pause, before it
 * counts, so a lagging or restarting replica cannot make an intact log look corrupt.
 */
import type { ChainBreak, SkippedAppend } from '../verifyChain.ts';
import { resolveMessage, type ChainPosition, type Verdict } from './chainResolver.ts';
import type { SubjectReader } from './subjectMessages.ts';
import { advanceView, type StreamView } from './streamView.ts';

/** A decided message: accepted or skipped, with the position before it. */
export interface Resolved {
  readonly before: ChainPosition;
  readonly seq: number;
  readonly verdict: Extract<Verdict, { _tag: 'Accepted' | 'Forked' }>;
}

/** How long to wait before the last look at a break, for a new stream leader to apply its log. */
const SETTLE_MS = 500;

/**
 * The decided messages of a subject from `start` up to `lastSeq`. Ends with the break, if one
 * is confirmed, as its last value (`{ broken }`), so a reader can throw it and `verify` report it.
 */
export async function* resolveSubject(
  reader: SubjectReader,
  stream: string,
  subject: string,
  start: ChainPosition,
  losers: Set<string>,
  lastSeq: number,
  location: (seq: number) => string,
): AsyncGenerator<Resolved | { readonly broken: ChainBreak }> {
  let position = start;
  for (let look = 1; ; look++) {
    let broken: ChainBreak | undefined;
    for await (const message of reader.range(subject, position.seq, lastSeq, look > 1)) {
      const verdict = resolveMessage(stream, position, losers, message, location);
      if (verdict._tag === 'Seen') continue;
      if (verdict._tag === 'Broken') {
        broken = verdict.broken;
        break;
      }
      const before = position;
      if (verdict._tag === 'Forked') {
        for (const hash of verdict.hashes) losers.add(hash);
        position = { ...position, seq: message.seq };
      } else position = verdict.position;
      yield { before, seq: message.seq, verdict };
    }
    if (!broken) return;
    if (look === 3) {
      yield { broken };
      return;
    }
    if (look === 2) await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  }
}

/**
 * Feed a decided message to the view when the view stands exactly where it was decided from (the
 * outcome is then the view's own); tell the caller about a skipped fork.
 */
export const feedView = (
  view: StreamView,
  resolved: Resolved,
  report: (skipped: SkippedAppend) => void,
): void => {
  if (view.position.seq === resolved.before.seq) advanceView(view, resolved.seq, resolved.verdict);
  if (resolved.verdict._tag === 'Forked') report(resolved.verdict.skipped);
};
