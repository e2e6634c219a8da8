/**
 * Live streams of launch events (Server-Sent Events), one shared feed per launch. A feed reads the
 * log once (its last `tailEvents` events, then live ones as any host appends them) and keeps that
 * tail as ready-made messages; every follower of the launch is written from it. A follower that
 * asks for events older than the tail gets the launch as it stands (`launch-snapshot`, whose id is
 * its version) and the events after it. A follower that does not read is not waited for: once it
 * falls out of the tail, or leaves its socket full for `stallMs`, it is dropped with the
 * `Last-Event-ID` to resume from. New events reach the followers in one pass per turn of the
 * event loop, a slice of followers at a time, each written the same buffer (followers at the same
 * place share it: nothing is copied per follower). Issue 23: 400 clients that did not read, each
 * reading a 10,000-event log from version 1, took `/healthz` past 20 s and the server to 1.4 GB.
 */
import type { ServerResponse } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import type { EventStore } from '../store/EventStore.ts';
import { withoutServerPaths } from './reply.ts';
import { sseMessage, summarize, type SseClients } from './sse.ts';

export interface LiveFeedOptions {
  store: EventStore;
  /** The streams open now, for `/healthz` and `/metrics`. */
  clients: SseClients;
  /** Events a feed keeps for followers that join or fall behind (default 1,000). */
  tailEvents?: number;
  /** Bytes of messages a feed keeps at most (default 1 MiB). */
  tailBytes?: number;
  /** Comment line sent this often to keep proxies from closing an idle stream (default 15 s). */
  heartbeatMs?: number;
  /** Longest a follower may leave its socket full before it is dropped (default 10 s). */
  stallMs?: number;
  /** How long a feed with no follower is kept, for a browser that reconnects (default 10 s). */
  lingerMs?: number;
}

/** What a follower asks for. */
export interface FollowRequest {
  stream: string;
  /** The first version it wants. */
  from: number;
  /** The launch as it stands (its version and what to say of it), for a start older than the tail. */
  snapshot: () => Promise<{ version: number; summary: unknown }>;
}

export interface LiveFeeds {
  /** Streams a launch's events to one client until it leaves, is dropped, or the feeds close. */
  follow(res: ServerResponse, request: FollowRequest): Promise<void>;
  /** Feeds reading a log now. */
  readonly feeds: number;
  close(): void;
}

interface Follower {
  /** The next version to write. */
  next: number;
  /** Writes what the feed holds from `next` on, as far as the socket takes it. */
  pump(): void;
  /** Whether it could be written more now (it is behind the feed and its socket takes more). */
  behind(): boolean;
  /** Drops it when what it has not been sent is no longer in the feed. */
  dropIfFallen(): void;
  /** Writes a comment line when the follower is idle and its socket empty enough. */
  beat(): void;
  /** Ends the stream with a reason. */
  end(event: 'launch-dropped' | 'launch-error', message: string): void;
}

interface Feed {
  readonly stream: string;
  /** Version of `messages[0]`. */
  oldest: number;
  readonly messages: Buffer[];
  bytes: number;
  /** The chunk written from each version in this pass (shared by the followers there). */
  readonly chunks: Map<number, { chunk: Buffer; next: number }>;
  flushing: boolean;
  readonly followers: Set<Follower>;
  readonly abort: AbortController;
  ready: Promise<void>;
  linger: NodeJS.Timeout | undefined;
  readonly heartbeat: NodeJS.Timeout;
}

const headOf = (feed: Feed): number => feed.oldest + feed.messages.length - 1;

/** The most one write to a follower carries: what a follower buffers beyond its socket. */
const CHUNK_BYTES = 64 * 1024;
/**
 * Followers written per turn of the event loop when new events arrive: 16 full chunks (1 MiB) a
 * turn keep `/healthz` answering within tens of milliseconds while 400 followers are written
 * (`test/hostile/liveStreams.test.ts`); at 64 (4 MiB a turn) one turn in two held it past 100 ms.
 */
const FOLLOWERS_PER_TURN = 16;

/** The messages from `from` on, up to `CHUNK_BYTES` (at least one), as one buffer, and the version after them. */
function chunkFrom(feed: Feed, from: number): { chunk: Buffer; next: number } {
  const known = feed.chunks.get(from);
  if (known) return known;
  const parts: Buffer[] = [];
  let bytes = 0;
  let next = from;
  while (next <= headOf(feed) && (parts.length === 0 || bytes < CHUNK_BYTES)) {
    const message = feed.messages[next - feed.oldest] as Buffer;
    parts.push(message);
    bytes += message.length;
    next += 1;
  }
  const made = { chunk: parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, bytes), next };
  feed.chunks.set(from, made);
  return made;
}

/**
 * The feeds of one service.
 *
 * @example
 * const feeds = createLiveFeeds({ store, clients: createSseClients() });
 * await feeds.follow(res, { stream: 'go-live', from: 1, snapshot });
 */
export function createLiveFeeds(options: LiveFeedOptions): LiveFeeds {
  const { store, clients } = options;
  const tailEvents = options.tailEvents ?? 1000;
  const tailBytes = options.tailBytes ?? 1024 * 1024;
  const stallMs = options.stallMs ?? 10_000;
  const feeds = new Map<string, Feed>();
  let closed = false;

  const stop = (feed: Feed): void => {
    feed.abort.abort();
    clearInterval(feed.heartbeat);
    clearTimeout(feed.linger);
    if (feeds.get(feed.stream) === feed) feeds.delete(feed.stream);
  };

  /** Writes what is new to every follower, a slice per turn, so other requests get their turns. */
  const flush = async (feed: Feed): Promise<void> => {
    if (feed.flushing) return;
    feed.flushing = true;
    try {
      do {
        feed.chunks.clear();
        const followers = [...feed.followers];
        for (let at = 0; at < followers.length; at += FOLLOWERS_PER_TURN) {
          for (const follower of followers.slice(at, at + FOLLOWERS_PER_TURN)) follower.pump();
          await new Promise((resolve) => setImmediate(resolve));
        }
        // Events that came in during the pass go out in the next one.
      } while ([...feed.followers].some((follower) => follower.behind()));
    } finally {
      feed.chunks.clear();
      feed.flushing = false;
    }
  };

  const keep = (feed: Feed, message: Buffer, version: number): void => {
    if (feed.messages.length === 0) feed.oldest = version;
    feed.messages.push(message);
    feed.bytes += message.length;
    while (feed.messages.length > tailEvents || (feed.bytes > tailBytes && feed.messages.length > 1)) {
      feed.bytes -= (feed.messages.shift() as Buffer).length;
      feed.oldest += 1;
      feed.chunks.clear();
    }
    // A follower whose socket is full is dropped as soon as the feed no longer holds its next event.
    for (const follower of [...feed.followers]) follower.dropIfFallen();
    void flush(feed);
  };

  const run = async (feed: Feed, from: number): Promise<void> => {
    try {
      for await (const envelope of store.subscribe(feed.stream, { from, signal: feed.abort.signal }))
        keep(
          feed,
          Buffer.from(sseMessage('launch-event', summarize(envelope), envelope.version)),
          envelope.version,
        );
    } catch (error) {
      if (!feed.abort.signal.aborted)
        for (const follower of [...feed.followers])
          follower.end('launch-error', withoutServerPaths((error as Error).message));
    } finally {
      stop(feed);
    }
  };

  const open = (stream: string): Feed => {
    const feed: Feed = {
      stream,
      oldest: 1,
      messages: [],
      bytes: 0,
      chunks: new Map(),
      flushing: false,
      followers: new Set(),
      abort: new AbortController(),
      ready: Promise.resolve(),
      linger: undefined,
      heartbeat: setInterval(() => {
        for (const follower of feed.followers) follower.beat();
      }, options.heartbeatMs ?? 15_000),
    };
    feed.heartbeat.unref();
    feed.ready = (async () => {
      const version = await store.version(stream);
      feed.oldest = Math.max(1, (E.isRight(version) ? version.right : 0) - tailEvents + 1);
      void run(feed, feed.oldest);
    })();
    feed.ready.catch(() => stop(feed));
    feeds.set(stream, feed);
    return feed;
  };

  const follow = async (res: ServerResponse, request: FollowRequest): Promise<void> => {
    if (res.destroyed || res.socket?.destroyed !== false || closed) {
      if (!res.writableEnded) res.end();
      return;
    }
    const feed = feeds.get(request.stream) ?? open(request.stream);
    clearTimeout(feed.linger);
    const forget = clients.add(res);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 2000\n: launch ${request.stream} from version ${request.from}\n\n`);
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    let stall: NodeJS.Timeout | undefined;
    let waiting = false;
    let started = false;
    let over = false;
    const finish = (): void => {
      if (over) return;
      over = true;
      clearTimeout(stall);
      forget();
      feed.followers.delete(follower);
      if (feed.followers.size === 0 && feeds.get(feed.stream) === feed) {
        clearTimeout(feed.linger);
        feed.linger = setTimeout(() => feed.followers.size === 0 && stop(feed), options.lingerMs ?? 10_000);
        feed.linger.unref();
      }
      done();
    };
    const follower: Follower = {
      next: request.from,
      dropIfFallen() {
        if (started && follower.next < feed.oldest) follower.end('launch-dropped', 'too slow');
      },
      pump() {
        if (over || waiting || !started) return;
        if (follower.next < feed.oldest) return follower.end('launch-dropped', 'too slow');
        let writable = true;
        while (writable && follower.next <= headOf(feed)) {
          const { chunk, next } = chunkFrom(feed, follower.next);
          writable = res.write(chunk);
          follower.next = next;
        }
        if (writable) return;
        waiting = true;
        stall = setTimeout(() => follower.end('launch-dropped', 'too slow'), stallMs);
        res.once('drain', () => {
          clearTimeout(stall);
          waiting = false;
          follower.pump();
        });
      },
      behind: () => !over && started && !waiting && follower.next <= headOf(feed),
      beat() {
        if (!over && !waiting) res.write(': keep-alive\n\n');
      },
      end(event, message) {
        if (over) return;
        const last = follower.next - 1;
        res.end(
          event === 'launch-dropped'
            ? sseMessage('launch-dropped', {
                message: `${message}: reconnect with Last-Event-ID ${last} to resume`,
                lastEventId: last,
              })
            : sseMessage('launch-error', { message }),
        );
        // A client that reads nothing would hold the socket for ever: it is cut after a grace period.
        setTimeout(() => res.destroy(), 5000).unref();
        finish();
      },
    };
    feed.followers.add(follower);
    res.on('close', finish);
    try {
      await feed.ready;
      if (request.from < feed.oldest) {
        const snapshot = await request.snapshot();
        if (!over) res.write(sseMessage('launch-snapshot', snapshot.summary, snapshot.version));
        follower.next = snapshot.version + 1;
      }
      started = true;
      follower.pump();
    } catch (error) {
      follower.end('launch-error', withoutServerPaths((error as Error).message));
    }
    return finished;
  };

  return {
    follow,
    get feeds() {
      return feeds.size;
    },
    close() {
      closed = true;
      for (const feed of [...feeds.values()]) {
        stop(feed);
        for (const follower of [...feed.followers]) follower.end('launch-error', 'the service is closing');
      }
    },
  };
}
