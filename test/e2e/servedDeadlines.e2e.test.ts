/**
 * `launchplan serve` keeps time by itself: a launch whose windows passed while nobody ran
 * `launchplan tick` shows its overdue steps, with their dates, once the real command serves it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Checklist } from '../../src/checklist/derive.ts';
import { launchStarted } from '../../src/events/factories.ts';
import { createLaunch } from '../../src/launch/index.ts';
import { createFileEventStore } from '../../src/store/file/index.ts';
import { startServed } from '../hostile/served.ts';
import { TOKENS } from '../service/harness.ts';
import { right } from '../support/either.ts';
import { readExample } from '../support/examples.ts';

const DAY = 86_400_000;

describe('launchplan serve and time', () => {
  it(
    'should append the deadlines that passed while nobody ran tick, and show the overdue steps',
    { timeout: 60_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lp-served-deadlines-'));
      const logs = join(dir, 'logs');
      // A launch started three weeks ago: weeks 1-2 of the Etika plan are over, nothing done.
      const store = createFileEventStore(logs);
      const startedAt = new Date(Date.now() - 21 * DAY);
      const launch = right(
        await createLaunch({
          store,
          stream: 'etika',
          plan: readExample('etika-platform').plan,
          actor: { id: 'lead', roles: ['admin'] },
          clock: () => startedAt,
        }),
      );
      right(await launch.send(launchStarted()));
      await store.close();

      const served = await startServed(dir, ['--log', logs]);
      try {
        let status: (Checklist & { secondsToGoLive: number | null }) | null = null;
        for (let attempt = 0; attempt < 100; attempt += 1) {
          const response = await fetch(`${served.url}/launches/etika`, {
            headers: { authorization: `Bearer ${TOKENS.viewer}` },
          });
          status = (await response.json()) as Checklist & { secondsToGoLive: number | null };
          if (status.blockers.some((blocker) => blocker.kind === 'overdue')) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(status?.phases[0]).toMatchObject({
          window: 'Semaines 1-2',
          due: new Date(startedAt.getTime() + 14 * DAY).toISOString(),
          overdue: true,
        });
        expect(status?.phases[1]?.overdue).toBe(false);
        expect(status?.secondsToGoLive).toBeNull();
      } finally {
        await served.stop();
      }
      const reached = readFileSync(join(logs, 'etika.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .filter((line) => line.includes('"deadline.reached"'));
      expect(reached).toHaveLength(1);
    },
  );
});
