/**
 * Registering a test suite that needs a server: when the server is unreachable the suite is
 * skipped with a one-line message saying what to set, unless LAUNCHPLAN_REQUIRE_SERVICES=1 (CI),
 * where an unreachable server is a failing test.
 */
import { describe, it } from 'vitest';
import { servicesRequired, tcpReachable } from './helpers.ts';

/**
 * Run `register` when `url` answers; otherwise skip (with a message) or fail (when required).
 * Call at the top level of a test file (it awaits the reachability check).
 */
export const whenServiceReachable = async (
  service: string,
  url: string,
  defaultPort: number,
  envVariable: string,
  register: () => void,
): Promise<void> => {
  if (await tcpReachable(url, defaultPort)) {
    register();
    return;
  }
  const message = `${service} is not reachable at ${url}: set ${envVariable} to a running server`;
  if (servicesRequired()) {
    describe(service, () => {
      it('should reach the server (LAUNCHPLAN_REQUIRE_SERVICES=1)', () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(`skipping ${service} store tests: ${message}`);
  describe.skip(`${service} (skipped: ${message})`, () => {
    it('needs the server', () => {});
  });
};
