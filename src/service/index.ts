/// <reference types="node" preserve="true" />
/**
 * The launch service, as the `launchplan/service` subpath: the embeddable request handler, its
 * token configuration, the pure ingestion mappings (Alertmanager, JUnit), and the webhook
 * notifier.
 */
export { createLaunchService } from './handler.ts';
export type { LaunchService, LaunchServiceOptions } from './serviceOptions.ts';
export { createServiceServer, DEFAULT_SERVER_LIMITS } from './server.ts';
export type { ServerLimits } from './server.ts';
export {
  formatTokenConfigError,
  loadTokens,
  parseTokens,
  tokenTable,
  SERVICE_ROLES,
  TokenEntry,
  TokenFile,
} from './auth.ts';
export type { TokenConfigError, TokenTable } from './auth.ts';
export {
  alertmanagerEvents,
  mapAlertmanager,
  matchAlertRule,
  alertIdOf,
  AlertmanagerPayload,
  PLAN_LABEL,
  RULE_LABEL,
  STREAM_LABEL,
} from '../ingest/alertmanager.ts';
export type { AlertmanagerMapping, AlertmanagerOptions, IngestedEvent } from '../ingest/alertmanager.ts';
export { defaultMetricName, planAlertRules, renderRuleFile } from '../ingest/alertRules.ts';
export type {
  GeneratedRules,
  PrometheusRule,
  RuleFile,
  RuleOptions,
  UnmappedThreshold,
} from '../ingest/alertRules.ts';
export { decodeMetricMap, formatBadMetricMap, planMetricMap } from '../ingest/metricMap.ts';
export type { BadMetricMap, MetricExpression, MetricMap } from '../ingest/metricMap.ts';
export { formatJunitError, junitEvents, mapJunit, parseJunit } from '../ingest/junit.ts';
export type { JunitCase, JunitError, JunitMapping, JunitOptions, JunitReport } from '../ingest/junit.ts';
export {
  formatNotifyConfigError,
  loadNotifyConfig,
  NOTIFICATION_KINDS,
  parseNotifyConfig,
} from './notify/config.ts';
export type { NotificationKind, NotifyConfig, NotifyConfigError, Webhook } from './notify/config.ts';
export { startNotifier } from './notify/notifier.ts';
export { linkNonce, signLink, verifyLink } from './links/token.ts';
export type { LinkClaims, LinkDecision, LinkRefusal } from './links/token.ts';
export { withLinks } from './links/noteLinks.ts';
export type { LinkPerson, LinkSettings, PersonLinks } from './links/noteLinks.ts';
export type { Notifier, NotifierOptions } from './notify/notifier.ts';
export { formatCursorFileError } from './notify/cursors.ts';
export type { CursorFileUnreadable } from './notify/cursors.ts';
export type { Note } from './notify/notes.ts';
export type { ServiceMetrics } from './metrics.ts';
