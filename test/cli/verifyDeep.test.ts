/**
 * Replay reports every logged event the statechart refuses (a log not written by the launch's own
 * runtime): `replay` and `verify --deep` exit 1 and list them, `status` notes them. `verify --deep`
 * also finds a stored snapshot that does not equal the launch replayed to its version, even when
 * its seal was recomputed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { gateDecided } from '../../src/events/factories.ts';
import { sealSnapshot } from '../../src/launch/snapshotRecord.ts';
import { openLaunch } from '../../src/launch/index.ts';
import { createFileEventStore } from '../../src/store/index.ts';
import { runCli } from '../support/cli.ts';
import { examplePath, readExample } from '../support/examples.ts';

const who = ['--actor', 'ana', '--role', 'admin'];

async function startedLog(): Promise<{ dir: string; log: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'lp-deep-'));
  const log = join(dir, 'go.jsonl');
  expect((await runCli('start', examplePath('mbayar-go-live'), '--log', log, ...who)).code).toBe(0);
  return { dir, log };
}

describe('events the statechart refuses, in a log written by something else', () => {
  it('should make replay and verify --deep exit 1 naming them, and status note them', async () => {
    const { dir, log } = await startedLog();
    // A "go" appended straight to the store, around the runtime: the gate is not even reached.
    const plan = readExample('mbayar-go-live').plan;
    const store = createFileEventStore(dir);
    const forged = gateDecided({ gateId: plan.gates[0]?.id ?? '', decision: 'go' });
    const appended = await store.append('go', [
      {
        eventId: 'forged-go',
        type: forged.type,
        data: forged,
        at: new Date().toISOString(),
        actor: { id: 'mallory', roles: [] },
        planHash: plan.hash,
      },
    ]);
    expect(E.isRight(appended)).toBe(true);
    await store.close();

    const replay = await runCli('replay', '--log', log);
    expect(replay.code).toBe(1);
    expect(replay.out).toMatch(
      /refused at version 3: gate\.decided: gate\.decided is not accepted in progress\.running/,
    );
    const deep = await runCli('verify', '--log', log, '--deep', '--json');
    expect(deep.code).toBe(1);
    expect(JSON.parse(deep.out)).toMatchObject({
      ok: true,
      version: 3,
      refused: [{ version: 3, type: 'gate.decided' }],
    });
    const status = await runCli('status', '--log', log);
    expect(status.code).toBe(0);
    expect(status.err).toContain(
      '1 event(s) of the log were refused by the statechart and changed nothing (first: version 3, gate.decided)',
    );
    expect((await runCli('verify', '--log', log)).code).toBe(0);
  });
});

describe('verify --deep and snapshots', () => {
  it('should find a snapshot that differs from the replayed launch, though resealed, and pass an intact one', async () => {
    const { dir, log } = await startedLog();
    const item = readExample('mbayar-go-live').plan.phases[0]?.steps[0]?.items.find(
      (candidate) => !candidate.done && candidate.kind !== 'test',
    );
    expect((await runCli('send', 'item.checked', '--item', item?.id ?? '', '--log', log, ...who)).code).toBe(
      0,
    );
    const launch = await openLaunch({
      store: createFileEventStore(dir),
      stream: 'go',
      actor: { id: 'ana', roles: ['admin'] },
    });
    if (E.isLeft(launch)) throw new Error('opens');
    await launch.right.saveSnapshot();
    const intact = await runCli('verify', '--log', log, '--deep');
    expect(intact.code, intact.err).toBe(0);
    expect(intact.out).toContain('snapshot at version 3: equal to the replayed launch');

    const path = join(dir, 'go.snapshot.json');
    const stored = JSON.parse(readFileSync(path, 'utf8')) as {
      version: number;
      state: Parameters<typeof sealSnapshot>[1];
    };
    stored.state.persisted.context.alerts = { forged: { at: '2026-01-01T00:00:00.000Z' } };
    writeFileSync(
      path,
      JSON.stringify({ ...stored, state: sealSnapshot(stored.version, stored.state, null) }),
    );
    const forged = await runCli('verify', '--log', log, '--deep');
    expect(forged.code).toBe(1);
    expect(forged.out).toContain('snapshot at version 3: it differs from the launch replayed to version 3');
  });
});
