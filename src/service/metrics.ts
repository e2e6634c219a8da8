/**
 * `GET /metrics`: the service in Prometheus's text format, through prom-client, passing
 * `promtool check metrics`. Where each launch stands (items done and all items, progress, state,
 * open alerts, a gate waiting for a decision, overdue and blocked steps, the time to go-live, log
 * version) is read at scrape time from the launches; what this process did (events
 * appended by type, gate decisions, append latency) is counted by wrapping the store; live
 * figures (SSE clients, console sessions, notifications) come from hooks the service passes in.
 */
import * as E from 'fp-ts/lib/Either.js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { LaunchStatus } from '../compile/layout.ts';
import type { EventStore } from '../store/EventStore.ts';
import type { OwnershipStats } from '../launch/owner/ownership.ts';
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
  /** This host's leases and forwarded writes, in a cluster. */
  cluster?: () => OwnershipStats;
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
  // Gauges ending in `_total` fail `promtool check metrics` (the suffix is a counter's); each is
  // the sum over its `type` label of the gauge of the same name without it, which stays.
  for (const name of [
    'nodejs_active_handles_total',
    'nodejs_active_requests_total',
    'nodejs_active_resources_total',
  ])
    registry.removeSingleMetric(name);
  // Every series of the service is in its own registry.
  const counter = (name: string, help: string, labelNames: string[]) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const perLaunch = (name: string, help: string, labelNames: string[] = []) =>
    gauge(name, help, ['stream', ...labelNames]);
  const itemsDone = perLaunch('launchplan_launch_items_done', 'Items of the launch done or waived.');
  const items = perLaunch('launchplan_launch_items', 'Items of the launch, done or not.');
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
  const overdue = perLaunch(
    'launchplan_launch_steps_overdue',
    'Steps of the launch whose window has passed (deadline.reached) while they are not done.',
  );
  const blocked = perLaunch(
    'launchplan_launch_steps_blocked',
    'Steps of the launch blocked by a failed test.',
  );
  const goLive = perLaunch(
    'launchplan_launch_go_live_timestamp_seconds',
    'Go-live time of the launch (Unix seconds), for launches started with one.',
  );
  const toGoLive = perLaunch(
    'launchplan_launch_go_live_remaining_seconds',
    'Seconds from the scrape to the go-live of the launch (negative once passed), for launches started with one.',
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

  const owned = gauge(
    'launchplan_cluster_owned_launch',
    'Launches whose writes this host owns now (1 each).',
    ['stream'],
  );
  const clusterCounts = {
    claims: counter(
      'launchplan_cluster_lease_claims_total',
      'Leases this host asked for (free or held by another).',
      [],
    ),
    renewals: counter(
      'launchplan_cluster_lease_renewals_total',
      'Leases this host renewed while writing.',
      [],
    ),
    lost: counter(
      'launchplan_cluster_leases_lost_total',
      'Leases this host found taken over when it renewed.',
      [],
    ),
    forwarded: counter(
      'launchplan_cluster_forwarded_writes_total',
      'Writes this host forwarded to the owner of their launch.',
      [],
    ),
    received: counter(
      'launchplan_cluster_received_writes_total',
      'Forwarded writes this host answered as owner.',
      [],
    ),
  };
  const counted = { claims: 0, renewals: 0, lost: 0, forwarded: 0, received: 0 };
  /** Counters follow the ownership's own counts (by what they grew since the last scrape). */
  const readCluster = (stats: OwnershipStats): void => {
    owned.reset();
    for (const stream of stats.owned) owned.set({ stream }, 1);
    for (const key of Object.keys(counted) as (keyof typeof counted)[]) {
      clusterCounts[key].inc(stats[key] - counted[key]);
      counted[key] = stats[key];
    }
  };

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
  const perLaunchGauges = [
    itemsDone,
    items,
    progress,
    state,
    openAlerts,
    gateWaiting,
    overdue,
    blocked,
  ].concat([goLive, toGoLive, version]);
  const readLaunches = async (launches: LaunchRegistry, now: number): Promise<void> => {
    const streams = await launches.list();
    for (const gauge of perLaunchGauges) gauge.reset();
    for (const stream of streams) {
      const launch = await launches.fresh(stream, SCRAPE_MAX_AGE_MS);
      if (E.isLeft(launch)) continue;
      const checklist = launch.right.checklist();
      itemsDone.set({ stream }, checklist.progress.done);
      items.set({ stream }, checklist.progress.total);
      progress.set(
        { stream },
        checklist.progress.total === 0 ? 1 : checklist.progress.done / checklist.progress.total,
      );
      for (const name of STATES) state.set({ stream, state: name }, checklist.state === name ? 1 : 0);
      openAlerts.set({ stream }, checklist.alerts.length);
      gateWaiting.set({ stream }, checklist.gates.filter((gate) => gate.status === 'waiting').length);
      const steps = checklist.phases.flatMap((phase) => phase.steps);
      overdue.set({ stream }, steps.filter((step) => step.overdue).length);
      blocked.set({ stream }, steps.filter((step) => step.status === 'blocked').length);
      const goLiveAt = launch.right.snapshot().context.started?.goLiveAt;
      const goLiveMs = goLiveAt === undefined ? Number.NaN : Date.parse(goLiveAt);
      if (Number.isFinite(goLiveMs)) {
        goLive.set({ stream }, goLiveMs / 1000);
        toGoLive.set({ stream }, (goLiveMs - now) / 1000);
      }
      version.set({ stream }, launch.right.version);
    }
  };

  return {
    registry,
    instrument,
    notification: (webhook, outcome) => notifications.inc({ webhook, outcome }),
    async scrape(sources) {
      await readLaunches(sources.launches, Date.now());
      sseClients.set(sources.sseClients());
      sessions.set(sources.sessions());
      if (sources.cluster) readCluster(sources.cluster());
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
