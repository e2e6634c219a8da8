/**
 * Writes that survive a crash: a small file replaced atomically (written aside under a name of
 * its own, fsynced, renamed over the old one, its directory fsynced), so a crash leaves the old
 * content or the new one, never half of either; and the directory fsync alone, which makes a
 * file just created (or renamed) survive.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** fsync a directory, so that a name just created or renamed in it survives a crash. */
export const syncDirectory = async (path: string): Promise<void> => {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
};

/** Replace the file at `path` with `text`, atomically and durably. */
export const replaceFileDurably = async (path: string, text: string): Promise<void> => {
  const aside = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(aside, 'wx', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(aside).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(aside, path);
  await syncDirectory(dirname(path));
};
