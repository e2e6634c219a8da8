/**
 * Two hosts, one log, end to end: runs examples/two-hosts/run.ts, which starts two separate
 * `launchplan serve` processes on the same PostgreSQL (and NATS JetStream) log; the follower must
 * see every event live over SSE and serve the identical checklist.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { natsUrl, pgUrl } from '../store/helpers.ts';
import { whenServiceReachable } from '../store/services.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/two-hosts/run.ts', import.meta.url));
const exec = promisify(execFile);

const runExample = async (url: string) => {
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', EXAMPLE, url], { timeout: 90_000 });
  return JSON.parse(stdout) as {
    identical: boolean;
    eventsPosted: number;
    followerSawVersions: number[];
    version: { writer: number; follower: number };
  };
};

const describeTwoHosts = (name: string, url: string) =>
  describe(`two hosts on one ${name} log`, () => {
    it('should let a second process follow the log live and serve the identical checklist', async () => {
      const summary = await runExample(url);
      expect(summary.identical).toBe(true);
      expect(summary.version.follower).toBe(summary.version.writer);
      expect(summary.followerSawVersions).toEqual(
        Array.from({ length: summary.version.writer }, (_, i) => i + 1),
      );
    }, 120_000);
  });

await whenServiceReachable('PostgreSQL', pgUrl(), 5432, 'LAUNCHPLAN_PG_URL', () =>
  describeTwoHosts('PostgreSQL', pgUrl()),
);
await whenServiceReachable('NATS', natsUrl(), 4222, 'LAUNCHPLAN_NATS_URL', () =>
  describeTwoHosts('NATS JetStream', natsUrl()),
);
