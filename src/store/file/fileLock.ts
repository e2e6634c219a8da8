/**
 * A cross-process lock on one stream file: a lock file created with `O_EXCL` (`'wx'`) holding the
 * owner's pid and host. A lock left by a process that died (same host, pid gone) is broken by the
 * next process that wants it. Locks of other hosts are never broken (their pids mean nothing here).
 */
import { hostname } from 'node:os';
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { readFile, rename, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

/** Options of {@link acquireFileLock}. */
export interface FileLockOptions {
  /** Give up after this many milliseconds of waiting. Default 60 000. */
  readonly timeoutMs?: number;
  /** A lock file with no readable owner older than this is stale. Default 10 000 ms. */
  readonly ownerlessStaleMs?: number;
}

/** Releases a held lock. */
export type ReleaseLock = () => Promise<void>;

interface LockOwner {
  readonly pid: number;
  readonly host: string;
}

const HOST = hostname();

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const parseOwner = (text: string): LockOwner | undefined => {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string'
      ? { pid: owner.pid, host: owner.host }
      : undefined;
  } catch {
    return undefined;
  }
};

/** Whether the lock at `path`, holding `text`, belongs to nobody alive. */
const isStale = async (path: string, text: string, ownerlessStaleMs: number): Promise<boolean> => {
  const owner = parseOwner(text);
  if (owner) return owner.host === HOST && !isAlive(owner.pid);
  try {
    const info = await stat(path);
    return Date.now() - info.mtimeMs > ownerlessStaleMs;
  } catch {
    return false;
  }
};

/**
 * Move a stale lock out of the way. Renaming is atomic, so of several processes breaking the same
 * stale lock only one moves it; the others find it gone and just retry.
 */
const breakStaleLock = async (path: string, seen: string): Promise<void> => {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const moved = await readFile(aside, 'utf8').catch(() => '');
  if (moved !== seen) {
    // Another process took the lock between our read and our rename: give it back.
    await rename(aside, path).catch(() => undefined);
    return;
  }
  await unlink(aside).catch(() => undefined);
};

/**
 * Take the lock file at `path`, waiting (with jittered backoff) while another live process holds
 * it. Throws when `timeoutMs` passes: a lock held that long is an infrastructure problem.
 *
 * @example
 * const release = await acquireFileLock('/var/lib/launchplan/launch-1.lock');
 * try { ... } finally { await release(); }
 */
export const acquireFileLock = async (path: string, options: FileLockOptions = {}): Promise<ReleaseLock> => {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const ownerlessStaleMs = options.ownerlessStaleMs ?? 10_000;
  const content = JSON.stringify({ pid: process.pid, host: HOST, at: new Date().toISOString() });
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    // Taking and releasing the lock are a few microseconds of system calls: done synchronously, they
    // skip the thread-pool round trips that would otherwise dominate a small durable append.
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, content);
      } finally {
        closeSync(fd);
      }
      let released = false;
      // eslint-disable-next-line @typescript-eslint/require-await -- async makes a failed unlink a rejection, which releaseHeld catches
      return async () => {
        if (released) return;
        released = true;
        unlinkSync(path);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = await readFile(path, 'utf8').catch(() => undefined);
    if (held !== undefined && (await isStale(path, held, ownerlessStaleMs))) {
      await breakStaleLock(path, held);
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `lock ${path} is held by ${held ?? 'an unknown owner'} for more than ${timeoutMs} ms; if that process is gone, remove the lock file`,
      );
    }
    await sleep(Math.random() * Math.min(1 + attempt, 8));
  }
};
