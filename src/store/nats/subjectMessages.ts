/**
 * Fetching the messages of one launch subject, in stream order. Small catch-ups (the usual case:
 * a status read, a race lost to another host) are a few "next message of the subject after
 * sequence n" gets answered by the stream leader; a long run (a first read of a launch) switches
 * to an ordered consumer, which streams it. A consumer may sit on a lagging or restarting replica
 * and may redeliver from an older sequence after a reset: callers drop messages they have seen
 * (by sequence), and a consumer that stalls or fails hands over to leader gets.
 */
import { DeliverPolicy } from '@nats-io/jetstream';
import type { SubjectMessage } from './chainResolver.ts';
import type { NatsSessions } from './natsSession.ts';

/** Reads the messages of launch subjects of one JetStream stream. */
export interface SubjectReader {
  /** Sequence of the last message of the subject (0 when it has none), from the stream leader. */
  lastSeq(subject: string): Promise<number>;
  /** The first message of the subject after `afterSeq`, from the stream leader. */
  nextAfter(subject: string, afterSeq: number): Promise<SubjectMessage | null>;
  /** Messages of the subject after `afterSeq`, up to `lastSeq`; `leaderOnly` never uses a consumer. */
  range(
    subject: string,
    afterSeq: number,
    lastSeq: number,
    leaderOnly?: boolean,
  ): AsyncGenerator<SubjectMessage>;
}

/** Gets answered one by one before a run is worth a consumer (about 3 requests to set up). */
const GETS_BEFORE_CONSUMER = 8;
const BATCH = 512;

/**
 * Create the reader of one events stream.
 *
 * @example
 * for await (const message of reader.range('launchplan.events.go-live', 0, await reader.lastSeq('launchplan.events.go-live'))) …
 */
export const createSubjectReader = (
  sessions: NatsSessions,
  eventsStream: string,
  batchWaitMs: number,
): SubjectReader => {
  const nextAfter = (subject: string, afterSeq: number): Promise<SubjectMessage | null> =>
    sessions.retrying('read', async ({ jsm }) => {
      // `next_by_subj` is not in this client's typed request (a sequence request), but a server
      // feature since 2.9: the request is a sequence request with one field more.
      const request = { seq: afterSeq + 1, next_by_subj: subject };
      const found = await jsm.streams.getMessage(eventsStream, request);
      return found ? { seq: found.seq, data: found.data } : null;
    });

  /** A consumer run from `afterSeq`; ends early (for gets to take over) when it stalls or fails. */
  async function* consumed(
    subject: string,
    afterSeq: number,
    lastSeq: number,
  ): AsyncGenerator<SubjectMessage> {
    let consumer;
    try {
      consumer = await sessions.retrying('read', ({ js }) =>
        js.consumers.get(eventsStream, {
          filter_subjects: subject,
          deliver_policy: DeliverPolicy.StartSequence,
          opt_start_seq: afterSeq + 1,
        }),
      );
    } catch {
      return;
    }
    let seen = afterSeq;
    try {
      while (seen < lastSeq) {
        let got = 0;
        const batch = await consumer.fetch({ max_messages: BATCH, expires: batchWaitMs });
        for await (const message of batch) {
          got += 1;
          if (message.seq <= seen) continue;
          seen = message.seq;
          yield { seq: message.seq, data: message.data };
          if (seen >= lastSeq) return;
        }
        if (got === 0) return;
      }
    } catch {
      // A failed or reset consumer: the gets go on from the last message seen.
    } finally {
      void consumer.delete().catch(() => undefined);
    }
  }

  return {
    lastSeq: (subject) =>
      sessions.retrying(
        'read',
        async ({ jsm }) => (await jsm.streams.getMessage(eventsStream, { last_by_subj: subject }))?.seq ?? 0,
      ),
    nextAfter,
    async *range(subject, afterSeq, lastSeq, leaderOnly = false) {
      let seen = afterSeq;
      let gets = 0;
      while (seen < lastSeq) {
        if (!leaderOnly && gets >= GETS_BEFORE_CONSUMER) {
          for await (const message of consumed(subject, seen, lastSeq)) {
            seen = message.seq;
            yield message;
          }
          leaderOnly = true;
          continue;
        }
        const message = await nextAfter(subject, seen);
        gets += 1;
        if (!message || message.seq > lastSeq) return;
        seen = message.seq;
        yield message;
      }
    },
  };
};
