/**
 * Where the NATS store keeps things: one JetStream stream for events (one subject per launch
 * stream, one message per append), one for snapshots (the last message per subject kept).
 */

/** Names derived from a prefix. */
export interface NatsLayout {
  /** JetStream stream holding the events. */
  readonly eventsStream: string;
  /** JetStream stream holding the snapshots. */
  readonly snapshotsStream: string;
  /** Subject of the events of a launch stream. */
  readonly eventSubject: (stream: string) => string;
  /** Subject of the snapshot of a launch stream. */
  readonly snapshotSubject: (stream: string) => string;
  /** Wildcard of all event subjects. */
  readonly eventWildcard: string;
  /** The launch stream of an event subject. */
  readonly streamOfSubject: (subject: string) => string;
}

const PREFIX = /^[A-Za-z0-9_-]{1,32}$/;

/** The layout for a prefix (default `launchplan`): letters, digits, `_` and `-`. */
export const natsLayout = (prefix: string): NatsLayout => {
  if (!PREFIX.test(prefix)) {
    throw new Error(
      `createNatsEventStore: prefix should match ${PREFIX.source}, got ${JSON.stringify(prefix)}`,
    );
  }
  const events = `${prefix}.events`;
  return {
    eventsStream: `${prefix}_events`,
    snapshotsStream: `${prefix}_snapshots`,
    eventSubject: (stream) => `${events}.${stream}`,
    snapshotSubject: (stream) => `${prefix}.snapshots.${stream}`,
    eventWildcard: `${events}.>`,
    streamOfSubject: (subject) => subject.slice(events.length + 1),
  };
};
