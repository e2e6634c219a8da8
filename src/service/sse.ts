/**
 * A launch's events as Server-Sent Events: what a message says of an event, a message's text, and
 * the streams a service has open. Each message carries the event's version as its id, so a
 * reconnecting browser resumes where it stopped; the streams themselves are liveFeeds.ts.
 */
import type { ServerResponse } from 'node:http';
import type { EventEnvelope } from '../events/envelope.ts';
import { LAUNCH_CREATED, PLAN_REVISED, type Launch } from '../launch/index.ts';

/** What an SSE message says about an event (the plan a `launch.created` records is left out: it can be large). */
export interface EventSummary {
  stream: string;
  version: number;
  type: string;
  at: string;
  actor: string;
  data: unknown;
}

/**
 * The summary of a stored event sent to SSE clients.
 *
 * @example
 * summarize(envelope) // { stream: 'go-live', version: 3, type: 'item.checked', actor: 'lea', data: { itemId: … } }
 */
export function summarize(envelope: EventEnvelope): EventSummary {
  const heavy = envelope.type === LAUNCH_CREATED || envelope.type === PLAN_REVISED;
  const data = envelope.data as { plan?: { id?: string; title?: string } } & Record<string, unknown>;
  return {
    stream: envelope.stream,
    version: envelope.version,
    type: envelope.type,
    at: envelope.at,
    actor: envelope.actor.id,
    data: heavy
      ? {
          planId: data.plan?.id,
          title: data.plan?.title,
          ...(envelope.type === PLAN_REVISED ? { fromHash: data['fromHash'], toHash: data['toHash'] } : {}),
        }
      : envelope.data,
  };
}

/** The last snapshot message of each launch, with the version it was made at. */
const snapshots = new WeakMap<Launch, { version: number; summary: Record<string, unknown> }>();

/**
 * What a live stream says of a launch when its start is older than the events its feed keeps: the
 * launch as it stands, at its version (the message's id), with the events after it to follow.
 *
 * @example
 * launchSnapshot(launch) // { version: 10412, summary: { stream: 'go-live', version: 10412, state: 'running', … } }
 */
export function launchSnapshot(launch: Launch): { version: number; summary: Record<string, unknown> } {
  // Many streams open on one launch at once: its checklist is derived once per version.
  const known = snapshots.get(launch);
  if (known?.version === launch.version) return known;
  const { state, health, progress } = launch.checklist();
  const made = {
    version: launch.version,
    summary: {
      stream: launch.stream,
      version: launch.version,
      state,
      health,
      progress,
      message: `the launch at version ${launch.version}: earlier events are not sent again (the console's history has them)`,
    },
  };
  snapshots.set(launch, made);
  return made;
}

/** One SSE message. */
export function sseMessage(event: string, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The SSE clients a service is serving, for `/healthz`: how many, and what their sockets still hold. */
export interface SseClients {
  readonly count: number;
  readonly bufferedBytes: number;
  add(res: ServerResponse): () => void;
}

export function createSseClients(): SseClients {
  const open = new Set<ServerResponse>();
  return {
    get count() {
      return open.size;
    },
    get bufferedBytes() {
      let bytes = 0;
      for (const res of open) bytes += res.writableLength;
      return bytes;
    },
    add(res) {
      open.add(res);
      return () => open.delete(res);
    },
  };
}
