/** `launchplan status`: `--at` before the first event, at version 0 and past the end of the log; a damaged snapshot. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Checklist } from '../../src/checklist/derive.ts';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import { parseJsonAs } from '../support/json.ts';
import { formatLaunchError, openLaunch } from '../../src/launch/index.ts';
import { createFileEventStore } from '../../src/store/index.ts';
import { runCli } from '../support/cli.ts';
import { examplePath } from '../support/examples.ts';

describe('launchplan status --at', () => {
  const log = join(mkdtempSync(join(tmpdir(), 'lp-status-at-')), 'go.jsonl');
  let firstAt: string;

  beforeAll(async () => {
    expect((await runCli('start', examplePath('mbayar-go-live'), '--log', log, '--role', 'admin')).code).toBe(
      0,
    );
    for (const item of ['securite/https', 'securite/logs']) {
      expect(
        (
          await runCli(
            'send',
            'item.checked',
            '--item',
            `checklist-de-validation-technique/${item}`,
            '--log',
            log,
            '--role',
            'admin',
          )
        ).code,
      ).toBe(0);
    }
    firstAt = parseJsonAs<EventEnvelope>(
      (await runCli('log', '--log', log, '--json')).out.split('\n')[0] ?? '',
    ).at;
  });

  it('should say version 0 is before the first event, not that there is no launch', async () => {
    const result = await runCli('status', '--log', log, '--at', '0');
    expect(result.code).toBe(2);
    expect(result.err).toBe("--at 0: version 0 is before the launch's first event (version 1)\n");
  });

  it('should say a time before the first event is, and when that event was recorded', async () => {
    const result = await runCli('status', '--log', log, '--at', '1999-01-01T00:00:00Z');
    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `--at 1999-01-01T00:00:00Z is before the launch's first event, recorded at ${firstAt}\n`,
    );
  });

  it('should show the last version with a note when --at is past the end of the log', async () => {
    const result = await runCli('status', '--log', log, '--at', '99', '--json');
    expect(result.code).toBe(0);
    expect(result.err).toBe('--at 99: the log ends at version 4: showing version 4\n');
    expect(JSON.parse(result.out)).toMatchObject({ version: 4, progress: { done: 3 } });
  });

  it('should add no note for a version inside the log, nor for a time after its last event', async () => {
    const inside = await runCli('status', '--log', log, '--at', '4', '--json');
    expect([inside.code, inside.err, parseJsonAs<Checklist>(inside.out).version]).toEqual([0, '', 4]);
    const later = await runCli('status', '--log', log, '--at', '2999-01-01T00:00:00Z', '--json');
    expect([later.code, later.err, parseJsonAs<Checklist>(later.out).version]).toEqual([0, '', 4]);
  });

  it('should still say there is no launch when the stream is empty', async () => {
    const result = await runCli(
      'status',
      '--log',
      join(mkdtempSync(join(tmpdir(), 'lp-status-empty-')), 'none.jsonl'),
      '--at',
      '0',
    );
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /^no launch in stream "none" of .*none\.jsonl: start one with launchplan start <plan\.md>\n$/,
    );
  });
});

describe('launchplan status with a damaged snapshot', () => {
  it('should replay the whole log and say why the snapshot was not used', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'lp-status-snapshot-'));
    const log = join(directory, 'go.jsonl');
    expect((await runCli('start', examplePath('mbayar-go-live'), '--log', log, '--role', 'admin')).code).toBe(
      0,
    );
    const store = createFileEventStore(directory);
    const launch = await openLaunch({
      store,
      stream: 'go',
      actor: { id: 'lea', roles: ['admin'] },
      snapshotKey: 'status-test-key',
    });
    if (E.isLeft(launch)) throw new Error(formatLaunchError(launch.left));
    await launch.right.saveSnapshot();
    await store.close();
    const path = join(directory, 'go.snapshot.json');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        '"alerts":{}',
        '"alerts":{"fake":{"at":"2026-01-01T00:00:00.000Z"}}',
      ),
    );

    process.env['LAUNCHPLAN_SNAPSHOT_KEY'] = 'status-test-key';
    const result = await runCli('status', '--log', log, '--json').finally(
      () => delete process.env['LAUNCHPLAN_SNAPSHOT_KEY'],
    );
    expect(result.code).toBe(0);
    expect(result.err).toMatch(
      /^note: the snapshot at version 2 was not used: its seal does not match its content \(edited, or sealed with another key\); replayed the whole log/,
    );
    expect(parseJsonAs<Checklist>(result.out).health).toBe('healthy');
  });
});
