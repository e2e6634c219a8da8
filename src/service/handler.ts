/**
 * The launch service as one `(req, res)` request handler, to mount on `http.createServer` (or
 * inside any Node server): who is asking (a bearer token, or a console session: `console/`),
 * security headers, size limits, routing, metrics, and a catch-all so that no
 * request can bring the process down. Every write goes through a `Launch` (decode → authorise →
 * accepted now? → append), so the log only ever grows by whole accepted events.
 */
import { readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { Actor } from '../events/envelope.ts';
import { EventLogError } from '../store/EventStore.ts';
import { createBoundedJunitReader } from '../ingest/junitPool.ts';
import { createBoundedReader } from '../plan/bounded/readerPool.ts';
import {
  formatTokenConfigError,
  requireRole,
  SERVICE_ROLES,
  tokenTable,
  type TokenEntry,
  type TokenTable,
} from './auth.ts';
import { createAttemptLimiter, tooManyAttempts } from './attempts.ts';
import { readBody } from './body.ts';
import { DEFAULT_CHART_LIMITS } from './chartLimits.ts';
import {
  fromIdentifyError,
  identify,
  signedIn,
  type IdentifyError,
  type Viewer,
} from './console/identify.ts';
import type { ConsoleContext, PageAnswer } from './console/pages.ts';
import {
  admits,
  consoleAnswer,
  isConsoleRoute,
  isPage,
  sendPage,
  type ConsoleRoute,
} from './console/routing.ts';
import { securityHeaders } from './console/security.ts';
import { createSessionTable } from './console/sessions.ts';
import {
  createLaunchFromBody,
  ingestAlertmanager,
  ingestJunit,
  launchCalendar,
  launchMarkdown,
  launchStatus,
  listLaunches,
  postEvent,
  type Answer,
} from './endpoints.ts';
import { answerForwarded, writeForwarded } from './clusterRoute.ts';
import { answerLink } from './links/answer.ts';
import { namedFailure } from './failures.ts';
import { createDeadlineScheduler } from './deadlineScheduler.ts';
import { createLaunchRegistry } from './launches.ts';
import { createServiceMetrics } from './metrics.ts';
import type { LaunchService, LaunchServiceOptions } from './serviceOptions.ts';
import {
  fromAuthError,
  fromBodyError,
  fromLaunchError,
  sendError,
  sendJson,
  sendText,
  type HttpError,
} from './reply.ts';
import { matchRoute, type Route } from './routes.ts';
import { createLiveFeeds } from './liveFeeds.ts';
import { createLiveLimits } from './liveLimits.ts';
import { createSseClients, launchSnapshot } from './sse.ts';

const SERVICE_ACTOR: Actor = { id: 'launchplan-service', roles: [] };

/** Roles a route needs besides a valid token (admin always passes). */
const ROLES: Partial<Record<Route['_tag'], { roles: string[]; action: string }>> = {
  CreateLaunch: { roles: [SERVICE_ROLES.launcher], action: 'create launches' },
  Alertmanager: { roles: [SERVICE_ROLES.alerts], action: 'post Alertmanager notifications' },
  Junit: { roles: [SERVICE_ROLES.ci], action: 'post JUnit reports' },
};

function tokensOf(tokens: TokenTable | readonly TokenEntry[]): TokenTable {
  if (!Array.isArray(tokens)) return tokens as TokenTable;
  const table = tokenTable(tokens);
  if (E.isLeft(table)) throw new Error(`createLaunchService: ${formatTokenConfigError(table.left)}`);
  return table.right;
}

/** Open file descriptors of the process, for /healthz (Linux; null elsewhere). */
function openFileCount(): number | null {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return null;
  }
}

/**
 * Builds the service.
 *
 * @example
 * const service = createLaunchService({ store: createFileEventStore('.launchplan'), tokens: [{ token: process.env.LP_TOKEN!, actor: 'lea', roles: ['admin'] }] });
 * createServiceServer(service).listen(8080, '127.0.0.1');
 */
export function createLaunchService(options: LaunchServiceOptions): LaunchService {
  const tokens = tokensOf(options.tokens);
  const metrics = createServiceMetrics();
  const store = metrics.instrument(options.store);
  const launches = createLaunchRegistry({
    store,
    serviceActor: SERVICE_ACTOR,
    ...(options.authorization ? { authorization: options.authorization } : {}),
    ...(options.approvals ? { approvals: options.approvals } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    snapshotKey: options.snapshotKey ?? null,
    ...(options.cluster ? { ownership: options.cluster.ownership } : {}),
  });
  // Writes forwarded over NATS are answered as those posted to /cluster/send.
  const listening = options.cluster?.ownership.listen(writeForwarded(launches));
  const deadlines = createDeadlineScheduler({ launches });
  if (options.deadlineSweepMs) deadlines.start(options.deadlineSweepMs);
  const now = options.clock ?? (() => new Date());
  const requireDecisionReason = options.requireDecisionReason ?? false;
  const eventBytes = options.limits?.eventBytes ?? 64 * 1024;
  const planBytes = options.limits?.planBytes ?? 512 * 1024;
  const documentBytes = options.limits?.documentBytes ?? 4 * 1024 * 1024;
  const sseClients = createSseClients();
  const liveFeeds = createLiveFeeds({
    store,
    clients: sseClients,
    ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.sseStallMs ? { stallMs: options.sseStallMs } : {}),
    ...(options.limits?.liveTailEvents ? { tailEvents: options.limits.liveTailEvents } : {}),
  });
  const liveLimits = createLiveLimits({
    ...(options.limits?.liveStreams ? { total: options.limits.liveStreams } : {}),
    ...(options.limits?.liveStreamsPerViewer ? { perViewer: options.limits.liveStreamsPerViewer } : {}),
  });
  const junit = createBoundedJunitReader(
    options.limits?.junitReadMs ? { timeoutMs: options.limits.junitReadMs } : {},
  );
  const reader = createBoundedReader({
    maxBytes: planBytes,
    ...(options.limits?.planReadMs ? { timeoutMs: options.limits.planReadMs } : {}),
    ...(options.limits?.planHeapMb ? { maxHeapMb: options.limits.planHeapMb } : {}),
  });
  const live = new Set<Promise<void>>();
  const sessionTtlMs = options.sessionTtlMs ?? 12 * 60 * 60 * 1000;
  const sessions = createSessionTable({
    ttlMs: sessionTtlMs,
    ...(options.sessionsPerActor ? { perActor: options.sessionsPerActor } : {}),
  });
  const attempts = createAttemptLimiter(options.attempts);
  const addressOf =
    options.clientAddress ?? ((req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown');
  const consoleContext: ConsoleContext = {
    launches,
    store,
    tokens,
    sessions,
    sessionTtlMs,
    publicPage: options.publicPage ?? false,
    requireDecisionReason,
    clock: options.clock ?? (() => new Date()),
    attempts,
    addressOf,
  };
  const onError =
    options.onError ??
    ((error: unknown, req: IncomingMessage) =>
      process.stderr.write(
        `launchplan serve: ${req.method} ${req.url}: ${(error as Error)?.stack ?? String(error)}\n`,
      ));

  const body = async (req: IncomingMessage, limit: number): Promise<E.Either<HttpError, Buffer>> => {
    const read = await readBody(req, limit);
    return E.isLeft(read) ? E.left(fromBodyError(read.left)) : read;
  };

  const dispatch = async (
    req: IncomingMessage,
    res: ServerResponse,
    route: Exclude<Route, ConsoleRoute | { _tag: 'DecisionLink' }>,
    actor: Actor,
    url: URL,
  ): Promise<E.Either<HttpError, Answer> | null> => {
    const read = async (limit: number, then: (bytes: Buffer) => Promise<E.Either<HttpError, Answer>>) => {
      const bytes = await body(req, limit);
      return E.isLeft(bytes) ? bytes : then(bytes.right);
    };
    switch (route._tag) {
      case 'Health':
        // A stranger learns that the service answers; its load is for those who hold a token.
        return E.right({
          _tag: 'Json',
          status: 200,
          body:
            actor === SERVICE_ACTOR
              ? { ok: true }
              : {
                  ok: true,
                  sse: { clients: sseClients.count, bufferedBytes: sseClients.bufferedBytes },
                  openFiles: openFileCount(),
                  ...(options.cluster ? { cluster: options.cluster.ownership.stats() } : {}),
                },
        });
      case 'ListLaunches':
        return listLaunches(launches, now());
      case 'CreateLaunch':
        return read(planBytes, (bytes) =>
          createLaunchFromBody(
            launches,
            reader,
            actor,
            bytes,
            req.headers['content-type'] ?? '',
            url.searchParams,
            { ...DEFAULT_CHART_LIMITS, ...options.limits?.chart },
            now(),
          ),
        );
      case 'Status':
        return launchStatus(launches, route.stream, now());
      case 'ChecklistMarkdown':
        return launchMarkdown(launches, route.stream);
      case 'Calendar':
        return launchCalendar(launches, route.stream);
      case 'Metrics': {
        const scraped = await metrics.scrape({
          launches,
          sseClients: () => sseClients.count,
          sessions: () => sessions.size,
          ...(options.cluster ? { cluster: () => options.cluster!.ownership.stats() } : {}),
        });
        return E.right({ _tag: 'Text', status: 200, contentType: scraped.contentType, body: scraped.body });
      }
      case 'PostEvent': {
        const key = req.headers['idempotency-key'];
        return read(eventBytes, (bytes) =>
          postEvent(
            launches,
            route.stream,
            actor,
            bytes,
            Array.isArray(key) ? key[0] : key,
            requireDecisionReason,
          ),
        );
      }
      case 'Alertmanager':
      case 'Junit': {
        // The response closes when the client goes away: what it posted is no longer sent on.
        const gone = new AbortController();
        res.once('close', () => gone.abort());
        const ingest = { stream: route.stream, actor, query: url.searchParams, signal: gone.signal };
        return read(documentBytes, (body) =>
          route._tag === 'Alertmanager'
            ? ingestAlertmanager(launches, { ...ingest, body }, options.limits?.alertsPerPost)
            : ingestJunit(launches, junit, { ...ingest, body }),
        );
      }
      case 'ClusterSend':
        return read(eventBytes + 4096, (bytes) => answerForwarded(options.cluster, launches, req, bytes));
      case 'EventStream': {
        // The feed brings the events: the launch only says it exists and where it stands, and
        // 400 streams opening at once share one catch-up a second rather than each making one.
        const launch = await launches.fresh(route.stream, 1000);
        if (E.isLeft(launch)) return E.left(fromLaunchError(launch.left));
        if (req.method === 'HEAD') {
          // A stream has no length: HEAD gets the headers a GET would and ends there.
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
          res.end();
          return null;
        }
        const lastId = Number(req.headers['last-event-id'] ?? url.searchParams.get('from') ?? Number.NaN);
        const from =
          Number.isSafeInteger(lastId) && lastId >= 0
            ? req.headers['last-event-id'] !== undefined
              ? lastId + 1
              : Math.max(1, lastId)
            : 1;
        // One viewer, or one address of the public page, holds a bounded number of streams.
        const admitted = liveLimits.admit(
          actor === SERVICE_ACTOR ? `address:${addressOf(req)}` : `actor:${actor.id}`,
        );
        if (E.isLeft(admitted)) return admitted;
        const streaming = liveFeeds
          .follow(res, {
            stream: route.stream,
            from,
            snapshot: () => Promise.resolve(launchSnapshot(launch.right)),
          })
          .finally(admitted.right);
        live.add(streaming);
        await streaming.finally(() => live.delete(streaming));
        return null;
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const secure = (kind: 'page' | 'other') =>
      Object.entries(securityHeaders(kind)).forEach(([name, value]) => res.setHeader(name, value));
    secure('other');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://launchplan.invalid');
    } catch {
      req.resume();
      return sendError(res, {
        status: 400,
        kind: 'BadPath',
        message: 'the request target is not a valid path',
      });
    }
    const route = matchRoute(req.method ?? 'GET', url.pathname);
    if (route._tag === 'NotFound' || route._tag === 'BadPath' || route._tag === 'MethodNotAllowed') {
      req.resume();
      if (route._tag === 'NotFound')
        return sendError(res, {
          status: 404,
          kind: 'NotFound',
          message: `no route ${url.pathname}: see docs/service.md`,
        });
      if (route._tag === 'BadPath')
        return sendError(res, { status: 400, kind: 'BadPath', message: route.message });
      return sendError(res, {
        status: 405,
        kind: 'MethodNotAllowed',
        message: `${req.method} is not allowed here; allowed: ${route.allow.join(', ')}`,
        headers: { allow: route.allow.join(', ') },
      });
    }
    // Another host of the cluster, authenticated by the cluster secret rather than a token.
    if (route._tag === 'ClusterSend')
      return answerWith(res, (await dispatch(req, res, route, SERVICE_ACTOR, url))!);
    // A decision link is its own credential (links/answer.ts).
    if (route._tag === 'DecisionLink') {
      secure('page');
      const link = { launches, store, secret: options.linkSecret ?? null, clock: now, requireDecisionReason };
      return answerWith(
        res,
        await answerLink(link, req.method ?? 'GET', route.token, (limit) => body(req, limit)),
      );
    }
    if (isPage(route)) secure('page');
    // An address that guessed too many tokens waits before it may present one again.
    const address = addressOf(req);
    const waitMs = req.headers.authorization === undefined ? 0 : attempts.waitMs(address);
    if (waitMs > 0 && route._tag !== 'Health') {
      req.resume();
      return sendError(res, tooManyAttempts(waitMs));
    }
    // Health answers whatever the credentials (with its details to a known viewer); signing in is
    // its own check (the form's origin), whatever session the browser still holds.
    const identified: E.Either<IdentifyError, Viewer> =
      waitMs > 0
        ? E.right({ via: 'anonymous' })
        : identify(tokens, sessions, req, url, route._tag !== 'Login');
    if (E.isLeft(identified) && identified.left._tag === 'UnknownToken') attempts.failed(address);
    const viewer: E.Either<IdentifyError, Viewer> =
      route._tag === 'Health' && E.isLeft(identified) ? E.right({ via: 'anonymous' }) : identified;
    if (E.isLeft(viewer)) {
      req.resume();
      return sendError(res, fromIdentifyError(viewer.left));
    }
    if (isConsoleRoute(route))
      return answerWith(
        res,
        await consoleAnswer(consoleContext, route, req, url, viewer.right, (limit) => body(req, limit)),
      );
    const needs = ROLES[route._tag];
    // Nobody signed in reads only what is open to all (health, a public page's events).
    const authorized =
      viewer.right.via === 'anonymous' && admits(consoleContext, route, viewer.right)
        ? E.right(SERVICE_ACTOR)
        : pipe(
            signedIn(viewer.right),
            E.chain((known) => (needs ? requireRole(known, needs.roles, needs.action) : E.right(known))),
          );
    if (E.isLeft(authorized)) {
      req.resume();
      return sendError(res, fromAuthError(authorized.left));
    }
    const answer = await dispatch(req, res, route, authorized.right, url);
    if (answer === null) return;
    answerWith(res, answer);
  };

  const answerWith = (res: ServerResponse, answer: E.Either<HttpError, Answer | PageAnswer>): void => {
    if (E.isLeft(answer)) return sendError(res, answer.left);
    if (answer.right._tag === 'Page') return sendPage(res, answer.right);
    if (answer.right._tag === 'Json') return sendJson(res, answer.right.status, answer.right.body);
    // Node sends no body for HEAD, and the content-length of the body a GET would get.
    return sendText(res, answer.right.status, answer.right.contentType, answer.right.body);
  };

  const service = ((req: IncomingMessage, res: ServerResponse): void => {
    res.on('error', () => undefined);
    handle(req, res).catch((error: unknown) => {
      // Broken infrastructure with a name (a store that cannot answer now, a full disk, a damaged
      // log) is said as such, never a 500: nothing is wrong with the request or the service.
      const named = namedFailure(error);
      if (error instanceof EventLogError) launches.damage.note(error.issue);
      if (named) return sendError(res, named);
      onError(error, req);
      sendError(res, {
        status: 500,
        kind: 'InternalError',
        message: 'the service could not answer: see its log',
      });
    });
  }) as LaunchService;
  Object.defineProperty(service, 'launches', { value: launches });
  Object.defineProperty(service, 'metrics', { value: metrics });
  service.sweepDeadlines = () => deadlines.sweep();
  service.close = async () => {
    await listening;
    await options.cluster?.ownership.close();
    await deadlines.close();
    liveFeeds.close();
    await Promise.allSettled([...live]);
    launches.close();
    await reader.close();
    await junit.close();
  };
  return service;
}
