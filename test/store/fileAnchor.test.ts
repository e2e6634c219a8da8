/**
 * Reads that start after a snapshot begin at the log position recorded with it, instead of
 * scanning the whole file; the position is checked, never trusted.
 */
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createFileEventStore, EventLogError, streamFilePath } from '../../src/store/index.ts';
import type { NewEvent } from '../../src/events/envelope.ts';
import type { Anchor } from '../../src/store/file/snapshotFile.ts';
import { parseJsonAs } from '../support/json.ts';

/** A snapshot file as stored: the state, and the log position recorded with it. */
const storedSnapshot = (path: string) =>
  parseJsonAs<{ stream: string; version: number; anchor: Anchor; state: unknown }>(
    readFileSync(path, 'utf8'),
  );

const event = (n: number): NewEvent => ({
  eventId: `e${n}`,
  type: 'item.checked',
  data: { itemId: `i${n}` },
  at: '2025-03-01T00:00:00.000Z',
  actor: { id: 'a', roles: [] },
  planHash: 'p',
});

async function collect(iterable: AsyncIterable<{ version: number }>): Promise<number[]> {
  const out: number[] = [];
  for await (const item of iterable) out.push(item.version);
  return out;
}

async function seeded(): Promise<{ dir: string; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'anchor-'));
  const store = createFileEventStore(dir, { durable: false });
  for (let n = 1; n <= 50; n += 1) await store.append('s', [event(n)]);
  expect(E.isRight(await store.saveSnapshot('s', { version: 50, state: { any: 'state' } }))).toBe(true);
  for (let n = 51; n <= 60; n += 1) await store.append('s', [event(n)]);
  await store.close();
  return { dir, path: streamFilePath(dir, 's') };
}

describe('file store reads from a snapshot position', () => {
  it('should record the log position with a snapshot and read the tail from it in a new process', async () => {
    const { dir } = await seeded();
    expect(storedSnapshot(join(dir, 's.snapshot.json')).anchor).toMatchObject({
      version: 50,
    });
    const fresh = createFileEventStore(dir);
    expect(await collect(fresh.read('s', { from: 51 }))).toEqual([51, 52, 53, 54, 55, 56, 57, 58, 59, 60]);
    expect(await collect(fresh.read('s', { from: 40, to: 42 }))).toEqual([40, 41, 42]);
    await fresh.close();
  });

  it('should refuse a tail that does not chain to the recorded position', async () => {
    const { dir } = await seeded();
    const snapshotPath = join(dir, 's.snapshot.json');
    const snapshot = storedSnapshot(snapshotPath);
    writeFileSync(
      snapshotPath,
      JSON.stringify({ ...snapshot, anchor: { ...snapshot.anchor, hash: 'f'.repeat(64) } }),
    );
    const fresh = createFileEventStore(dir);
    await expect(collect(fresh.read('s', { from: 51 }))).rejects.toBeInstanceOf(EventLogError);
    await fresh.close();
  });

  it('should refuse a log that ends before the position its snapshot recorded', async () => {
    const { dir, path } = await seeded();
    const { anchor } = storedSnapshot(join(dir, 's.snapshot.json'));
    truncateSync(path, anchor.offset - 10);
    const fresh = createFileEventStore(dir);
    await expect(collect(fresh.read('s', { from: 51 }))).rejects.toThrow(/ends before version 50/);
    await fresh.close();
  });
});
