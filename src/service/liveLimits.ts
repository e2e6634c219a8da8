/**
 * How many live streams (Server-Sent Events) the service holds: at most `perViewer` for one
 * viewer (the actor of a token or a session; the address of a reader of a public page) and
 * `total` in all. Past either the stream is refused at once, so one token, or anyone when the
 * page is public, cannot hold the connections and the memory of everyone (issue 23: 400 streams
 * of one viewer token).
 */
import * as E from 'fp-ts/lib/Either.js';
import type { HttpError } from './reply.ts';

export interface LiveLimitOptions {
  /** Live streams in all (default 512). */
  total?: number;
  /** Live streams of one viewer (default 32: a few browsers with a few tabs each). */
  perViewer?: number;
}

export interface LiveLimits {
  /** A place for one more stream of `viewer` (its release), or the refusal. */
  admit(viewer: string): E.Either<HttpError, () => void>;
}

/**
 * The counters of one service.
 *
 * @example
 * const admitted = limits.admit('actor:lea');
 * if (E.isRight(admitted)) res.on('close', admitted.right);
 */
export function createLiveLimits(options: LiveLimitOptions = {}): LiveLimits {
  const total = options.total ?? 512;
  const perViewer = options.perViewer ?? 32;
  const held = new Map<string, number>();
  let all = 0;
  const refused = (status: number, message: string): E.Either<HttpError, never> =>
    E.left({ status, kind: 'TooManyLiveStreams', message, headers: { 'retry-after': '10' } });
  return {
    admit(viewer) {
      const mine = held.get(viewer) ?? 0;
      if (mine >= perViewer)
        return refused(
          429,
          `this viewer follows ${mine} live streams already, the most one may: close one first`,
        );
      if (all >= total)
        return refused(503, `the service holds ${all} live streams, the most it takes: try again later`);
      held.set(viewer, mine + 1);
      all += 1;
      let released = false;
      return E.right(() => {
        if (released) return;
        released = true;
        all -= 1;
        const left = (held.get(viewer) ?? 1) - 1;
        if (left === 0) held.delete(viewer);
        else held.set(viewer, left);
      });
    },
  };
}
