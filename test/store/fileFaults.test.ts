/**
 * Fault tests of the file store with real processes: kill -9 in the middle of appends, eight
 * processes appending to one stream, a log edited byte by byte, a file that is not a log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, copyFile, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLogError } from '../../src/store/EventStore.ts';
import { createFileEventStore, streamFilePath, verifyStreamFile } from '../../src/store/file/index.ts';
import { collect, newEvent, newEvents, readAll } from './helpers.ts';

const writerScript = fileURLToPath(new URL('./fixtures/fileWriter.mjs', import.meta.url));

const spawnWriter = (args: string[]): ChildProcess =>
  spawn(process.execPath, [writerScript, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'launchplan-faults-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('file store under kill -9', () => {
  for (const acksBeforeKill of [50, 400]) {
    it(`should keep every acknowledged append and no half-written one (kill after ${acksBeforeKill} acks)`, async () => {
      const child = spawnWriter([directory, 'launch', 'forever', 'w']);
      const acked: { batchId: string; version: number; size: number }[] = [];
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const lines = createInterface({ input: child.stdout! });
      await new Promise<void>((resolve, reject) => {
        child.once('exit', () => reject(new Error(`writer exited early: ${stderr}`)));
        lines.on('line', (line) => {
          const [, batchId, version, size] = line.split(' ');
          acked.push({ batchId: batchId!, version: Number(version), size: Number(size) });
          if (acked.length === acksBeforeKill) {
            child.removeAllListeners('exit');
            child.kill('SIGKILL');
            resolve();
          }
        });
      });
      await exited(child);

      const store = createFileEventStore(directory);
      const events = await readAll(store, 'launch');
      expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
      const batches = new Map<string, { size: number; versions: number[] }>();
      for (const e of events) {
        const data = e.data as { batch: string; size: number };
        const entry = batches.get(data.batch) ?? { size: data.size, versions: [] };
        entry.versions.push(e.version);
        batches.set(data.batch, entry);
      }
      for (const ack of acked) {
        const batch = batches.get(ack.batchId);
        expect(batch?.versions.at(-1), `acknowledged ${ack.batchId}`).toBe(ack.version);
      }
      for (const [batchId, batch] of batches) {
        expect(batch.versions.length, `batch ${batchId} whole`).toBe(batch.size);
        expect(batch.versions.at(-1)! - batch.versions[0]!, `batch ${batchId} contiguous`).toBe(
          batch.size - 1,
        );
      }
      // The next append drops any torn tail; then the whole file verifies.
      expect(E.isRight(await store.append('launch', [newEvent(1)]))).toBe(true);
      const verified = await store.verify('launch');
      expect(E.isRight(verified) && verified.right).toMatchObject({ ok: true, version: events.length + 1 });
      await store.close();
    }, 60_000);
  }
});

describe('file store with eight processes', () => {
  it('should leave exactly 2,000 events, versions 1..2000, no duplicates', async () => {
    const children = Array.from({ length: 8 }, (_, i) =>
      spawnWriter([directory, 'launch', 'count', `p${i}`, '250']),
    );
    const errors: string[] = [];
    children.forEach((child) => child.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString())));
    const codes = await Promise.all(children.map(exited));
    expect(errors.join('')).toBe('');
    expect(codes).toEqual(Array(8).fill(0));
    const store = createFileEventStore(directory);
    const events = await readAll(store, 'launch');
    expect(events.length).toBe(2000);
    expect(events.every((e, i) => e.version === i + 1)).toBe(true);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2000);
    const verified = await store.verify('launch');
    expect(E.isRight(verified) && verified.right).toMatchObject({ ok: true, version: 2000 });
    await store.close();
  }, 300_000);
});

describe('file store torn tails', () => {
  const setUp = async (): Promise<{ path: string; intact: Buffer }> => {
    const store = createFileEventStore(directory);
    await store.append('launch', newEvents(3));
    await store.append('launch', [newEvent(4)]);
    await store.close();
    const path = streamFilePath(directory, 'launch');
    return { path, intact: await readFile(path) };
  };

  it('should ignore a cut line, report it, and drop it on the next append', async () => {
    const { path, intact } = await setUp();
    const line = intact.toString().split('\n')[1]!;
    await appendFile(path, line.slice(0, 57));
    const store = createFileEventStore(directory);
    expect((await readAll(store, 'launch')).map((e) => e.version)).toEqual([1, 2, 3, 4]);
    const report = await verifyStreamFile(path, 'launch');
    expect(report).toMatchObject({ ok: false, reason: 'TornTail', firstBadVersion: 5, lastGoodVersion: 4 });
    expect(await store.append('launch', [newEvent(5)], { expectedVersion: 4 })).toEqual(
      E.right({ version: 5, appended: 1 }),
    );
    expect(await verifyStreamFile(path, 'launch')).toMatchObject({ ok: true, version: 5 });
    await store.close();
  });

  it('should drop an unfinished batch whole', async () => {
    const { path, intact } = await setUp();
    const lines = intact.toString().split('\n');
    // A batch marker and its first complete event line, as a crash would leave them.
    await appendFile(path, `${lines[0]!.replace(/"from":1/, '"from":5')}\n`);
    const store = createFileEventStore(directory);
    expect((await readAll(store, 'launch')).length).toBe(4);
    expect(await verifyStreamFile(path, 'launch')).toMatchObject({
      ok: false,
      reason: 'TornTail',
      firstBadVersion: 5,
    });
    expect(await store.append('launch', newEvents(2, 10), { expectedVersion: 4 })).toEqual(
      E.right({ version: 6, appended: 2 }),
    );
    expect(await verifyStreamFile(path, 'launch')).toMatchObject({ ok: true, version: 6 });
    await store.close();
  });

  it('should keep a whole last record that lost only its newline', async () => {
    const { path, intact } = await setUp();
    await truncate(path, intact.length - 1);
    const store = createFileEventStore(directory);
    expect((await readAll(store, 'launch')).map((e) => e.version)).toEqual([1, 2, 3, 4]);
    expect(await verifyStreamFile(path, 'launch')).toMatchObject({
      ok: false,
      reason: 'TornTail',
      firstBadVersion: 4,
    });
    expect(await store.append('launch', [newEvent(5)], { expectedVersion: 4 })).toEqual(
      E.right({ version: 5, appended: 1 }),
    );
    expect(await verifyStreamFile(path, 'launch')).toMatchObject({ ok: true, version: 5 });
    await store.close();
  });
});

describe('file store verification', () => {
  it('should name the version of any single flipped byte', async () => {
    const store = createFileEventStore(directory);
    await store.append('launch', newEvents(2));
    await store.append('launch', [newEvent(2)]);
    await store.append('launch', newEvents(3, 3));
    await store.append('launch', [newEvent(6)]);
    await store.close();
    const path = streamFilePath(directory, 'launch');
    const intact = await readFile(path);
    // Version of the record each byte belongs to (a batch marker belongs to its first event).
    const owner: number[] = [];
    let version = 0;
    for (const line of intact.toString('latin1').split('\n').slice(0, -1)) {
      const marker = /^\{"batch":\d+,"from":(\d+)/.exec(line);
      const lineVersion = marker ? Number(marker[1]) : ++version;
      for (let i = 0; i <= line.length; i++) owner.push(lineVersion);
    }
    expect(owner.length).toBe(intact.length);
    const copy = join(directory, 'copy.jsonl');
    const misses: string[] = [];
    for (let offset = 0; offset < intact.length; offset++) {
      // Every byte with its lowest bit flipped, every third byte with its highest bit flipped too.
      for (const mask of offset % 3 === 0 ? [0x01, 0x80] : [0x01]) {
        const damaged = Buffer.from(intact);
        damaged[offset] = damaged[offset]! ^ mask;
        await writeFile(copy, damaged);
        const result = await verifyStreamFile(copy, 'launch');
        if (result.ok || result.firstBadVersion !== owner[offset]) {
          misses.push(`byte ${offset} ^ ${mask}: ${JSON.stringify(result)}`);
        }
      }
    }
    expect(misses).toEqual([]);
  }, 120_000);

  it('should refuse a file that is not a log and never write to it', async () => {
    const store = createFileEventStore(directory);
    const samples = [
      'hello world\nthis is not a log\n',
      'no newline at all',
      '{"foo":1}\n',
      '# Launch plan\n- [ ] step\n',
    ];
    for (const [i, content] of samples.entries()) {
      const stream = `other${i}`;
      const path = streamFilePath(directory, stream);
      await writeFile(path, content);
      const append = store.append(stream, [newEvent(1)]);
      await expect(append).rejects.toBeInstanceOf(EventLogError);
      await expect(append).rejects.toMatchObject({ issue: { _tag: 'NotALog' } });
      await expect(collect(store.read(stream))).rejects.toMatchObject({ issue: { _tag: 'NotALog' } });
      expect(await verifyStreamFile(path, stream)).toMatchObject({
        ok: false,
        reason: 'NotALog',
        firstBadVersion: 1,
      });
      expect(await readFile(path, 'utf8')).toBe(content);
    }
    await copyFile(streamFilePath(directory, 'other0'), join(directory, 'kept.txt'));
    await store.close();
  });
});
