/**
 * What a launch service is given and what it gives back: its options (the store, the tokens, the
 * limits on what clients send and hold, the console's sessions, how credentials are counted) and
 * the request handler with the launches and metrics it owns.
 */
import type { ApprovalPolicies } from '../plan/approvals.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthorizationPolicy } from '../launch/index.ts';
import type { EventStore } from '../store/EventStore.ts';
import type { AttemptOptions } from './attempts.ts';
import type { TokenEntry, TokenTable } from './auth.ts';
import type { ChartLimits } from './chartLimits.ts';
import type { ClusterOptions } from './clusterRoute.ts';
import type { LaunchRegistry } from './launches.ts';
import type { ServiceMetrics } from './metrics.ts';

export interface LaunchServiceOptions {
  store: EventStore;
  /** Bearer tokens: a table from `loadTokens`/`parseTokens`, or the entries themselves. */
  tokens: TokenTable | readonly TokenEntry[];
  limits?: {
    /** Largest body of an event post (default 64 KiB). */
    eventBytes?: number;
    /** Largest plan body (default 512 KiB). */
    planBytes?: number;
    /** Longest a posted plan may take to read, in ms (default 30,000); plans are read in a worker. */
    planReadMs?: number;
    /** Heap of the plan-reading worker, in MiB (default 256, at least 32). */
    planHeapMb?: number;
    /** Largest Alertmanager or JUnit body (default 4 MiB). */
    documentBytes?: number;
    /** Most alerts in one Alertmanager post (default 1,000); more are refused with 413. */
    alertsPerPost?: number;
    /** Largest chart a plan may compile to (default 500 states, 3,000 items); past it 422 ChartTooLarge. */
    chart?: Partial<ChartLimits>;
    /** Live streams in all (default 512; past it 503). */
    liveStreams?: number;
    /** Live streams of one viewer: a token's or a session's actor, a public page reader's address (default 32; past it 429). */
    liveStreamsPerViewer?: number;
    /** Events each launch's live feed keeps for followers that join or fall behind (default 1,000). */
    liveTailEvents?: number;
    /** Longest a JUnit report may take to read and match to the plan, in ms (default 30,000); reports are read in a worker. */
    junitReadMs?: number;
  };
  /** Every go/no-go must give a reason (default false; a plan can ask for it in its front matter). */
  requireDecisionReason?: boolean;
  /**
   * The secret decision links are signed with (`LAUNCHPLAN_LINK_SECRET`, at least 32 characters):
   * `/approve/<token>` checks them; without it, links are off (404).
   */
  linkSecret?: string;
  /** The runtime's item-owner policy (default `owners`). */
  authorization?: AuthorizationPolicy;
  /**
   * Approval policies for the gates of the plans this service creates launches of, keyed by gate
   * id, title or `*` (a plan's own front matter wins): see docs/events.md, "Approvals".
   */
  approvals?: ApprovalPolicies;
  clock?: () => Date;
  /**
   * Sweep every launch for passed deadlines at start and then every this many ms, appending their
   * `deadline.reached` (`launchplan serve`: 30 s); default: no sweep, `launchplan tick` does it.
   */
  deadlineSweepMs?: number;
  /** SSE keep-alive comment interval (default 15 s). */
  heartbeatMs?: number;
  /** Longest an SSE client may leave its buffer full before it is dropped (default 10 s). */
  sseStallMs?: number;
  /** The key launch snapshots are sealed with (`launchplan serve` reads LAUNCHPLAN_SNAPSHOT_KEY). */
  snapshotKey?: string | null;
  /** Called with errors the service answered with 500 (default: written to stderr). */
  onError?: (error: unknown, req: IncomingMessage) => void;
  /** Anyone may read launch pages and follow their events without signing in (default false: sign in first). */
  publicPage?: boolean;
  /** How long a console session lasts (default 12 h). */
  sessionTtlMs?: number;
  /** Console sessions one actor may hold at once; signing in again ends its oldest (default 16). */
  sessionsPerActor?: number;
  /** Failed sign-ins and unknown bearer tokens an address may have per minute (default 50, then 429). */
  attempts?: AttemptOptions;
  /**
   * The client address credentials are counted by (default: the connection's remote address).
   * Behind a reverse proxy every client has the proxy's address: give one that reads the header
   * your proxy sets, and only that proxy's.
   */
  clientAddress?: (req: IncomingMessage) => string;
  /**
   * Hosts of a cluster writing one log: each launch's writes go to the host holding its lease
   * (docs/event-log.md, "Running on a cluster"). The service answers forwarded writes and
   * releases its leases on `close`.
   */
  cluster?: ClusterOptions;
}

/** A request handler that also owns open launches and live streams. */
export interface LaunchService {
  (req: IncomingMessage, res: ServerResponse): void;
  readonly launches: LaunchRegistry;
  /** The service's Prometheus metrics (`GET /metrics`); notifiers count their deliveries here. */
  readonly metrics: ServiceMetrics;
  /** Appends the deadlines passed by now in every launch (what each sweep does); the number appended. */
  sweepDeadlines(): Promise<number>;
  /** Ends live streams and forgets open launches (the store stays open: its owner closes it). */
  close(): Promise<void>;
}
