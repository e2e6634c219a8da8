/**
 * A store the command cannot use is an ordinary failure, told in one line with exit 2, never an
 * internal error: a PostgreSQL database that does not exist, a stream id no store takes.
 */
import { describe, expect, it } from 'vitest';
import { pgUrl } from '../store/helpers.ts';
import { whenServiceReachable } from '../store/services.ts';
import { runCli } from '../support/cli.ts';

const PG_URL = pgUrl();

await whenServiceReachable('PostgreSQL', PG_URL, 5432, 'LAUNCHPLAN_PG_URL', () => {
  describe('a PostgreSQL store the command cannot use', () => {
    it('should name a database that does not exist, in one line, exit 2', async () => {
      const missing = new URL(PG_URL);
      missing.pathname = '/launchplan_no_such_database';
      const result = await runCli('status', '--store', missing.toString());
      expect(result.code).toBe(2);
      expect(result.err).toBe(
        'postgres refuses the store: database "launchplan_no_such_database" does not exist (3D000)\n',
      );
    });
  });
});

describe('stream ids no store takes', () => {
  it.each(['../x', 'a b', 'a*', '.hidden', 'a..b', 'x'.repeat(200)])(
    'should refuse %j in one line with exit 2',
    async (stream) => {
      for (const args of [['status'], ['log'], ['send', 'item.checked', '--item', 'x', '--role', 'admin']]) {
        const result = await runCli(...args, '--log', '/tmp', '--stream', stream);
        expect(result.code).toBe(2);
        // The option that carried it, then why: `--stream a b: stream id "a b" is not valid: …`.
        expect(
          result.err.startsWith(
            `--stream ${stream}: stream id "${stream}" is not valid: use 1 to 128 characters`,
          ),
        ).toBe(true);
        expect(result.err.split('\n').filter(Boolean)).toHaveLength(1);
      }
    },
  );
});
