/**
 * Group commit of a launch's sends (issue 20): sends that arrive while one is being written wait,
 * and then go out together, at most `maxBatch` at a time. The launch decides a batch on a copy of
 * its state and appends what it accepts in one write; anything unusual in a batch (a refusal, a
 * lost race, a retried id) goes again one by one, as a lone send.
 */
import type * as E from 'fp-ts/lib/Either.js';
import type { BatchedSend } from './batchDecision.ts';
import type { LaunchError } from './errors.ts';
import type { Sent } from './launchApi.ts';

/** What the queue asks of the launch. */
export interface BatchWriter {
  /** Decide and append a batch in one write: the answers of the sends it wrote, undefined for the others. */
  sendBatch(batch: readonly BatchedSend[]): Promise<(E.Either<LaunchError, Sent> | undefined)[]>;
  /** Send one alone. */
  sendAlone(send: BatchedSend): Promise<E.Either<LaunchError, Sent>>;
  /** Run work after the launch's other work, one at a time. */
  serialize(work: () => Promise<void>): Promise<void>;
}

/** A send waiting for the next write. */
interface Waiting extends BatchedSend {
  readonly resolve: (result: E.Either<LaunchError, Sent>) => void;
  readonly reject: (error: unknown) => void;
}

export class SendQueue {
  private readonly waiting: Waiting[] = [];
  private draining = false;

  constructor(
    private readonly writer: BatchWriter,
    private readonly maxBatch: number,
  ) {}

  /** Answered once the send is written (or refused); sends queued together are decided in order. */
  enqueue(send: BatchedSend): Promise<E.Either<LaunchError, Sent>> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...send, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        void this.writer.serialize(() => this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      let done: (E.Either<LaunchError, Sent> | undefined)[] = [];
      try {
        if (batch.length > 1) done = await this.writer.sendBatch(batch);
      } catch (error) {
        // A write that failed fails every send of its batch (each may have been written: a retry with its id is written once).
        for (const each of batch) each.reject(error);
        continue;
      }
      for (const [index, each] of batch.entries()) {
        const written = done[index];
        if (written) {
          each.resolve(written);
          continue;
        }
        try {
          each.resolve(await this.writer.sendAlone(each));
        } catch (error) {
          each.reject(error);
        }
      }
    }
    this.draining = false;
  }
}
