/**
 * Prometheus Alertmanager webhook payloads → `alert.fired` / `alert.resolved` events. A pure
 * mapping: the payload (webhook format version 4) is decoded by an io-ts codec, each alert of the
 * group becomes one event, matched to one of the plan's alert rules by its labels, with an event id
 * derived from the alert's fingerprint and start time so that Alertmanager's repeated
 * notifications write each firing and each resolution once. What an alert's labels and
 * annotations put into the log is cut to `LABEL_CHARS` / `TEXT_CHARS` characters: a 3 MB
 * `alertname` made 4 MB snapshots and an 8.4 MB console fragment (issue 23).
 */
import { createHash } from 'node:crypto';
import * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { toPathErrors, type PathError } from '../codecErrors.ts';
import { canonicalJson } from '../events/canonicalJson.ts';
import { alertFired, alertResolved } from '../events/factories.ts';
import { IsoDateTime } from '../events/envelope.ts';
import { parseIsoTime } from '../events/isoTime.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';
import type { AlertRule } from '../plan/model.ts';

const Labels = t.record(t.string, t.string);

/** One alert of a webhook notification. */
export const AlertmanagerAlert = t.intersection([
  t.type({ status: t.keyof({ firing: null, resolved: null }), labels: Labels }),
  // Alertmanager writes RFC 3339 times: anything else is not from Alertmanager and is refused.
  t.partial({
    annotations: Labels,
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    generatorURL: t.string,
    fingerprint: t.string,
  }),
]);
export type AlertmanagerAlert = t.TypeOf<typeof AlertmanagerAlert>;

/** The webhook body (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
export const AlertmanagerPayload = t.intersection([
  t.type({ alerts: t.array(AlertmanagerAlert) }),
  t.partial({
    version: t.string,
    groupKey: t.string,
    truncatedAlerts: t.number,
    status: t.string,
    receiver: t.string,
    groupLabels: Labels,
    commonLabels: Labels,
    commonAnnotations: Labels,
    externalURL: t.string,
  }),
]);
export type AlertmanagerPayload = t.TypeOf<typeof AlertmanagerPayload>;

/** An event to send, with its idempotence key. */
export interface IngestedEvent {
  eventId: string;
  event: LaunchEvent;
}

/** What a payload maps to: the events, and the alerts that matched no rule of the plan. */
export interface AlertmanagerMapping {
  events: IngestedEvent[];
  /** Alert ids whose labels named no alert rule of the plan. */
  unmatched: string[];
  /** Alert ids whose labels name another plan or launch (`launchplan_plan`, `launchplan_stream`): not recorded. */
  elsewhere: string[];
}

export interface AlertmanagerOptions {
  /** Only alerts that match one of the plan's rules become events (default false: all do). */
  onlyMatched?: boolean;
  /** The launch's plan id: an alert whose `launchplan_plan` label names another plan is not recorded. */
  planId?: string;
  /** The launch's stream: an alert whose `launchplan_stream` label names another launch is not recorded. */
  stream?: string;
}

/**
 * The labels `launchplan rules` puts on every rule, which Alertmanager's webhook brings back: the
 * plan, the threshold (an `AlertRule` id) and, for rules written for one launch, its stream.
 */
export const PLAN_LABEL = 'launchplan_plan';
export const RULE_LABEL = 'launchplan_rule';
export const STREAM_LABEL = 'launchplan_stream';

/** A name compared without case, accents or punctuation (`Taux d'erreur` = `TAUX D ERREUR`): for ids, metrics and map keys. */
export const squash = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

/**
 * The plan rule an alert's labels name: `launchplan_rule` (a rule id), then a `metric` label equal
 * to a rule's metric, then `alertname` equal to or containing a rule's metric (longest wins).
 *
 * @example
 * matchAlertRule({ alertname: 'HighErrorRate' }, plan.alerts) // the rule whose metric is "errorRate"
 */
export function matchAlertRule(
  labels: Readonly<Record<string, string>>,
  rules: readonly AlertRule[],
): AlertRule | null {
  const explicit = labels[RULE_LABEL];
  // The exact id first: `alert/cache-hit-rate` and `alert/cachehitrate` squash alike.
  if (explicit !== undefined)
    return (
      rules.find((rule) => rule.id === explicit) ??
      rules.find((rule) => squash(rule.id) === squash(explicit)) ??
      null
    );
  for (const key of ['metric', '__name__', 'alertname']) {
    const value = labels[key];
    if (value === undefined) continue;
    const exact = rules.find(
      (rule) =>
        squash(rule.metric) === squash(value) || squash(rule.id.replace(/^alert\//, '')) === squash(value),
    );
    if (exact) return exact;
  }
  const name = squash(labels['alertname'] ?? '');
  if (name === '') return null;
  const containing = rules.filter(
    (rule) => squash(rule.metric).length >= 4 && name.includes(squash(rule.metric)),
  );
  return containing.sort((a, b) => squash(b.metric).length - squash(a.metric).length)[0] ?? null;
}

/** The most a label (name, severity, metric) keeps in the log, in characters. */
const LABEL_CHARS = 200;
/** The most an annotation (summary, description) keeps in the log, in characters. */
const TEXT_CHARS = 2000;

/** A text cut to `max` characters, marked with an ellipsis when it was cut. */
const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/** `am-<fingerprint>` (Alertmanager's are 16 hex digits), or a digest of the labels (or of a fingerprint past 64 characters). */
export function alertIdOf(alert: AlertmanagerAlert): string {
  const fingerprint = alert.fingerprint?.replace(/[^A-Za-z0-9_.-]/g, '');
  if (fingerprint && fingerprint.length <= 64) return `am-${fingerprint}`;
  const digested = fingerprint || canonicalJson(alert.labels);
  return `am-${createHash('sha256').update(digested).digest('hex').slice(0, 16)}`;
}

/** Alertmanager's own time of an alert, when it gives one (`0001-01-01…` is its "none"). */
const timeOf = (text: string | undefined): string | undefined =>
  text === undefined || text.startsWith('0001-') ? undefined : parseIsoTime(text)?.toISOString();
const withTime = (at: string | undefined): { at?: string } => (at === undefined ? {} : { at });

/**
 * Maps a decoded webhook payload to launch events.
 *
 * @example
 * const { events, unmatched } = mapAlertmanager(payload, plan.alerts);
 * // events[0].event = { type: 'alert.fired', alertId: 'am-3b15…', ruleId: 'alert/errorrate', metric: 'errorRate', name: 'HighErrorRate', severity: 'critical', … }
 */
export function mapAlertmanager(
  payload: AlertmanagerPayload,
  rules: readonly AlertRule[],
  options: AlertmanagerOptions = {},
): AlertmanagerMapping {
  const events: IngestedEvent[] = [];
  const unmatched: string[] = [];
  const elsewhere: string[] = [];
  for (const alert of payload.alerts) {
    const labels = { ...(payload.commonLabels ?? {}), ...alert.labels };
    const annotations = { ...(payload.commonAnnotations ?? {}), ...(alert.annotations ?? {}) };
    const alertId = alertIdOf(alert);
    if (namesOther(labels[PLAN_LABEL], options.planId) || namesOther(labels[STREAM_LABEL], options.stream)) {
      elsewhere.push(alertId);
      continue;
    }
    const rule = matchAlertRule(labels, rules);
    if (!rule) {
      unmatched.push(alertId);
      if (options.onlyMatched) continue;
    }
    const startedAt = alert.startsAt ?? '';
    const text = annotations['summary'] ?? annotations['description'] ?? labels['alertname'];
    const message = text === undefined ? undefined : clip(text, TEXT_CHARS);
    if (alert.status === 'firing') {
      const value = annotations['value'] !== undefined ? Number(annotations['value']) : Number.NaN;
      events.push({
        eventId: `alertmanager:${alertId}:${startedAt}:firing`,
        event: alertFired({
          alertId,
          ...(rule
            ? { ruleId: rule.id, metric: rule.metric }
            : labels['metric']
              ? { metric: clip(labels['metric'], LABEL_CHARS) }
              : {}),
          ...(Number.isFinite(value) ? { value } : {}),
          ...(message !== undefined ? { message } : {}),
          ...(labels['alertname'] !== undefined ? { name: clip(labels['alertname'], LABEL_CHARS) } : {}),
          ...(labels['severity'] !== undefined ? { severity: clip(labels['severity'], LABEL_CHARS) } : {}),
          ...withTime(timeOf(alert.startsAt)),
        }),
      });
    } else {
      events.push({
        eventId: `alertmanager:${alertId}:${startedAt}:resolved`,
        event: alertResolved({
          alertId,
          ...(message !== undefined ? { message: `resolved: ${message}` } : {}),
          ...withTime(timeOf(alert.endsAt)),
        }),
      });
    }
  }
  return { events, unmatched, elsewhere };
}

/** Whether a label names something other than what this launch is (both must be known). */
const namesOther = (label: string | undefined, own: string | undefined): boolean =>
  label !== undefined && own !== undefined && label !== own;

/**
 * Decodes a webhook body and maps it; a body that is not an Alertmanager payload is a Left with paths.
 *
 * @example
 * alertmanagerEvents(JSON.parse(body), plan.alerts) // Right({ events, unmatched }) | Left([{ path, message }])
 */
export function alertmanagerEvents(
  input: unknown,
  rules: readonly AlertRule[],
  options: AlertmanagerOptions = {},
): E.Either<NotAlertmanagerPayload, AlertmanagerMapping> {
  return pipe(
    AlertmanagerPayload.decode(input),
    E.bimap(
      (errors): NotAlertmanagerPayload => ({
        _tag: 'NotAlertmanagerPayload',
        errors: toPathErrors(errors).slice(0, 5),
      }),
      (payload) => mapAlertmanager(payload, rules, options),
    ),
  );
}

/** Why a body is not an Alertmanager webhook payload: the fields that do not decode. */
export interface NotAlertmanagerPayload {
  _tag: 'NotAlertmanagerPayload';
  errors: PathError[];
}
