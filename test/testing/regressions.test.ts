/**
 * Counterexamples fast-check found, kept as plain regression tests (shrunk), each with what it
 * found.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createLaunch, openLaunch } from '../../src/launch/index.ts';
import { createFileEventStore } from '../../src/store/index.ts';
import { loadExamples, type Example } from '../compile/drive.ts';

const lead = { id: 'lead', roles: ['admin'] };
const example = (await loadExamples()).find((candidate) => candidate.name === 'mbayar-go-live') as Example;

describe('regressions found by the runtime model test', () => {
  // runtime.model.test.ts, seed 306557004, path "58:3:2:3", shrunk to
  // [launch.started@0, rollback.requested@1]: writer 1 opened the launch before writer 0 started
  // it; asked for a rollback, writer 1 judges the event against its stale state (`ready`, which
  // does not accept rollback.requested) and answered NotAcceptedInState without looking at the
  // log, where the launch is running and the event is accepted. Fixed: a refused event makes the
  // launch catch up with the log once and check again.
  it('should accept an event the log accepts even when this writer is behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regression-'));
    const store = createFileEventStore(dir, { durable: false });
    try {
      const first = await createLaunch({ store, stream: 'go', plan: example.plan, actor: lead });
      const second = await openLaunch({ store, stream: 'go', actor: lead });
      if (E.isLeft(first) || E.isLeft(second)) throw new Error('launch');
      expect(E.isRight(await first.right.send({ type: 'launch.started' }))).toBe(true);
      const sent = await second.right.send({ type: 'rollback.requested' });
      expect(E.isRight(sent) ? sent.right.version : sent.left).toBe(3);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
