/**
 * The launch service, as the `launchplan/service` subpath: the embeddable request handler, its
 * token configuration, and the pure ingestion mappings (Alertmanager, JUnit).
 */
export { createLaunchService } from './handler.ts';
export type { LaunchService, LaunchServiceOptions } from './handler.ts';
export { formatTokenConfigError, loadTokens, parseTokens, tokenTable, SERVICE_ROLES, TokenEntry, TokenFile } from './auth.ts';
export type { TokenConfigError, TokenTable } from './auth.ts';
export { alertmanagerEvents, mapAlertmanager, matchAlertRule, alertIdOf, AlertmanagerPayload } from '../ingest/alertmanager.ts';
export type { AlertmanagerMapping, AlertmanagerOptions, IngestedEvent } from '../ingest/alertmanager.ts';
export { formatJunitError, junitEvents, mapJunit, parseJunit } from '../ingest/junit.ts';
export type { JunitCase, JunitError, JunitMapping, JunitOptions, JunitReport } from '../ingest/junit.ts';
