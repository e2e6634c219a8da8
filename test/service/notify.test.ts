/**
 * Outbound notifications to webhook receivers on loopback (nothing else is ever called): a
 * receiver that fails its first two deliveries still takes every notification exactly once, in
 * log order, each signed; a Slack-compatible webhook gets its filtered kinds as Slack messages; a
 * restarted notifier resends nothing that was delivered; and a `launchplan serve` killed with
 * SIGKILL between an append and its delivery delivers it after a restart, without resending what
 * was delivered before.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { parseNotifyConfig, type NotifyConfig } from '../../src/service/notify/config.ts';
import { startNotifier, type Notifier } from '../../src/service/notify/notifier.ts';
import { createFileEventStore } from '../../src/store/index.ts';
import { startService, TOKENS, type Running } from './harness.ts';
import { signatureValid, startReceiver, type Receiver } from './receiver.ts';

const BIN = fileURLToPath(new URL('../../bin/launchplan.js', import.meta.url));
const PLAN = readFileSync(new URL('fixtures/console-plan.md', import.meta.url));
const SECRET = `whsec_${Buffer.from('a-webhook-secret-of-32-characters').toString('base64')}`;
const STREAM = 'checkout';
const ALERT_ID = 'am-6f1d6c4a2e4b3f08';

const firing = JSON.stringify({
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighErrorRate', severity: 'critical' },
      annotations: { summary: 'Checkout error rate above 0.1%' },
      fingerprint: '6f1d6c4a2e4b3f08',
    },
  ],
});

const config = (webhooks: unknown[]): NotifyConfig => {
  const parsed = parseNotifyConfig(
    JSON.stringify({ webhooks, retry: { initialMs: 20, maxMs: 100 }, publicUrl: 'https://launch.example/' }),
  );
  if (E.isLeft(parsed)) throw new Error(JSON.stringify(parsed.left));
  return parsed.right;
};

/** The events that drive the test plan to its gate, through the API as a program would. */
async function driveToGate(
  post: (path: string, body: string | Buffer, token?: string) => Promise<number>,
): Promise<void> {
  expect(await post(`/launches?stream=${STREAM}`, PLAN)).toBe(201);
  for (const item of ['database-replicas-in-sync', 'cache-warmed-with-the-catalogue'])
    expect(
      await post(
        `/launches/${STREAM}/events`,
        JSON.stringify({ type: 'item.checked', itemId: `preparation/infrastructure/${item}` }),
      ),
    ).toBe(201);
  expect(
    await post(
      `/launches/${STREAM}/events`,
      JSON.stringify({
        type: 'test.failed',
        itemId: 'preparation/quality/smoke-tests-pass-on-staging',
        message: 'payment page 502',
      }),
    ),
  ).toBe(201);
  for (const item of ['smoke-tests-pass-on-staging', 'load-test-at-twice-the-peak-traffic'])
    expect(
      await post(
        `/launches/${STREAM}/events`,
        JSON.stringify({ type: 'test.passed', itemId: `preparation/quality/${item}` }),
      ),
    ).toBe(201);
  expect(await post(`/launches/${STREAM}/alertmanager`, firing, TOKENS.alerts)).toBe(200);
}

/** Every notification of that drive, by id (`stream:version:kind:subject`), in log order. */
const DRIVEN = [
  `${STREAM}:2:launch.started:${STREAM}`,
  `${STREAM}:4:step.completed:preparation/infrastructure`,
  `${STREAM}:5:step.blocked:preparation/quality`,
  `${STREAM}:7:step.completed:preparation/quality`,
  `${STREAM}:7:phase.completed:preparation`,
  `${STREAM}:7:gate.waiting:gate/go-no-go`,
  `${STREAM}:8:alert.fired:${ALERT_ID}`,
];

describe('webhook notifications', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('should deliver every notification exactly once after failures, signed, and resend nothing after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-notify-'));
    const store = createFileEventStore(join(dir, 'log'));
    const run: Running = await startService(store);
    const pager: Receiver = await startReceiver((n) => (n < 2 ? 500 : 200));
    const chat: Receiver = await startReceiver();
    cleanup.push(
      () => store.close(),
      () => run.close(),
      () => pager.close(),
      () => chat.close(),
    );
    const hooks = config([
      { id: 'pager', url: pager.url, secret: SECRET },
      { id: 'chat', url: chat.url, format: 'slack', events: ['gate.waiting', 'alert.fired', 'step.blocked'] },
    ]);
    const cursorsPath = join(dir, 'cursors.json');
    // What the notifier counts as delivered: the receiver can record a request whose answer the notifier never saw.
    const confirmed = new Map<string, number>();
    let allConfirmed!: () => void;
    const confirmedAll = new Promise<void>((resolve) => (allConfirmed = resolve));
    const onAttempt = (webhook: string, outcome: 'delivered' | 'failed'): void => {
      if (outcome === 'delivered') confirmed.set(webhook, (confirmed.get(webhook) ?? 0) + 1);
      if (confirmed.get('pager') === DRIVEN.length && confirmed.get('chat') === 3) allConfirmed();
    };
    const started = await startNotifier({
      store,
      config: hooks,
      cursorsPath,
      discoverMs: 50,
      onError: () => undefined,
      onAttempt,
    });
    if (E.isLeft(started)) throw new Error(started.left.message);
    let notifier: Notifier = started.right;
    cleanup.push(() => notifier.close());

    await driveToGate(
      async (path, body, token) =>
        (await run.request('POST', path, { body, ...(token ? { token } : {}) })).status,
    );
    await confirmedAll;

    // Two refusals, both retries of the first notification, then each notification once, in order.
    expect(pager.deliveries.slice(0, 3).map((d) => [d.id, d.status])).toEqual([
      [DRIVEN[0], 500],
      [DRIVEN[0], 500],
      [DRIVEN[0], 200],
    ]);
    expect(pager.accepted()).toEqual(DRIVEN);
    expect(pager.deliveries.every((delivery) => signatureValid(delivery, SECRET))).toBe(true);
    const tampered = pager.deliveries[2] as (typeof pager.deliveries)[number];
    expect(signatureValid({ ...tampered, body: tampered.body.replace('started', 'stopped') }, SECRET)).toBe(
      false,
    );
    const alert = JSON.parse(pager.deliveries.at(-1)?.body ?? '{}') as unknown;
    expect(alert).toMatchObject({
      id: DRIVEN[6],
      kind: 'alert.fired',
      stream: STREAM,
      version: 8,
      actor: 'alertmanager',
      text: 'alert HighErrorRate fired: Checkout error rate above 0.1% (critical)',
      launch: { state: 'running', health: 'degraded' },
      url: 'https://launch.example/launches/checkout/page',
    });

    // The Slack-compatible webhook: its three kinds only, as Slack messages, unsigned.
    expect(chat.accepted()).toEqual([DRIVEN[2], DRIVEN[5], DRIVEN[6]]);
    const message = JSON.parse(chat.deliveries[1]?.body ?? '{}') as {
      text: string;
      blocks: [unknown, { elements: { text: string }[] }];
    };
    expect(message.text).toBe('Checkout v2 go-live: Go/No-go waits for a go/no-go decision');
    expect(message.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '*Checkout v2 go-live*: Go/No-go waits for a go/no-go decision' },
    });
    expect(message.blocks[1].elements[0]?.text).toContain(
      '<https://launch.example/launches/checkout/page|open the console>',
    );
    expect(chat.deliveries.every((delivery) => delivery.signature === undefined)).toBe(true);

    // A restart reads the cursors: nothing delivered is sent again, what comes next is.
    await notifier.close();
    expect(JSON.parse(readFileSync(cursorsPath, 'utf8'))).toEqual({
      webhooks: { pager: { streams: { [STREAM]: 8 } }, chat: { streams: { [STREAM]: 8 } } },
    });
    const restarted = await startNotifier({
      store,
      config: hooks,
      cursorsPath,
      discoverMs: 50,
      onError: () => undefined,
    });
    if (E.isLeft(restarted)) throw new Error(restarted.left.message);
    notifier = restarted.right;
    expect(
      (
        await run.request('POST', `/launches/${STREAM}/events`, {
          body: JSON.stringify({ type: 'alert.resolved', alertId: ALERT_ID }),
        })
      ).status,
    ).toBe(201);
    await pager.until(() => pager.accepted().length > DRIVEN.length);
    expect(pager.accepted()).toEqual([...DRIVEN, `${STREAM}:9:alert.resolved:${ALERT_ID}`]);
    expect(chat.accepted()).toHaveLength(3);
  }, 60_000);

  it('should deliver a notification appended before the server was killed (SIGKILL) once it restarts, and not resend the delivered ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-notify-kill-'));
    // Delivery 0 is taken; delivery 1 is held open, in flight, when the server dies.
    const pager = await startReceiver((n) => (n === 1 ? 'hold' : 200));
    cleanup.push(() => pager.close());
    const tokens = join(dir, 'tokens.json');
    writeFileSync(
      tokens,
      JSON.stringify({
        tokens: [
          { token: TOKENS.admin, actor: 'lea', roles: ['admin'] },
          { token: TOKENS.alerts, actor: 'alertmanager', roles: ['alertmanager'] },
        ],
      }),
    );
    const notify = join(dir, 'notify.json');
    writeFileSync(
      notify,
      JSON.stringify({
        webhooks: [{ id: 'pager', url: pager.url, secret: SECRET }],
        retry: { initialMs: 20, maxMs: 100 },
      }),
    );
    const serve = async (): Promise<{ child: ChildProcess; url: string }> => {
      const child = spawn(
        process.execPath,
        [BIN, 'serve', '--port', '0', '--log', join(dir, 'log'), '--tokens', tokens, '--notify', notify],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      cleanup.push(async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
          await new Promise((resolve) => child.once('exit', resolve));
        }
      });
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (match) resolve(match[1] as string);
        });
        child.once('exit', (code) =>
          reject(new Error(`launchplan serve exited (${code}) before listening: ${out}`)),
        );
      });
      return { child, url };
    };
    const poster =
      (url: string) =>
      async (path: string, body: string | Buffer, token: string = TOKENS.admin) =>
        (
          await fetch(`${url}${path}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}` },
            body: typeof body === 'string' ? body : new Uint8Array(body),
          })
        ).status;

    const first = await serve();
    const post = poster(first.url);
    expect(await post(`/launches?stream=${STREAM}`, PLAN)).toBe(201);
    for (const item of ['database-replicas-in-sync', 'cache-warmed-with-the-catalogue'])
      expect(
        await post(
          `/launches/${STREAM}/events`,
          JSON.stringify({ type: 'item.checked', itemId: `preparation/infrastructure/${item}` }),
        ),
      ).toBe(201);
    await pager.until((deliveries) => deliveries.some((d) => d.status === 'hold'));
    expect(pager.deliveries.map((d) => [d.id, d.status])).toEqual([
      [DRIVEN[0], 200],
      [DRIVEN[1], 'hold'],
    ]);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    pager.answer = () => 200;
    const second = await serve();
    expect(
      await poster(second.url)(
        `/launches/${STREAM}/events`,
        JSON.stringify({ type: 'test.failed', itemId: 'preparation/quality/smoke-tests-pass-on-staging' }),
      ),
    ).toBe(201);
    await pager.until(() => pager.accepted().includes(DRIVEN[2] as string));
    expect(pager.accepted()).toEqual([DRIVEN[0], DRIVEN[1], DRIVEN[2]]);
    expect(pager.deliveries.every((delivery) => signatureValid(delivery, SECRET))).toBe(true);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
    const cursors = JSON.parse(readFileSync(join(dir, 'log', 'notify-cursors.json'), 'utf8')) as {
      webhooks: Record<string, { streams: Record<string, number> }>;
    };
    expect(cursors.webhooks['pager']?.streams[STREAM]).toBe(5);
  }, 90_000);
});

describe('webhook secrets', () => {
  it('should take a Standard Webhooks whsec_ secret and refuse any other form, without printing it', () => {
    const hook = (secret: string) =>
      parseNotifyConfig(JSON.stringify({ webhooks: [{ id: 'pager', url: 'https://example.com/', secret }] }));
    expect(E.isRight(hook(SECRET))).toBe(true);
    for (const secret of [
      'a-webhook-secret-of-32-characters',
      `whsec_${Buffer.from('too short').toString('base64')}`,
      'whsec_not base64!',
    ]) {
      const refused = hook(secret);
      expect(E.isLeft(refused) && refused.left).toMatchObject({
        _tag: 'NotifyBadWebhook',
        message: expect.stringMatching(/^secret: use the Standard Webhooks form whsec_/) as unknown,
      });
      expect(JSON.stringify(refused)).not.toContain(secret);
    }
  });
});
