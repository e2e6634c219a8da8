/**
 * A writer that trusts `Nats-Expected-Last-Subject-Sequence`, as launchplan's NATS store did
 * before it confirmed its appends: it publishes back to back at the tail it believes, and takes
 * every ack as the truth. Racing it against the hosts makes the defective 2.9 cluster accept
 * forks at a high rate (two messages at one version, and messages chained onto the loser), which
 * the hosts must skip and never acknowledge. Test tool only: it writes forks on purpose.
 */
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { GENESIS_HASH, prepareEvent, sealEvent } from '../../src/events/envelope.ts';
import { encodeEventLine } from '../../src/store/lines/lineCodec.ts';
import type { NatsLayout } from '../../src/store/nats/natsLayout.ts';
import { newEvent } from '../store/helpers.ts';

/** The tail a message ends with: its sequence, and the version and hash of its last line. */
const tailOf = (seq: number, data: Uint8Array): { seq: number; version: number; hash: string } => {
  const lines = Buffer.from(data).toString('utf8').trimEnd().split('\n');
  const last = JSON.parse(lines[lines.length - 1]!) as { version: number; hash: string };
  return { seq, version: last.version, hash: last.hash };
};

/**
 * Publish `count` events into `stream` as fast as the server answers, trusting every ack.
 * Resolves to what it believes it appended: event id → version.
 */
export const naiveWriter = async (
  servers: string[],
  layout: NatsLayout,
  stream: string,
  count: number,
): Promise<Map<string, number>> => {
  const nc = await connect({ servers });
  try {
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const subject = layout.eventSubject(stream);
    const readTail = async () => {
      const last = await jsm.streams.getMessage(layout.eventsStream, { last_by_subj: subject });
      return last ? tailOf(last.seq, last.data) : { seq: 0, version: 0, hash: GENESIS_HASH };
    };
    let tail = await readTail();
    const acknowledged = new Map<string, number>();
    for (let n = 0; n < count; n++) {
      const sealed = sealEvent(stream, tail.version + 1, tail.hash, prepareEvent(newEvent(900_000 + n)));
      try {
        const ack = await js.publish(subject, encodeEventLine(sealed), {
          expect: { lastSubjectSequence: tail.seq },
        });
        tail = { seq: ack.seq, version: sealed.version, hash: sealed.hash };
        acknowledged.set(sealed.eventId, sealed.version);
      } catch (error) {
        if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamWrongLastSequence))
          throw error;
        tail = await readTail();
      }
    }
    return acknowledged;
  } finally {
    await nc.close();
  }
};
