/**
 * Ordinary failures outside the CLI's own checks — a file that is not a log, a damaged log, a
 * store that cannot be reached, a path that cannot be created, a port in use — end with a line
 * naming the file, URL or port and a non-zero code, never a stack trace; only a bug gets one.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugReport, describeFailure } from '../../src/cli/failures.ts';
import { createLaunch } from '../../src/launch/index.ts';
import { createFileEventStore } from '../../src/store/file/index.ts';
import { runCli } from '../support/cli.ts';
import { examplePath, readExample } from '../support/examples.ts';
import { itemChecked, launchStarted } from '../../src/events/factories.ts';

const STACK_LINE = /\n\s+at /;
const HTTPS = 'checklist-de-validation-technique/securite/https';
const LOGS = 'checklist-de-validation-technique/securite/logs';

describe('launchplan on ordinary failures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lp-failures-'));

  it('should name a file that is not a launchplan log when start would write to it or log would read it, without a stack', async () => {
    const junk = join(dir, 'junk.jsonl');
    writeFileSync(junk, '{"x":1}\n');
    const message = `${junk} is not a launchplan event log (refusing to read or write it): line is neither an event nor a batch marker\n`;
    for (const args of [['start', examplePath('mbayar-go-live')], ['log']]) {
      const result = await runCli(...args, '--log', junk);
      expect(result.code, args[0]).toBe(1);
      expect(result.err, args[0]).toBe(message);
    }
    expect(readFileSync(junk, 'utf8')).toBe('{"x":1}\n');
  });

  it('should name the damaged version when send finds the log corrupt while appending, without a stack', async () => {
    // A snapshot lets the launch open past the damage: only the append, which reads the whole file, meets it.
    const logDir = join(dir, 'snapshotted');
    const store = createFileEventStore(logDir);
    const created = await createLaunch({
      store,
      stream: 'go',
      plan: readExample('mbayar-go-live').plan,
      actor: { id: 'lea', roles: ['admin'] },
      snapshotEvery: 1,
      snapshotKey: 'failures-test-key',
    });
    if (E.isLeft(created)) throw new Error('the launch was not created');
    await created.right.send(launchStarted());
    await created.right.send(itemChecked({ itemId: HTTPS }));
    await store.close();
    const log = join(logDir, 'go.jsonl');
    const lines = readFileSync(log, 'utf8').split('\n');
    lines[1] = (lines[1] ?? '').replace('"launch.started"', '"launch.startex"');
    writeFileSync(log, lines.join('\n'));

    process.env['LAUNCHPLAN_SNAPSHOT_KEY'] = 'failures-test-key';
    const result = await runCli(
      'send',
      'item.checked',
      '--item',
      LOGS,
      '--log',
      log,
      '--role',
      'admin',
    ).finally(() => delete process.env['LAUNCHPLAN_SNAPSHOT_KEY']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      new RegExp(
        `^stream go is corrupt at version 2: stored hash \\w+ but the content hashes to \\w+ \\(${log}\\)\\n$`,
      ),
    );
  });

  it('should say PostgreSQL cannot be reached, naming the URL without its password', async () => {
    const result = await runCli('status', '--store', 'postgres://lea:s3cret@127.0.0.1:5999/launches');
    expect(result.code).toBe(2);
    expect(result.err.trim()).toBe(
      'cannot reach PostgreSQL at postgres://lea:***@127.0.0.1:5999/launches: ECONNREFUSED',
    );
  });

  it('should say NATS cannot be reached, naming the URL', async () => {
    const result = await runCli('log', '--store', 'nats://127.0.0.1:4999', '--stream', 'go');
    expect(result.code).toBe(2);
    expect(result.err.trim()).toBe('cannot reach NATS at nats://127.0.0.1:4999: ECONNREFUSED');
  });

  it('should name the path and the system error when the log folder cannot be created', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder\n');
    const inTheWay = await runCli('start', examplePath('mbayar-go-live'), '--log', join(file, 'go.jsonl'));
    expect(inTheWay.code).toBe(2);
    expect(inTheWay.err.trim()).toBe(`cannot mkdir ${file}: EEXIST (file already exists)`);
    const below = await runCli(
      'start',
      examplePath('mbayar-go-live'),
      '--log',
      join(file, 'launches', 'go.jsonl'),
    );
    expect(below.code).toBe(2);
    expect(below.err.trim()).toBe(`cannot mkdir ${join(file, 'launches')}: ENOTDIR (not a directory)`);
  });

  it('should name the path when status reads a log whose folder is a file', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'not a folder\n');
    const result = await runCli('status', '--log', join(file, 'go.jsonl'));
    expect(result.code).toBe(2);
    expect(result.err.trim()).toBe(`cannot stat ${join(file, 'go.jsonl')}: ENOTDIR (not a directory)`);
  });

  describe('with a port in use', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('should say serve cannot listen on it', async () => {
      const tokens = join(dir, 'tokens.json');
      writeFileSync(
        tokens,
        JSON.stringify([{ token: 'token-of-lea-0001-4e5f6a7b8c9d0e1f', actor: 'lea', roles: ['admin'] }]),
      );
      const result = await runCli(
        'serve',
        '--port',
        String(port),
        '--tokens',
        tokens,
        '--log',
        join(dir, 'served'),
      );
      expect(result.code).toBe(2);
      expect(result.err.trim()).toBe(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
    });
  });

  it.each([
    ['--plan-memory', '8', '--plan-memory 8: expected at least 32'],
    ['--plan-timeout', 'soon', '--plan-timeout soon: expected a positive whole number'],
  ])('should refuse serve %s %s before it listens', async (flag, value, message) => {
    const tokens = join(dir, 'tokens-limits.json');
    writeFileSync(
      tokens,
      JSON.stringify([{ token: 'token-of-lea-0001-4e5f6a7b8c9d0e1f', actor: 'lea', roles: ['admin'] }]),
    );
    const served = join(dir, 'served-limits');
    const result = await runCli('serve', '--port', '0', '--tokens', tokens, '--log', served, flag, value);
    expect([result.code, result.err.trim()]).toEqual([2, message]);
  });

  it('should refuse serve with a link secret too short, or links without the address they open', async () => {
    const tokens = join(dir, 'tokens-links.json');
    writeFileSync(
      tokens,
      JSON.stringify([{ token: 'token-of-lea-0001-4e5f6a7b8c9d0e1f', actor: 'lea', roles: ['admin'] }]),
    );
    const serve = (...extra: string[]) =>
      runCli('serve', '--port', '0', '--tokens', tokens, '--log', join(dir, 'served-links'), ...extra);
    process.env['LAUNCHPLAN_LINK_SECRET'] = 'short';
    try {
      const short = await serve();
      expect([short.code, short.err.trim()]).toEqual([
        2,
        'LAUNCHPLAN_LINK_SECRET: use at least 32 random characters',
      ]);
    } finally {
      delete process.env['LAUNCHPLAN_LINK_SECRET'];
    }
    const notify = join(dir, 'notify-links.json');
    writeFileSync(
      notify,
      JSON.stringify({ webhooks: [], links: { people: [{ id: 'ana', roles: ['lead'] }] } }),
    );
    const unaddressed = await serve('--notify', notify);
    expect([unaddressed.code, unaddressed.err.trim()]).toEqual([
      2,
      `${notify}: links: links need publicUrl: the address they open`,
    ]);
  });

  it('should leave a programming error to the bug report, which says it is a bug and keeps the trace', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'phases')");
    expect(describeFailure(bug)).toBeUndefined();
    const report = bugReport(bug, '0.1.0');
    expect(report).toMatch(
      /^launchplan: internal error, a bug in launchplan 0\.1\.0 \(not in your plan or log\)\.\nPlease report it/,
    );
    expect(report).toContain("TypeError: Cannot read properties of undefined (reading 'phases')");
    expect(report).toMatch(STACK_LINE);
  });
});
