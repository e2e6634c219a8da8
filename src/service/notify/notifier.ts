/**
 * Outbound notifications, delivered at least once. The launch log is the outbox: for each webhook
 * and launch, a lane reads the log from its cursor (`cursors.ts`), derives each event's
 * notifications (`notes.ts`), posts them in order, retrying with backoff until the webhook takes
 * them, and only then moves the cursor. A host killed at any point restarts from the cursors: it
 * resends at most what was in flight (same ids, for the receiver to deduplicate), never loses a
 * notification, and a webhook added later starts at the end of existing launches instead of
 * flooding their history. Lanes are independent: a webhook that is down holds back only itself.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as E from 'fp-ts/lib/Either.js';
import { formatReplayError, replayLaunch, type LaunchView } from '../../launch/index.ts';
import type { EventStore } from '../../store/EventStore.ts';
import { createChangeNotifier, liveTail, type ChangeNotifier } from '../../store/liveTail.ts';
import type { NotifyConfig, Webhook } from './config.ts';
import { openCursors, type CursorFileUnreadable, type Cursors } from './cursors.ts';
import { backoffMs, deliverOnce, formatDeliveryError } from './deliver.ts';
import { notesOf, type Note } from './notes.ts';
import { withLinks, type LinkSettings } from '../links/noteLinks.ts';

export interface NotifierOptions {
  store: EventStore;
  config: NotifyConfig;
  /** The delivery cursor file. */
  cursorsPath: string;
  /** How often new launches are looked for (default 2 s). */
  discoverMs?: number;
  /** Told about failed deliveries and broken lanes (default: stderr). */
  onError?: (message: string) => void;
  /** Told about each delivery attempt (the service counts them in /metrics). */
  onAttempt?: (webhook: string, outcome: 'delivered' | 'failed') => void;
  /** The key snapshots are sealed with: a lane then starts replaying from one (without it, from version 1). */
  snapshotKey?: string | null;
  /** The secret decision links are signed with (`LAUNCHPLAN_LINK_SECRET`): without it, or without `links` in the configuration, notifications carry none. */
  linkSecret?: string | null;
}

export interface Notifier {
  /** Stops every lane (a delivery in flight is abandoned and resent after a restart) and writes the cursors. */
  close(): Promise<void>;
}

const follows = (webhook: Webhook, stream: string): boolean =>
  webhook.launches === 'all' || webhook.launches.has(stream);
const wants = (webhook: Webhook, note: Note): boolean =>
  webhook.events === 'all' || webhook.events.has(note.kind);

/**
 * Starts delivering the notifications of every launch of a store to the configured webhooks.
 *
 * @example
 * const notifier = await startNotifier({ store, config, cursorsPath: '.launchplan/notify-cursors.json' });
 * // on shutdown: if (E.isRight(notifier)) await notifier.right.close();
 */
export async function startNotifier(
  options: NotifierOptions,
): Promise<E.Either<CursorFileUnreadable, Notifier>> {
  const opened = await openCursors(options.cursorsPath);
  if (E.isLeft(opened)) return opened;
  const cursors: Cursors = opened.right;
  const { store, config } = options;
  const links: LinkSettings | null =
    config.links && config.publicUrl && options.linkSecret
      ? { ...config.links, publicUrl: config.publicUrl, secret: options.linkSecret }
      : null;
  const onError =
    options.onError ?? ((message: string) => process.stderr.write(`launchplan notify: ${message}\n`));
  const stopping = new AbortController();
  /** Running lanes by `webhook\nstream`, and each stream's change signal shared by its lanes. */
  const lanes = new Map<string, Promise<void>>();
  const tickers = new Map<string, { lanes: Set<ChangeNotifier>; done: Promise<void> }>();

  // A webhook the cursor file does not know starts at the end of each existing launch.
  const streams = await store.listStreams();
  for (const webhook of config.webhooks.filter((hook) => !cursors.knows(hook.id))) {
    const versions = new Map<string, number>();
    for (const stream of streams.filter((s) => follows(webhook, s))) {
      const version = await store.version(stream);
      if (E.isRight(version)) versions.set(stream, version.right);
    }
    await cursors.adopt(webhook.id, versions);
  }

  /** Posts a notification until the webhook takes it; false when the notifier stops first. */
  const deliver = async (webhook: Webhook, note: Note): Promise<boolean> => {
    for (let attempt = 0; !stopping.signal.aborted; attempt += 1) {
      const sent = await deliverOnce(webhook, note, {
        publicUrl: config.publicUrl,
        timeoutMs: config.timeoutMs,
        now: new Date(),
        signal: stopping.signal,
      });
      options.onAttempt?.(webhook.id, E.isRight(sent) ? 'delivered' : 'failed');
      if (E.isRight(sent)) return true;
      if (stopping.signal.aborted) return false;
      const wait = backoffMs(attempt, config.retry);
      onError(`webhook ${webhook.id}: ${note.id}: ${formatDeliveryError(sent.left)}; retrying in ${wait} ms`);
      await sleep(wait, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
    return false;
  };

  /** A stream's change signal: one subscription however many webhooks follow the stream. */
  const tickerOf = (stream: string): Set<ChangeNotifier> => {
    const known = tickers.get(stream);
    if (known) return known.lanes;
    const waiting = new Set<ChangeNotifier>();
    const done = (async () => {
      const from = await store.version(stream);
      for await (const _envelope of store.subscribe(stream, {
        from: (E.isRight(from) ? from.right : 0) + 1,
        signal: stopping.signal,
      }))
        for (const lane of waiting) lane.notify();
    })().catch((error: unknown) =>
      onError(`launch ${stream}: its live tail stopped: ${(error as Error).message}`),
    );
    tickers.set(stream, { lanes: waiting, done });
    return waiting;
  };

  const runLane = async (webhook: Webhook, stream: string): Promise<void> => {
    const start = cursors.at(webhook.id, stream) ?? 0;
    let state: LaunchView | null = null;
    if (start > 0) {
      const replayed = await replayLaunch(store, stream, {
        to: start,
        snapshotKey: options.snapshotKey ?? null,
      });
      if (E.isLeft(replayed)) throw new Error(formatReplayError(replayed.left));
      state = replayed.right;
    }
    const signals = tickerOf(stream);
    const changes = createChangeNotifier(() => signals.delete(changes));
    signals.add(changes);
    for await (const envelope of liveTail((from) => store.read(stream, { from }), changes, {
      from: start + 1,
      signal: stopping.signal,
    })) {
      if (state === null) {
        // Version 1 records the plan: the launch starts there, and says nothing yet.
        const replayed = await replayLaunch(store, stream, { to: envelope.version });
        if (E.isLeft(replayed)) throw new Error(formatReplayError(replayed.left));
        state = replayed.right;
        await cursors.advance(webhook.id, stream, envelope.version, false);
        continue;
      }
      const before = state.checklist();
      const applied = state.apply(envelope);
      if (E.isLeft(applied)) throw new Error(formatReplayError(applied.left));
      state = applied.right;
      const plan = state.plan;
      const notes = notesOf(envelope, before, state.checklist(), plan.title)
        .filter((note) => wants(webhook, note))
        .map((note) => (links ? withLinks(note, plan, links) : note));
      for (const note of notes) if (!(await deliver(webhook, note))) return;
      // Written before the next event's deliveries start: a crash resends only what was in flight.
      await cursors.advance(webhook.id, stream, envelope.version, notes.length > 0);
    }
  };

  let discovering: Promise<void> | null = null;
  const discover = (): Promise<void> =>
    (discovering ??= (async () => {
      // Every look also wakes the lanes: should a stream's live tail have stopped, they still move on.
      for (const ticker of tickers.values()) for (const lane of ticker.lanes) lane.notify();
      for (const stream of await store.listStreams()) {
        for (const webhook of config.webhooks.filter((hook) => follows(hook, stream))) {
          const key = `${webhook.id}\n${stream}`;
          if (lanes.has(key) || stopping.signal.aborted) continue;
          // A lane that fails (a log it cannot read) is reported and started again at the next look.
          const lane = runLane(webhook, stream)
            .catch((error: unknown) =>
              onError(`webhook ${webhook.id}, launch ${stream}: ${(error as Error).message}`),
            )
            .finally(() => lanes.delete(key));
          lanes.set(key, lane);
        }
      }
    })()
      .catch((error: unknown) => onError(`cannot list launches: ${(error as Error).message}`))
      .finally(() => (discovering = null)));

  await discover();
  const timer = setInterval(() => void discover(), options.discoverMs ?? 2000);
  timer.unref();

  return E.right({
    async close() {
      clearInterval(timer);
      stopping.abort();
      await discovering;
      await Promise.allSettled([...lanes.values(), ...[...tickers.values()].map((ticker) => ticker.done)]);
      await cursors.flush();
    },
  });
}
