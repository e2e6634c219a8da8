/**
 * Registering suites that start their own `nats-server`: skipped with a one-line message when the
 * binary is missing, a failing test when LAUNCHPLAN_REQUIRE_SERVICES=1 (CI).
 */
import { describe, it } from 'vitest';
import { natsServerAvailable, natsServerBinary } from './natsCluster.ts';

/** Run `register` when nats-server is there; otherwise skip (with a message) or fail (when required). */
export const whenNatsServerAvailable = (name: string, register: () => void): void => {
  if (natsServerAvailable()) {
    register();
    return;
  }
  const message = `${natsServerBinary()} is not there: install nats-server or set LAUNCHPLAN_NATS_SERVER to its path`;
  if (process.env['LAUNCHPLAN_REQUIRE_SERVICES'] === '1') {
    describe(name, () => {
      it('should find nats-server (LAUNCHPLAN_REQUIRE_SERVICES=1)', () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(`skipping ${name}: ${message}`);
  describe.skip(`${name} (skipped: ${message})`, () => {
    it('needs nats-server', () => {});
  });
};
