/**
 * Helpers shared by the store tests: new-event factories and unique names per run (from
 * `launchplan/testing`, where the conformance suite uses them), and the rule for tests that need
 * a server (skip with a message, or fail when LAUNCHPLAN_REQUIRE_SERVICES=1).
 */
import { createConnection } from 'node:net';

export { collect, newEvent, newEvents, readAll, runId } from '../../src/testing/storeEvents.ts';

/** Whether the services are required (CI): then an unreachable server fails instead of skipping. */
export const servicesRequired = (): boolean => process.env['LAUNCHPLAN_REQUIRE_SERVICES'] === '1';

/** Whether a TCP port answers, within `timeoutMs`. */
export const tcpReachable = (url: string, defaultPort: number, timeoutMs = 2000): Promise<boolean> =>
  new Promise((resolve) => {
    const parsed = new URL(url);
    const socket = createConnection({ host: parsed.hostname, port: Number(parsed.port || defaultPort) });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

/** PostgreSQL URL for tests. */
export const pgUrl = (): string =>
  process.env['LAUNCHPLAN_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
/** NATS URL for tests. */
export const natsUrl = (): string => process.env['LAUNCHPLAN_NATS_URL'] ?? 'nats://127.0.0.1:4222';
