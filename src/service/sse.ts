/**
 * A launch's events as Server-Sent Events: the log from a version on (the `Last-Event-ID` header
 * or `?from=`), then live events as any host appends them (the store's `subscribe`). Each message
 * carries the event's version as its id, so a reconnecting browser resumes where it stopped.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
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
    data: heavy ? { planId: data.plan?.id, title: data.plan?.title, ...(envelope.type === PLAN_REVISED ? { fromHash: data['fromHash'], toHash: data['toHash'] } : {}) } : envelope.data,
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
  /** Aborted when the service closes. */
  signal: AbortSignal;
}

/**
 * Streams a launch's events to one client until it disconnects or the service closes.
 *
 * @example
 * await streamLaunchEvents(req, res, { store, stream: 'go-live', from: 1, signal });
 */
export async function streamLaunchEvents(req: IncomingMessage, res: ServerResponse, options: SseOptions): Promise<void> {
  const abort = new AbortController();
  const stop = (): void => abort.abort();
  req.on('close', stop);
  options.signal.addEventListener('abort', stop, { once: true });
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write(`retry: 2000\n: launch ${options.stream} from version ${options.from}\n\n`);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), options.heartbeatMs ?? 15_000);
  heartbeat.unref();
  try {
    for await (const envelope of options.store.subscribe(options.stream, { from: options.from, signal: abort.signal })) {
      if (abort.signal.aborted) break;
      res.write(sseMessage('launch-event', summarize(envelope), envelope.version));
    }
  } catch (error) {
    if (!abort.signal.aborted && !res.writableEnded) res.write(sseMessage('launch-error', { message: (error as Error).message }));
  } finally {
    clearInterval(heartbeat);
    req.off('close', stop);
    options.signal.removeEventListener('abort', stop);
    if (!res.writableEnded) res.end();
  }
}
