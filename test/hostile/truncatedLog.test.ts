/**
 * A file log keeps a high-water mark of its last acknowledged append. Bytes an interrupted write
 * left past it are a torn tail: `status`, `replay` and `send` say so and the next append drops
 * them. A log that ends before the mark lost acknowledged events: every command refuses it, no
 * append touches it, and `verify` names the versions that are gone.
 */
import { appendFileSync, mkdtempSync, readFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { createFileEventStore, verifyStreamFile } from '../../src/store/file/index.ts';
import { runCli } from '../support/cli.ts';
import { examplePath, readExample } from '../support/examples.ts';
import { collect, newEvent, newEvents } from '../store/helpers.ts';

const who = ['--actor', 'ana', '--role', 'admin'];

/** A launch of the mBayar plan (versions 1 and 2) with two items checked: versions 1 to 4. */
async function launchLog(): Promise<{ log: string; items: string[] }> {
  const log = join(mkdtempSync(join(tmpdir(), 'lp-hwm-')), 'go.jsonl');
  expect((await runCli('start', examplePath('mbayar-go-live'), '--log', log, ...who)).code).toBe(0);
  const items = readExample('mbayar-go-live')
    .plan.phases[0]!.steps.flatMap((step) => step.items)
    .filter((item) => !item.done && item.kind !== 'test')
    .map((item) => item.id);
  for (const item of items.slice(0, 2))
    expect((await runCli('send', 'item.checked', '--item', item, '--log', log, ...who)).code).toBe(0);
  return { log, items };
}

describe('a torn tail past the last acknowledged append', () => {
  it('should be noted by status, replay and send, and dropped by the next append', async () => {
    const { log, items } = await launchLog();
    const lastLine = readFileSync(log, 'utf8').trimEnd().split('\n').at(-1)!;
    appendFileSync(log, lastLine.slice(0, 80));
    const note = 'note: the last record of go is incomplete (80 bytes after version 4';

    const status = await runCli('status', '--log', log);
    expect(status.code, status.err).toBe(0);
    expect(status.err).toContain(note);
    const replay = await runCli('replay', '--log', log, '--json');
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.out)).toMatchObject({ version: 4, tornTail: { after: 4, bytes: 80 } });
    expect((await runCli('verify', '--log', log)).code).toBe(1);

    const send = await runCli('send', 'item.checked', '--item', items[2]!, '--log', log, ...who);
    expect(send.code, send.err).toBe(0);
    expect(send.err).toContain(
      `${note}, left by an interrupted write): it is not an event; this send removes it before appending`,
    );
    const after = await runCli('status', '--log', log);
    expect(after.err).toBe('');
    expect((await runCli('verify', '--log', log)).code).toBe(0);
  });
});

describe('a log cut below its last acknowledged append', () => {
  it('should be refused by status, replay, send and verify, and left untouched', async () => {
    const { log, items } = await launchLog();
    const intact = readFileSync(log);
    // Cut in the middle of version 4's record: it looks like a torn tail, but version 4 was acknowledged.
    truncateSync(log, intact.length - 40);
    const cut = readFileSync(log);
    const lost = /versions 4\.\.4 were cut from it/;

    for (const args of [['status'], ['replay'], ['send', 'item.checked', '--item', items[2]!, ...who]]) {
      const run = await runCli(...args, '--log', log);
      expect(run.code, `${args[0]}: ${run.err}`).toBe(1);
      expect(run.err).toMatch(lost);
      expect(run.err.trimEnd().split('\n')).toHaveLength(1);
    }
    const verify = await runCli('verify', '--log', log, '--json');
    expect(verify.code).toBe(1);
    expect(JSON.parse(verify.out)).toMatchObject({
      ok: false,
      reason: 'Truncated',
      firstBadVersion: 4,
      lastGoodVersion: 3,
    });
    expect(readFileSync(log).equals(cut)).toBe(true);
  });

  it('should be refused when whole records were cut, not only part of one', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lp-hwm-store-'));
    const store = createFileEventStore(directory);
    await store.append('launch', newEvents(3));
    await store.append('launch', [newEvent(4)]);
    await store.append('launch', [newEvent(5)]);
    await store.close();
    const path = join(directory, 'launch.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    // The file as it was after the first append: a backup restored over the live log.
    truncateSync(path, lines.slice(0, 4).join('\n').length + 1);

    const reopened = createFileEventStore(directory);
    await expect(collect(reopened.read('launch'))).rejects.toMatchObject({
      issue: { _tag: 'CorruptRecord', version: 4 },
    });
    await expect(reopened.append('launch', [newEvent(6)], { expectedVersion: 3 })).rejects.toMatchObject({
      issue: { _tag: 'CorruptRecord', version: 4 },
    });
    expect(await verifyStreamFile(path, 'launch')).toMatchObject({
      ok: false,
      reason: 'Truncated',
      firstBadVersion: 4,
    });
    await reopened.close();
  });

  it('should not be mistaken for a reader racing a writer: reads while appending never see a loss', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lp-hwm-race-'));
    const writer = createFileEventStore(directory);
    const reader = createFileEventStore(directory);
    let version = 0;
    const appending = (async () => {
      for (let i = 0; i < 200; i++) {
        const appended = await writer.append('launch', [newEvent(i)], { expectedVersion: version });
        if (E.isLeft(appended)) throw new Error(JSON.stringify(appended.left));
        version = appended.right.version;
      }
    })();
    let reads = 0;
    while (version < 200) {
      await collect(reader.read('launch'));
      reads++;
    }
    await appending;
    expect(reads).toBeGreaterThan(0);
    expect(version).toBe(200);
    await Promise.all([writer.close(), reader.close()]);
  });
});
