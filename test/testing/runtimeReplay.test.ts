/**
 * The project's own use of its generated paths: every path of every example plan runs through
 * the runtime (`createLaunch` + `send`) on a file store; a fresh process then replays each log
 * (`test/testing/replayChild.ts`) and must find the same state at every version and the same
 * checklist at the end of every step (deriving a 600-item checklist after every event would
 * cost minutes); a full replay (from a snapshot: the launches write one every 25 events) and a
 * replay `to` the middle agree too.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createLaunch, type Launch } from '../../src/launch/index.ts';
import { createFileEventStore } from '../../src/store/index.ts';
import { generatePaths } from '../../src/testing/paths.ts';
import type { LaunchEvent } from '../../src/events/vocabulary.ts';
import { ROOT } from '../../scripts/machinesSource.ts';
import { loadExamples } from '../compile/drive.ts';

const lead = { id: 'lead', roles: ['admin'] };
const hash = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

async function send(launch: Launch, event: LaunchEvent): Promise<void> {
  const sent =
    event.type === 'plan.revised' ? await launch.revise(launch.plan, 'testgen') : await launch.send(event);
  if (E.isLeft(sent))
    throw new Error(`${launch.stream}: ${JSON.stringify(event)} refused: ${JSON.stringify(sent.left)}`);
}

const examples = await loadExamples();

describe('generated paths through the runtime, replayed in another process', () => {
  for (const example of examples) {
    it(`should give the same state at every version and the same checklist after every step for every path of ${example.name}`, async () => {
      const generated = generatePaths(example);
      if (E.isLeft(generated)) throw new Error(generated.left.message);
      const dir = mkdtempSync(join(tmpdir(), 'testgen-replay-'));
      const store = createFileEventStore(dir, { durable: false });
      const expected = new Map<string, { checklist?: string; value: string }>();
      const checkpoints: Record<string, number[]> = {};
      try {
        let tick = Date.parse('2025-03-01T08:00:00.000Z');
        const clock = () => new Date((tick += 60_000));
        for (const path of generated.right.paths) {
          const stream = `${example.name}-${path.id}`;
          const versions: number[] = (checkpoints[stream] = []);
          const created = await createLaunch({
            store,
            stream,
            plan: example.plan,
            actor: lead,
            clock,
            snapshotEvery: 25,
          });
          if (E.isLeft(created)) throw new Error(JSON.stringify(created.left));
          const launch = created.right;
          const record = (checklist: boolean) => {
            expected.set(`${stream}@${launch.version}`, {
              ...(checklist ? { checklist: hash(launch.checklist()) } : {}),
              value: hash(launch.snapshot().value),
            });
            if (checklist) versions.push(launch.version);
          };
          record(true);
          for (const step of path.steps) {
            for (const [index, event] of step.events.entries()) {
              await send(launch, event);
              record(index === step.events.length - 1);
            }
            expect(launch.snapshot().value, `${path.id}: ${step.move}`).toEqual(step.value);
          }
        }
        await store.close();
        const versionsFile = join(dir, 'checkpoints.json');
        writeFileSync(versionsFile, JSON.stringify(checkpoints));
        const child = spawnSync(
          process.execPath,
          [join(ROOT, 'test/testing/replayChild.mjs'), dir, versionsFile],
          { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
        );
        expect(child.status, child.stderr).toBe(0);
        const lines = child.stdout
          .trim()
          .split('\n')
          .map(
            (line) =>
              JSON.parse(line) as {
                stream: string;
                version: number;
                checklist?: string;
                value: string;
                replay?: string;
              },
          );
        const seen = new Set<string>();
        for (const line of lines) {
          const key = `${line.stream}@${line.version}`;
          const want = expected.get(key);
          expect({ key, value: line.value }).toEqual({ key, value: want?.value });
          if (line.checklist !== undefined) {
            expect({ key, checklist: line.checklist }).toEqual({ key, checklist: want?.checklist });
          } else expect(want?.checklist, `${key}: the child printed no checklist`).toBeUndefined();
          if (!line.replay) seen.add(key);
        }
        expect([...expected.keys()].filter((key) => !seen.has(key))).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  }
});
