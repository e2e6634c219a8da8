/**
 * How a store instance behaves when other hosts keep winning the races for one stream: listen
 * before talking. Each lost race doubles the stream's backoff window (up to a cap) and each
 * append written halves it. While the window is open, an append first waits for the stream to go
 * quiet: it pauses a random time within the window and looks at the stream's position (one cheap
 * read); if another host appended meanwhile, it pauses again, at most `maxDefers` times, and only
 * then reads the new events and tries. So the host holding the tail goes on appending at a single
 * writer's pace while the others wait, instead of everyone colliding, re-reading and colliding
 * again; and a waiting host still gets its turn. Measured in `npm run bench -- cluster`.
 */

/** The backoff state of one store instance, per stream. */
export interface Contention {
  /**
   * Before an append: when the stream is contended, wait for a quiet moment (`position` reads
   * where the stream stands). True when it waited, so the caller's view of the stream is old.
   */
  waitTurn(stream: string, position: () => Promise<number>): Promise<boolean>;
  /** A race on this stream was lost. */
  lost(stream: string): void;
  /** An append to this stream was written. */
  won(stream: string): void;
}

/** Options of {@link createContention}. */
export interface ContentionOptions {
  /** First window after a lost race, in ms. Default 2. */
  readonly initialMs?: number;
  /** Largest window, in ms. Default 50. */
  readonly maxMs?: number;
  /** Pauses an append waits for a quiet stream before it tries anyway. Default 8. */
  readonly maxDefers?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Create the backoff state of one store instance.
 *
 * @example
 * if (await contention.waitTurn(stream, () => lastSequence(stream))) await catchUp(stream);
 * // then append: contention.lost(stream) or contention.won(stream)
 */
export const createContention = (options: ContentionOptions = {}): Contention => {
  const initialMs = options.initialMs ?? 2;
  const maxMs = options.maxMs ?? 50;
  const maxDefers = options.maxDefers ?? 8;
  const windows = new Map<string, number>();
  return {
    async waitTurn(stream, position) {
      const window = windows.get(stream);
      if (window === undefined) return false;
      let seen = await position();
      for (let defers = 0; defers < maxDefers; defers++) {
        await sleep(Math.random() * window);
        const now = await position();
        if (now === seen) break;
        seen = now;
      }
      return true;
    },
    lost(stream) {
      windows.set(stream, Math.min(maxMs, Math.max(initialMs, (windows.get(stream) ?? 0) * 2)));
    },
    won(stream) {
      const window = (windows.get(stream) ?? 0) / 2;
      if (window < initialMs) windows.delete(stream);
      else windows.set(stream, window);
    },
  };
};
