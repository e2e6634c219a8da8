/**
 * A launch's events as Server-Sent Events: the log from a version on (the `Last-Event-ID` header
 * or `?from=`), then live events as any host appends them (the store's `subscribe`). Each message
 * carries the event's version as its id, so a reconnecting browser resumes where it stopped.
 */
import type { ServerResponse } from 'node:http';
import type { EventEnvelope } from '../events/envelope.ts';
import { LAUNCH_CREATED, PLAN_REVISED } from '../runtime/index.ts';
import type { EventStore } from '../store/EventStore.ts';

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

/** One SSE message. */
export function sseMessage(event: string, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export interface SseOptions {
  store: EventStore;
  stream: string;
  from: number;
  /** Comment line sent this often to keep proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
  /**
   * Longest a client may leave its buffer full (default 30 s): the stream waits for it to read
   * (nothing more is buffered), then drops it with a hint to reconnect from its last event.
   */
  stallMs?: number;
  /** Aborted when the service closes. */
  signal: AbortSignal;
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

/** Resolves when the client has read what was buffered, or says it did not within `ms`. */
function drained(res: ServerResponse, ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onDrain = (): void => done(true);
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(false), ms);
    res.on('drain', onDrain);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Streams a launch's events to one client until it disconnects, falls too far behind, or the
 * service closes. A client already gone when this starts (it left while its launch was being
 * opened) gets no subscription at all.
 *
 * @example
 * await streamLaunchEvents(res, { store, stream: 'go-live', from: 1, signal });
 */
export async function streamLaunchEvents(
  res: ServerResponse,
  options: SseOptions,
  clients: SseClients = createSseClients(),
): Promise<void> {
  if (res.destroyed || res.socket?.destroyed !== false || options.signal.aborted) {
    if (!res.writableEnded) res.end();
    return;
  }
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  // The response closes when the client goes away (the request's own 'close' only says it was read).
  res.on('close', stop);
  options.signal.addEventListener('abort', stop, { once: true });
  const forget = clients.add(res);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(`retry: 2000\n: launch ${options.stream} from version ${options.from}\n\n`);
  const heartbeat = setInterval(
    () => res.writableNeedDrain || res.write(': keep-alive\n\n'),
    options.heartbeatMs ?? 15_000,
  );
  heartbeat.unref();
  try {
    for await (const envelope of options.store.subscribe(options.stream, {
      from: options.from,
      signal: abort.signal,
    })) {
      if (abort.signal.aborted) break;
      // Backpressure: nothing more is read from the log while the client has not read what it has.
      if (
        !res.write(sseMessage('launch-event', summarize(envelope), envelope.version)) &&
        !(await drained(res, options.stallMs ?? 30_000, abort.signal))
      ) {
        if (!abort.signal.aborted) {
          res.end(
            sseMessage('launch-dropped', {
              message: `too slow: reconnect with Last-Event-ID ${envelope.version} to resume`,
              lastEventId: envelope.version,
            }),
          );
          // A client that reads nothing would hold the socket for ever: it is cut after a grace period.
          setTimeout(() => res.destroy(), 5_000).unref();
        }
        break;
      }
    }
  } catch (error) {
    if (!abort.signal.aborted && !res.writableEnded)
      res.write(sseMessage('launch-error', { message: (error as Error).message }));
  } finally {
    clearInterval(heartbeat);
    forget();
    res.off('close', stop);
    options.signal.removeEventListener('abort', stop);
    if (!res.writableEnded) res.end();
  }
}
