import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFileLock } from '../../src/store/file/fileLock.ts';
import { createFileEventStore } from '../../src/store/file/index.ts';
import { newEvent } from './helpers.ts';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'launchplan-lock-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
};

describe('file lock', () => {
  it('should hold the lock file while held and remove it on release', async () => {
    const path = join(directory, 's.lock');
    const release = await acquireFileLock(path);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    await release();
    expect(existsSync(path)).toBe(false);
  });

  it('should break a lock left by a dead process on this host', async () => {
    const path = join(directory, 's.lock');
    await writeFile(path, JSON.stringify({ pid: deadPid(), host: hostname(), at: new Date().toISOString() }));
    const release = await acquireFileLock(path, { timeoutMs: 10_000 });
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ pid: process.pid });
    await release();
  });

  it('should wait for a live holder and name it when giving up', async () => {
    const path = join(directory, 's.lock');
    const held = JSON.stringify({ pid: process.pid, host: hostname(), at: 'earlier' });
    await writeFile(path, held);
    await expect(acquireFileLock(path, { timeoutMs: 50 })).rejects.toThrow(/is held by .*"pid"/);
    expect(await readFile(path, 'utf8')).toBe(held);
  });

  it('should never break the lock of another host', async () => {
    const path = join(directory, 's.lock');
    await writeFile(path, JSON.stringify({ pid: deadPid(), host: `not-${hostname()}`, at: 'earlier' }));
    await expect(acquireFileLock(path, { timeoutMs: 50 })).rejects.toThrow(/remove the lock file/);
  });

  it('should let one of many waiting acquirers in at a time', async () => {
    const path = join(directory, 's.lock');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        const release = await acquireFileLock(path);
        inside++;
        most = Math.max(most, inside);
        await new Promise((resolve) => setImmediate(resolve));
        inside--;
        await release();
      }),
    );
    expect(most).toBe(1);
  });

  it('should fail an append (not leave it waiting) when the lock cannot be had, then work once it is free', async () => {
    const path = join(directory, 'launch.lock');
    await writeFile(path, JSON.stringify({ pid: process.pid, host: hostname(), at: 'earlier' }));
    const store = createFileEventStore(directory, { lock: { timeoutMs: 50 } });
    await expect(store.append('launch', [newEvent(1)])).rejects.toThrow(/is held by/);
    await rm(path);
    expect(await store.append('launch', [newEvent(2)])).toMatchObject({
      _tag: 'Right',
      right: { version: 1 },
    });
    await store.close();
  });
});
