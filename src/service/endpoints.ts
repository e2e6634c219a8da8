/**
 * What each route does, once the request is authenticated: pure-ish functions from the request's
 * parts to an answer value (`Answer`), so the handler only reads bodies, checks roles and writes.
 */
import * as E from 'fp-ts/lib/Either.js';
import { launchCalendarInput, renderCalendar } from '../checklist/calendar.ts';
import { secondsToGoLive, withCountdown } from '../checklist/countdown.ts';
import type { Actor } from '../events/envelope.ts';
import { ISO_TIME_HINT, parseIsoTime } from '../events/isoTime.ts';
import { alertmanagerEvents, type IngestedEvent } from '../ingest/alertmanager.ts';
import { formatJunitRefusal, type BoundedJunitReader } from '../ingest/junitPool.ts';
import type { BoundedReader } from '../plan/bounded/readerPool.ts';
import type { Plan } from '../plan/model.ts';
import { validatePlan } from '../plan/validate.ts';
import { decodeLaunchInput, type Launch } from '../launch/index.ts';
import { validateStreamId } from '../store/streamId.ts';
import { parseJson } from './body.ts';
import { chartTooLarge, DEFAULT_CHART_LIMITS, type ChartLimits } from './chartLimits.ts';
import { warningsOf } from './damage.ts';
import { missingReason } from './decisionReason.ts';
import type { LaunchRegistry } from './launches.ts';
import { badRequest, fromBodyError, fromBoundedReadError, fromLaunchError, type HttpError } from './reply.ts';

/** A successful answer. */
export type Answer =
  | { _tag: 'Json'; status: number; body: unknown }
  | { _tag: 'Text'; status: number; contentType: string; body: string | Uint8Array };

const json = (status: number, body: unknown): E.Either<HttpError, Answer> =>
  E.right({ _tag: 'Json', status, body });

/** A launch in a list: where it stands, and how long until it goes live. */
function summary(launch: Launch, now: Date): Record<string, unknown> {
  const checklist = launch.checklist();
  return {
    stream: launch.stream,
    planId: launch.plan.id,
    title: launch.plan.title,
    state: checklist.state,
    health: checklist.health,
    progress: checklist.progress,
    version: launch.version,
    current: checklist.current,
    goLiveAt: checklist.schedule.goLiveAt,
    secondsToGoLive: secondsToGoLive(checklist, now),
    overdue: checklist.blockers.filter((blocker) => blocker.kind === 'overdue').length,
  };
}

/** How old a launch's last catch-up may be in a listing (a status of one launch is always caught up). */
const LISTING_MAX_AGE_MS = 2000;

/** `GET /launches`: every stream of the store with where its launch stands. */
export async function listLaunches(
  launches: LaunchRegistry,
  now: Date = new Date(),
): Promise<E.Either<HttpError, Answer>> {
  const streams = await launches.list();
  const out: unknown[] = [];
  for (const stream of streams) {
    // Each launch's summary is work on the event loop: other requests get their turn in between.
    await new Promise((resolve) => setImmediate(resolve));
    const launch = await launches.fresh(stream, LISTING_MAX_AGE_MS);
    out.push(
      E.isRight(launch)
        ? { ...summary(launch.right, now), ...warningsOf(launches.damage.of(stream)) }
        : { stream, error: fromLaunchError(launch.left).message },
    );
  }
  return json(200, { launches: out });
}

/**
 * Reads the plan of a `POST /launches` body: JSON (by content type or a leading `{`) or Markdown,
 * which is read off the event loop within the service's limits.
 */
export async function planOfBody(
  reader: BoundedReader,
  body: Buffer,
  contentType: string,
  stream: string | null,
): Promise<E.Either<HttpError, { plan: Plan; format: 'json' | 'markdown'; source: Buffer }>> {
  const looksJson =
    /json/i.test(contentType) ||
    (!/markdown|text\/plain/i.test(contentType) && body.toString('utf8', 0, 64).trimStart().startsWith('{'));
  if (looksJson) {
    const data = parseJson(body);
    if (E.isLeft(data)) return E.left(fromBodyError(data.left));
    const plan = validatePlan(data.right);
    if (E.isLeft(plan))
      return E.left(
        badRequest('the body is not a valid JSON plan', { errors: plan.left.errors.slice(0, 10) }),
      );
    return E.right({ plan: plan.right, format: 'json', source: body });
  }
  if (body.length === 0)
    return E.left(
      badRequest('the body is empty: send the plan as Markdown (text/markdown) or JSON (application/json)'),
    );
  const read = await reader.read(body, stream ? { id: stream } : {});
  if (E.isLeft(read)) return E.left(fromBoundedReadError(read.left));
  return E.right({ plan: read.right.plan, format: 'markdown', source: body });
}

/** `POST /launches?stream=&start=&goLiveAt=`: records a plan in a new stream and starts it. */
export async function createLaunchFromBody(
  launches: LaunchRegistry,
  reader: BoundedReader,
  actor: Actor,
  body: Buffer,
  contentType: string,
  query: URLSearchParams,
  chartLimits: ChartLimits = DEFAULT_CHART_LIMITS,
  now: Date = new Date(),
): Promise<E.Either<HttpError, Answer>> {
  const wanted = query.get('stream');
  const validStream = wanted === null ? null : validateStreamId(wanted);
  if (validStream && E.isLeft(validStream))
    return E.left(badRequest(`stream=${JSON.stringify(wanted)}: ${validStream.left.message}`));
  const goLiveText = query.get('goLiveAt');
  const goLiveAt = goLiveText === null ? null : parseIsoTime(goLiveText);
  if (goLiveAt === null && goLiveText !== null)
    return E.left(badRequest(`goLiveAt=${goLiveText}: give ${ISO_TIME_HINT}`));
  const read = await planOfBody(reader, body, contentType, wanted);
  if (E.isLeft(read)) return read;
  const { plan } = read.right;
  const refusal = plan.diagnostics.find((diagnostic) => diagnostic.severity === 'error');
  if (refusal?.code === 'plan-too-deep')
    return E.left({ status: 422, kind: 'PlanTooDeep', message: refusal.message });
  if (plan.phases.length === 0)
    return E.left({
      status: 422,
      kind: 'EmptyPlan',
      message: 'no phase, step or item found in the plan: nothing to launch',
    });
  const tooLarge = chartTooLarge(plan, chartLimits);
  if (tooLarge) return E.left(tooLarge);
  const stream = wanted ?? plan.id;
  const start = query.get('start') === 'false' ? null : goLiveAt ? { goLiveAt: goLiveAt.toISOString() } : {};
  const created = await launches.create(stream, read.right, actor, start);
  if (E.isLeft(created)) return E.left(fromLaunchError(created.left));
  return json(201, {
    ...summary(created.right, now),
    planHash: created.right.plan.hash,
    diagnostics: plan.diagnostics.filter((d) => d.severity !== 'info').length,
  });
}

/** `GET /launches/:stream`: the checklist as JSON. */
export async function launchStatus(
  launches: LaunchRegistry,
  stream: string,
  now: Date = new Date(),
): Promise<E.Either<HttpError, Answer>> {
  const launch = await launches.fresh(stream);
  return E.isLeft(launch)
    ? E.left(fromLaunchError(launch.left))
    : json(200, {
        ...withCountdown(launch.right.checklist(), now),
        ...warningsOf(launches.damage.of(stream)),
      });
}

/** `GET /launches/:stream/checklist.md`: the original plan with its boxes set. */
export async function launchMarkdown(
  launches: LaunchRegistry,
  stream: string,
): Promise<E.Either<HttpError, Answer>> {
  const launch = await launches.fresh(stream);
  if (E.isLeft(launch)) return E.left(fromLaunchError(launch.left));
  const rendered = launch.right.markdown();
  if (!rendered)
    return E.left({
      status: 409,
      kind: 'NoMarkdownSource',
      message: `stream ${stream} was not started from a Markdown plan: there is no Markdown to write`,
    });
  return E.right({
    _tag: 'Text',
    status: 200,
    contentType: 'text/markdown; charset=utf-8',
    body: rendered.markdown,
  });
}

/** `GET /launches/:stream/calendar.ics`: the launch's dated windows and go-live as iCalendar. */
export async function launchCalendar(
  launches: LaunchRegistry,
  stream: string,
): Promise<E.Either<HttpError, Answer>> {
  const launch = await launches.fresh(stream);
  if (E.isLeft(launch)) return E.left(fromLaunchError(launch.left));
  const input = launchCalendarInput(launch.right.plan, launch.right.checklist());
  if (!input)
    return E.left({
      status: 409,
      kind: 'NotStarted',
      message: `the launch in stream ${stream} has not started: its windows have no dates yet`,
    });
  return E.right({
    _tag: 'Text',
    status: 200,
    contentType: 'text/calendar; charset=utf-8',
    body: renderCalendar(input),
  });
}

const EVENT_ID = /^[\x21-\x7e]{1,200}$/;

/**
 * `POST /launches/:stream/events`: one event (JSON), idempotent with an `Idempotency-Key`. A
 * go/no-go without a reason is refused (422 `ReasonRequired`) when the plan or the service
 * (`reasonRequired`) asks for one.
 */
export async function postEvent(
  launches: LaunchRegistry,
  stream: string,
  actor: Actor,
  body: Buffer,
  idempotencyKey: string | undefined,
  reasonRequired = false,
): Promise<E.Either<HttpError, Answer>> {
  if (idempotencyKey !== undefined && !EVENT_ID.test(idempotencyKey))
    return E.left(badRequest('Idempotency-Key: use 1 to 200 visible ASCII characters'));
  const event = parseJson(body);
  if (E.isLeft(event)) return E.left(fromBodyError(event.left));
  if (typeof event.right !== 'object' || event.right === null || Array.isArray(event.right))
    return E.left(
      badRequest('the body must be one event: a JSON object such as {"type":"item.checked","itemId":"…"}'),
    );
  const launch = await launches.get(stream);
  if (E.isLeft(launch)) return E.left(fromLaunchError(launch.left));
  const decoded = decodeLaunchInput(event.right);
  if (E.isLeft(decoded)) return E.left(fromLaunchError(decoded.left));
  const unexplained = missingReason(launch.right.plan, reasonRequired, decoded.right);
  if (unexplained) return E.left(unexplained);
  const sent = await launch.right.send(decoded.right, {
    actor,
    ...(idempotencyKey !== undefined ? { eventId: idempotencyKey } : {}),
  });
  if (E.isLeft(sent)) return E.left(fromLaunchError(sent.left));
  const { state, progress, health } = launch.right.checklist();
  return json(sent.right.appended ? 201 : 200, { ...sent.right, state, health, progress });
}

/** Events of a payload sent as one batch (one write, or one hop to the launch's owner) between checks of the client. */
const SENDS_PER_BATCH = 64;

/**
 * What happened to each mapped event of an ingested payload, sent in batches. Sending stops when
 * `signal` aborts (the client has gone: no one would read the answer, and a 10,000-alert post
 * kept appending after its client had left, issue 23); what was sent is in the log, and a retry
 * of the same payload writes each event once.
 */
async function sendAll(launch: Launch, actor: Actor, events: readonly IngestedEvent[], signal: AbortSignal) {
  const accepted: unknown[] = [];
  const refused: unknown[] = [];
  for (let start = 0; start < events.length && !signal.aborted; start += SENDS_PER_BATCH) {
    const batch = events.slice(start, start + SENDS_PER_BATCH);
    const results = await launch.sendAll(batch, { actor });
    for (const [index, sent] of results.entries()) {
      const { event } = batch[index]!;
      const subject = 'itemId' in event ? event.itemId : 'alertId' in event ? event.alertId : undefined;
      if (E.isRight(sent))
        accepted.push({
          type: event.type,
          id: subject,
          version: sent.right.version,
          appended: sent.right.appended,
        });
      else
        refused.push({
          type: event.type,
          id: subject,
          kind: sent.left._tag,
          message: fromLaunchError(sent.left).message,
        });
    }
  }
  return { accepted, refused };
}

/** A payload posted to a launch by another system: whose launch, who sends it, the body and the query. */
export interface Ingest {
  stream: string;
  actor: Actor;
  body: Buffer;
  query: URLSearchParams;
  /** Aborted when the client has gone. */
  signal: AbortSignal;
}

/** The most alerts one Alertmanager post may hold (its groups hold a few). */
const ALERTS_PER_POST = 1000;

/** `POST /launches/:stream/alertmanager`: an Alertmanager webhook notification. */
export async function ingestAlertmanager(
  launches: LaunchRegistry,
  { stream, actor, body, query, signal }: Ingest,
  maxAlerts = ALERTS_PER_POST,
): Promise<E.Either<HttpError, Answer>> {
  const payload = parseJson(body);
  if (E.isLeft(payload)) return E.left(fromBodyError(payload.left));
  const alerts = (payload.right as { alerts?: unknown } | null)?.alerts;
  if (Array.isArray(alerts) && alerts.length > maxAlerts)
    return E.left({
      status: 413,
      kind: 'TooManyAlerts',
      message: `the notification holds ${alerts.length} alerts, more than ${maxAlerts}: nothing was recorded; lower max_alerts in Alertmanager's webhook_config`,
    });
  const launch = await launches.get(stream);
  if (E.isLeft(launch)) return E.left(fromLaunchError(launch.left));
  const mapped = alertmanagerEvents(payload.right, launch.right.plan.alerts, {
    onlyMatched: query.get('only') === 'matched',
    planId: launch.right.plan.id,
    stream,
  });
  if (E.isLeft(mapped))
    return E.left(
      badRequest('the body is not an Alertmanager webhook payload', { errors: mapped.left.errors }),
    );
  const results = await sendAll(launch.right, actor, mapped.right.events, signal);
  const { state, health } = launch.right.checklist();
  const { unmatched, elsewhere } = mapped.right;
  return json(200, { ...results, unmatched, elsewhere, state, health });
}

/** `POST /launches/:stream/junit?run=`: a JUnit XML report. */
export async function ingestJunit(
  launches: LaunchRegistry,
  junit: BoundedJunitReader,
  { stream, actor, body, query, signal }: Ingest,
): Promise<E.Either<HttpError, Answer>> {
  if (body.length === 0) return E.left(badRequest('the body is empty: expected a JUnit XML report'));
  const launch = await launches.get(stream);
  if (E.isLeft(launch)) return E.left(fromLaunchError(launch.left));
  const run = query.get('run');
  const mapped = await junit.events(body.toString('utf8'), launch.right.plan, run ? { runId: run } : {});
  if (E.isLeft(mapped)) {
    const refusal = mapped.left;
    const pastLimit = refusal._tag === 'ReportTooSlow' || refusal._tag === 'ReportTooBig';
    return E.left(
      pastLimit
        ? { status: 422, kind: refusal._tag, message: formatJunitRefusal(refusal) }
        : badRequest(formatJunitRefusal(refusal)),
    );
  }
  const results = await sendAll(launch.right, actor, mapped.right.events, signal);
  const { state, progress } = launch.right.checklist();
  return json(200, {
    ...results,
    matched: mapped.right.matched,
    unmatched: mapped.right.unmatched,
    skipped: mapped.right.skipped,
    state,
    progress,
  });
}
