/**
 * The launch service, as the `launchplan/service` subpath: the embeddable request handler, its
 * token configuration, and the pure ingestion mappings (Alertmanager, JUnit).
 */
export { createLaunchService } from './handler.ts';
export type { LaunchService, LaunchServiceOptions } from './handler.ts';
export { authenticate, formatAuthError, loadTokens, parseTokens, requireRole, tokenTable, SERVICE_ROLES, TokenEntry, TokenFile } from './auth.ts';
export type { AuthError, TokenTable } from './auth.ts';
export { matchRoute } from './routes.ts';
export type { Route, RouteMiss } from './routes.ts';
export { renderStatusPage, renderStatusFragment } from './statusPage.ts';
export { chartNodes, regionLanes, renderChartSvg } from './statusChart.ts';
export { alertmanagerEvents, mapAlertmanager, matchAlertRule, alertIdOf, AlertmanagerPayload } from '../ingest/alertmanager.ts';
export type { AlertmanagerMapping, AlertmanagerOptions, IngestedEvent } from '../ingest/alertmanager.ts';
export { junitEvents, mapJunit, parseJunit } from '../ingest/junit.ts';
export type { JunitCase, JunitMapping, JunitOptions, JunitReport } from '../ingest/junit.ts';
