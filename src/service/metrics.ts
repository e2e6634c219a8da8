/**
 * `GET /metrics`: the service in Prometheus's text format, through prom-client. Where each
 * launch stands (items done and total, progress, state, open alerts, a gate waiting for a
 * decision, log version) is read at scrape time from the launches; what this process did (events
 * appended by type, gate decisions, append latency) is counted by wrapping the store; live
 * figures (SSE clients, console sessions, notifications) come from hooks the service passes in.
 */
import * as E from 'fp-ts/lib/Either.js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LaunchStatus } from '../compile/layout.ts';
import type { EventStore } from '../store/EventStore.ts';
import type { LaunchRegistry } from './launches.ts';

/** Every state a launch can be in: the state gauge has one series per state (1 for the current one). */
const STATES: readonly LaunchStatus[] = [
  'ready',
  'running',
  'paused',
  'rolling-back',
  'rolled-back',
  'completed',
  'operating',
  'aborted',
];

/** How old a launch's catch-up may be in a scrape (as in a listing). */
const SCRAPE_MAX_AGE_MS = 2000;

/** Figures the service reads live at each scrape. */
export interface MetricSources {
  launches: LaunchRegistry;
  sseClients: () => number;
  sessions: () => number;
}

export interface ServiceMetrics {
  readonly registry: Registry;
  /** The store, with its appends counted and timed. */
  instrument(store: EventStore): EventStore;
  /** Counts a notification delivery attempt to a webhook. */
  notification(webhook: string, outcome: 'delivered' | 'failed'): void;
  /** The scrape: `{ contentType, body }`. */
  scrape(sources: MetricSources): Promise<{ contentType: string; body: string }>;
}

/**
 * A registry of its own per service (two services in one process do not share series), with
 * Node's process metrics.
 *
 * @example
 * const metrics = createServiceMetrics();
 * const store = metrics.instrument(createFileEventStore('.launchplan'));
 * const { body } = await metrics.scrape({ launches, sseClients: () => 0, sessions: () => 0 });
 */
export function createServiceMetrics(): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Every series of the service is in its own registry.
  const counter = (name: string, help: string, labelNames: string[]) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const perLaunch = (name: string, help: string, labelNames: string[] = []) =>
    gauge(name, help, ['stream', ...labelNames]);
  const itemsDone = perLaunch('launchplan_launch_items_done', 'Items of the launch done or waived.');
  const itemsTotal = perLaunch('launchplan_launch_items_total', 'Items of the launch.');
  const progress = perLaunch(
    'launchplan_launch_progress_ratio',
    'Items done or waived over all items (0 to 1).',
  );
  const state = perLaunch(
    'launchplan_launch_state',
    'Where the launch stands: 1 for its current state, 0 for the others.',
    ['state'],
  );
  const openAlerts = perLaunch(
    'launchplan_launch_open_alerts',
    'Alerts open on the launch (any open alert blocks a go).',
  );
  const gateWaiting = perLaunch(
    'launchplan_launch_gate_waiting',
    'Gates of the launch waiting for a go/no-go decision now.',
  );
  const version = perLaunch(
    'launchplan_launch_log_version',
    'Version of the launch log (its number of events).',
  );
  const appended = counter(
    'launchplan_events_appended_total',
    'Events this process appended to launch logs, by type.',
    ['stream', 'type'],
  );
  const decisions = counter(
    'launchplan_gate_decisions_total',
    'Go/no-go decisions this process appended, by decision.',
    ['stream', 'decision'],
  );
  const latency = new Histogram({
    name: 'launchplan_append_duration_seconds',
    help: 'Time of one append to the event store, written or refused (durable: it includes the fsync or the database commit).',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const sseClients = gauge(
    'launchplan_sse_clients',
    'Clients following a launch over Server-Sent Events now.',
  );
  const sessions = gauge('launchplan_console_sessions', 'Console sessions signed in now.');
  const notifications = counter(
    'launchplan_notification_deliveries_total',
    'Notification delivery attempts to webhooks, by outcome (a failed attempt is retried).',
    ['webhook', 'outcome'],
  );

  const instrument = (store: EventStore): EventStore => ({
    async append(stream, events, options) {
      const stop = latency.startTimer();
      const result = await store.append(stream, events, options);
      stop();
      // A retry of ids already in the log writes nothing: only the events written count.
      if (E.isRight(result) && result.right.appended > 0) {
        for (const event of events.slice(events.length - result.right.appended)) {
          appended.inc({ stream, type: event.type });
          const decision =
            event.type === 'gate.decided' ? (event.data as { decision?: unknown }).decision : undefined;
          if (typeof decision === 'string') decisions.inc({ stream, decision });
        }
      }
      return result;
    },
    read: (stream, options) => store.read(stream, options),
    version: (stream) => store.version(stream),
    subscribe: (stream, options) => store.subscribe(stream, options),
    listStreams: () => store.listStreams(),
    saveSnapshot: (stream, snapshot) => store.saveSnapshot(stream, snapshot),
    loadSnapshot: (stream) => store.loadSnapshot(stream),
    verify: (stream) => store.verify(stream),
    close: () => store.close(),
  });

  /** Sets the per-launch gauges from the launches as they are now; launches gone lose their series. */
  const readLaunches = async (launches: LaunchRegistry): Promise<void> => {
    const streams = await launches.list();
    for (const gauge of [itemsDone, itemsTotal, progress, state, openAlerts, gateWaiting, version])
      gauge.reset();
    for (const stream of streams) {
      const launch = await launches.fresh(stream, SCRAPE_MAX_AGE_MS);
      if (E.isLeft(launch)) continue;
      const checklist = launch.right.checklist();
      itemsDone.set({ stream }, checklist.progress.done);
      itemsTotal.set({ stream }, checklist.progress.total);
      progress.set(
        { stream },
        checklist.progress.total === 0 ? 1 : checklist.progress.done / checklist.progress.total,
      );
      for (const name of STATES) state.set({ stream, state: name }, checklist.state === name ? 1 : 0);
      openAlerts.set({ stream }, checklist.alerts.length);
      gateWaiting.set({ stream }, checklist.gates.filter((gate) => gate.status === 'waiting').length);
      version.set({ stream }, launch.right.version);
    }
  };

  return {
    registry,
    instrument,
    notification: (webhook, outcome) => notifications.inc({ webhook, outcome }),
    async scrape(sources) {
      await readLaunches(sources.launches);
      sseClients.set(sources.sseClients());
      sessions.set(sources.sessions());
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
