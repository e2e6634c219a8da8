/**
 * The CLI end to end, on every example plan, with the file log: a scripted launch to its end,
 * replay by a separate process, the Markdown round trip, point-in-time status, plan revision,
 * a log from another plan, and every kind of bad input leaving the log unchanged.
 */
import { withoutCountdown } from '../../src/checklist/countdown.ts';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Checklist } from '../../src/checklist/derive.ts';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import { parseJsonAs } from '../support/json.ts';
import { runCli } from '../support/cli.ts';
import { EXAMPLE_IDS, examplePath, exampleBytes, readExample } from '../support/examples.ts';
import { planItems } from '../../src/plan/query.ts';
import { createFileEventStore } from '../../src/store/file/index.ts';

const BIN = fileURLToPath(new URL('../../bin/launchplan.js', import.meta.url));
const exec = promisify(execFile);

async function ok(...args: string[]) {
  const result = await runCli(...args);
  if (result.code !== 0)
    throw new Error(`launchplan ${args.join(' ')} failed (${result.code}): ${result.err}`);
  return result;
}

describe('launchplan on the command line', () => {
  for (const id of EXAMPLE_IDS) {
    it(`should launch ${id}, and a second process should replay the same checklist`, async () => {
      const log = join(mkdtempSync(join(tmpdir(), 'lp-e2e-')), `${id}.jsonl`);
      await ok('start', examplePath(id), '--log', log, '--actor', 'lea', '--role', 'admin');
      const fresh = await ok('status', '--log', log, '--markdown');
      expect(fresh.bytes.equals(exampleBytes(id))).toBe(true);

      const { plan } = readExample(id);
      const target = planItems(plan).find(({ item }) => !item.done)?.item;
      if (!target) throw new Error('an open item');
      await ok(
        'send',
        target.kind === 'test' ? 'test.passed' : 'item.checked',
        '--item',
        target.id,
        '--log',
        log,
        '--actor',
        'lea',
        '--role',
        'admin',
      );
      const afterOne = await ok('status', '--log', log, '--markdown');
      const changed = afterOne.bytes
        .toString('latin1')
        .split('\n')
        .filter((line, index) => line !== exampleBytes(id).toString('latin1').split('\n')[index]);
      expect(changed).toHaveLength(1);

      const live = parseJsonAs<Checklist>((await ok('status', '--log', log, '--json')).out);
      const { stdout } = await exec(process.execPath, [BIN, 'status', '--log', log, '--json']);
      // Each process reads its own clock for `now` and the countdown; the launch must be the same.
      expect(withoutCountdown(JSON.parse(stdout) as Checklist)).toEqual(withoutCountdown(live));
      expect(live).toMatchObject({ stream: id, version: 3, state: 'running' });
      expect(
        live.phases
          .flatMap((phase) => phase.steps.flatMap((step) => step.items))
          .find((item) => item.id === target.id),
      ).toMatchObject({ status: 'done', by: 'lea' });

      const before = parseJsonAs<Checklist>((await ok('status', '--log', log, '--json', '--at', '2')).out);
      expect(before.version).toBe(2);
      expect(before.progress.done).toBe(live.progress.done - 1);
    });
  }

  it('should refuse bad input with a clear message and leave the log unchanged', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'lp-bad-')), 'lootopia.jsonl');
    await ok('start', examplePath('lootopia-launch'), '--log', log, '--actor', 'lea', '--role', 'admin');
    const bytes = () => readFileSync(log);
    const initial = bytes();
    const owned =
      'etapes-de-deploiement/preparation-de-l-environnement-de-production/selection-de-l-hebergeur';
    const cases: [string[], RegExp][] = [
      [
        ['send', 'item.checked', '--item', 'no/such/item', '--role', 'admin'],
        /no item "no\/such\/item" in this plan/,
      ],
      [
        [
          'send',
          'gate.decided',
          '--data',
          '{"gateId":"gate/go-no-go-3-etapes-de-lancement","decision":"go"}',
          '--role',
          'admin',
        ],
        /not accepted now .*gate\.decided is not accepted/,
      ],
      [['send', 'item.checked', '--data', '{"itemId": ', '--role', 'admin'], /--data is not valid JSON/],
      [['send', 'item.launched', '--item', owned, '--role', 'admin'], /unknown event type "item\.launched"/],
      [
        ['send', 'item.checked', '--item', owned, '--actor', 'mallory', '--role', 'Équipe QA'],
        /not allowed: mallory .* needs one of: Équipe DevOps, admin/,
      ],
      [['send', 'alert.fired', '--data', '{"alertId": 7}', '--role', 'admin'], /alertId: expected string/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(...args, '--log', log);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.err, args.join(' ')).toMatch(message);
      expect(result.err).not.toMatch(/\n\s+at /);
      expect(bytes().equals(initial), args.join(' ')).toBe(true);
    }
    expect(
      (
        await runCli(
          'send',
          'item.checked',
          '--item',
          owned,
          '--actor',
          'dev',
          '--role',
          'Équipe DevOps',
          '--log',
          log,
        )
      ).code,
    ).toBe(0);
  });

  it('should refuse a corrupted log, naming the version, and a file that is not a log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-corrupt-'));
    const log = join(dir, 'go.jsonl');
    await ok('start', examplePath('mbayar-go-live'), '--log', log, '--role', 'admin');
    await ok(
      'send',
      'item.checked',
      '--item',
      'checklist-de-validation-technique/securite/https',
      '--log',
      log,
      '--role',
      'admin',
    );
    const text = readFileSync(log, 'utf8');
    const lines = text.split('\n');
    lines[2] = (lines[2] ?? '').replace('securite/https', 'securite/httpz'); // version 3: the item.checked
    const edited = lines.join('\n');
    writeFileSync(log, edited);
    const verify = await runCli('verify', '--log', log);
    expect(verify.code).toBe(1);
    expect(verify.err).toMatch(/damaged at version 3/);
    const status = await runCli('status', '--log', log);
    expect(status.code).not.toBe(0);
    expect(status.err).toMatch(/version 3/);
    const send = await runCli(
      'send',
      'item.checked',
      '--item',
      'checklist-de-validation-technique/securite/logs',
      '--log',
      log,
      '--role',
      'admin',
    );
    expect(send.code).not.toBe(0);
    expect(readFileSync(log, 'utf8')).toBe(edited);

    const other = join(dir, 'other.jsonl');
    writeFileSync(other, '{"not":"a log"}\n');
    const foreign = await runCli('status', '--log', other);
    expect(foreign.code).not.toBe(0);
    expect(foreign.err).toMatch(/not a launchplan event log|cannot be replayed/);
    expect(readFileSync(other, 'utf8')).toBe('{"not":"a log"}\n');
  });

  it('should refuse a log from another plan: an incompatible --check-plan, and an event written under another plan', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-other-plan-'));
    const log = join(dir, 'go.jsonl');
    await ok('start', examplePath('mbayar-go-live'), '--log', log, '--role', 'admin');
    const check = await runCli('replay', '--log', log, '--check-plan', examplePath('lootopia-launch'));
    expect(check.code).toBe(1);
    expect(check.out).toMatch(/lootopia-launch\.md: NOT compatible with go at version 2/);
    expect(check.out).toContain('  items carried over: 0\n');
    expect(check.out).toMatch(
      /states that no longer exist: progress\.running\.checklist-de-validation-technique\./,
    );

    // An event appended under the lootopia plan, as a host running the wrong plan would write it.
    await ok(
      'start',
      examplePath('lootopia-launch'),
      '--log',
      join(dir, 'lootopia.jsonl'),
      '--role',
      'admin',
    );
    const hashOf = async (stream: string): Promise<string> =>
      parseJsonAs<EventEnvelope>(
        (await ok('log', '--log', join(dir, `${stream}.jsonl`), '--json')).out.split('\n')[0] ?? '',
      ).planHash;
    const [goHash, lootopiaHash] = [await hashOf('go'), await hashOf('lootopia')];
    const store = createFileEventStore(dir);
    await store.append('go', [
      {
        eventId: 'foreign-1',
        type: 'item.checked',
        data: { itemId: 'checklist-de-validation-technique/securite/https' },
        at: new Date().toISOString(),
        actor: { id: 'lea', roles: ['admin'] },
        planHash: lootopiaHash,
      },
    ]);
    await store.close();
    const written = readFileSync(log);

    const mismatch = `plan mismatch: version 3 was written under plan ${lootopiaHash.slice(0, 12)}, the launch runs plan ${goHash.slice(0, 12)}`;
    for (const args of [
      ['status'],
      ['replay'],
      [
        'send',
        'item.checked',
        '--item',
        'checklist-de-validation-technique/securite/logs',
        '--role',
        'admin',
      ],
    ]) {
      const result = await runCli(...args, '--log', log);
      expect(result.code, args[0]).toBe(1);
      expect(result.err, args[0]).toBe(`${mismatch}\n`);
    }
    expect(readFileSync(log).equals(written)).toBe(true);
  });

  it('should check an edited plan against a log, then revise the launch with an added and a removed item', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-revise-'));
    const log = join(dir, 'go.jsonl');
    await ok('start', examplePath('mbayar-go-live'), '--log', log, '--role', 'admin');
    await ok(
      'send',
      'item.checked',
      '--item',
      'checklist-de-validation-technique/securite/https',
      '--log',
      log,
      '--role',
      'admin',
    );
    const edited = join(dir, 'edited.md');
    writeFileSync(
      edited,
      exampleBytes('mbayar-go-live')
        .toString('utf8')
        .replace(/- \[ \] \*\*Cache :\*\*.*\n/, '')
        .replace('- [ ] **Logs :**', '- [ ] **WAF :** Règles activées.\n- [ ] **Logs :**'),
    );
    const check = await ok('replay', '--log', log, '--check-plan', edited);
    expect(check.out).toMatch(/compatible with go at version 3/);
    expect(check.out).toMatch(/items added \(1\): checklist-de-validation-technique\/securite\/waf/);
    expect(check.out).toMatch(
      /items dropped, their history is lost \(1\): checklist-de-validation-technique\/infrastructure-performance\/cache/,
    );
    await ok('revise', edited, '--log', log, '--role', 'admin', '--reason', 'cache is out of scope');
    const status = parseJsonAs<Checklist>((await ok('status', '--log', log, '--json')).out);
    const items = status.phases[0]!.steps.flatMap((step) => step.items);
    expect(items.find((item) => item.id.endsWith('/https'))?.status).toBe('done');
    expect(items.find((item) => item.id.endsWith('/waf'))?.status).toBe('pending');
    expect(items.some((item) => item.id.endsWith('/cache'))).toBe(false);
    const markdown = (await ok('status', '--log', log, '--markdown')).bytes.toString('utf8');
    expect(markdown).toContain('- [x] **HTTPS :**');
    expect(markdown).toContain('- [ ] **WAF :**');

    const incompatible = join(dir, 'gone.md');
    writeFileSync(incompatible, '# Other\n## Phase 1: Something else\n- [ ] a\n');
    const refused = await runCli('replay', '--log', log, '--check-plan', incompatible);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/NOT compatible/);
    expect(refused.out).toMatch(
      /states that no longer exist: progress\.running\.checklist-de-validation-technique/,
    );
  });
});
