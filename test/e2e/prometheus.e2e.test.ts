/**
 * Prometheus both ways, with real parts: a tiny exporter (a node http server) exposes the error
 * rate; a Prometheus server (Debian's `prometheus`) scrapes it every second and evaluates the
 * rules `launchplan rules` wrote from the plan; it fires to a real Alertmanager
 * (`prometheus-alertmanager`, short group wait), which posts to an in-process `serve`. The launch
 * records the alert against the exact threshold and refuses the go; when the rate falls back,
 * the resolution reaches the launch and the go passes. Every process runs on its own loopback
 * port (19090–19093) in a temporary folder and is stopped at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { readAll } from '../../src/testing/storeEvents.ts';
import { runCli } from '../support/cli.ts';
import { ALERTMANAGER, needTool, PROMETHEUS, PROMTOOL, runTool, skipWithout } from '../support/prometheus.ts';
import { startService, TOKENS, type Running } from '../service/harness.ts';

const PORTS = { prometheus: 19090, exporter: 19091, serve: 19092, alertmanager: 19093 };
const STREAM = 'checkout';

/** The error rate is mapped to the exporter's metric in the front matter; the latency is not mapped. */
const PLAN = `---
metrics:
  Error rate: max(checkout_error_ratio_percent)
---
# Checkout go-live

## Phase 1: Preparation

### Infrastructure
- [ ] Database replicas in sync

## Go/No-go

Go when the preparation is done and no alert is open.

## Phase 2: Launch

### Open the traffic
- [ ] DNS switched to checkout v2

## Monitoring

| Metric | Alert threshold |
| --- | --- |
| Error rate | > 2% |
| P99 latency | > 800 ms |
`;

interface Status {
  health: string;
  alerts: { id: string; name: string | null; metric: string | null; value: number | null }[];
  gates: { id: string; status: string }[];
}

/** Polls `check` every 250 ms until it gives a value, or fails after `timeoutMs` saying what it waited for. */
async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`gave up waiting ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Starts a server process, keeping its output for the failure message. */
function startProcess(path: string, args: string[], output: string[]): ChildProcess {
  const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer): void => {
    output.push(chunk.toString());
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return child;
}

/** Stops a process by its pid and waits for it to exit. */
async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

const ready = (port: number) => async (): Promise<true | undefined> =>
  (await fetch(`http://127.0.0.1:${port}/-/ready`)).ok ? true : undefined;

describe.skipIf(skipWithout({ promtool: PROMTOOL, prometheus: PROMETHEUS, alertmanager: ALERTMANAGER }))(
  'Prometheus → Alertmanager → serve, on rules generated from the plan',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-prometheus-'));
    const output: string[] = [];
    const store = createMemoryEventStore();
    let errorRate = 7.5;
    let exporter: Server | undefined;
    let run: Running | undefined;
    let prometheus: ChildProcess | undefined;
    let alertmanager: ChildProcess | undefined;

    beforeAll(async () => {
      const promtool = needTool('promtool', PROMTOOL);
      const plan = join(dir, 'checkout.md');
      writeFileSync(plan, PLAN);
      const rules = join(dir, 'rules.yml');
      const written = await runCli('rules', plan, '--stream', STREAM, '--out', rules);
      expect(written.code, written.err).toBe(0);
      const checked = await runTool(promtool, ['check', 'rules', rules]);
      expect(checked.code, checked.stdout + checked.stderr).toBe(0);

      exporter = createServer((request, response) => {
        response.writeHead(request.url === '/metrics' ? 200 : 404, {
          'content-type': 'text/plain; version=0.0.4',
        });
        response.end(
          '# HELP checkout_error_ratio_percent Failed checkouts over all checkouts, in percent.\n' +
            '# TYPE checkout_error_ratio_percent gauge\n' +
            `checkout_error_ratio_percent{instance_name="eu-1"} ${errorRate}\n`,
        );
      });
      await new Promise<void>((resolve, reject) => {
        exporter?.once('error', reject).listen(PORTS.exporter, '127.0.0.1', () => resolve());
      });
      run = await startService(store, {}, PORTS.serve);
      const created = await run.request('POST', `/launches?stream=${STREAM}`, {
        body: PLAN,
        headers: { 'content-type': 'text/markdown' },
      });
      expect(created.status, created.text).toBe(201);

      writeFileSync(
        join(dir, 'alertmanager.yml'),
        [
          'route:',
          '  receiver: launchplan',
          '  group_by: [launchplan_rule]',
          '  group_wait: 1s',
          '  group_interval: 1s',
          '  repeat_interval: 1h',
          'receivers:',
          '  - name: launchplan',
          '    webhook_configs:',
          `      - url: http://127.0.0.1:${PORTS.serve}/launches/${STREAM}/alertmanager`,
          '        send_resolved: true',
          `        http_config: { authorization: { type: Bearer, credentials: ${TOKENS.alerts} } }`,
        ].join('\n'),
      );
      writeFileSync(
        join(dir, 'prometheus.yml'),
        [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          `rule_files: [${rules}]`,
          'scrape_configs:',
          '  - job_name: checkout',
          `    static_configs: [{ targets: ["127.0.0.1:${PORTS.exporter}"] }]`,
          'alerting:',
          '  alertmanagers:',
          `    - static_configs: [{ targets: ["127.0.0.1:${PORTS.alertmanager}"] }]`,
        ].join('\n'),
      );
      alertmanager = startProcess(
        needTool('alertmanager', ALERTMANAGER),
        [
          `--config.file=${join(dir, 'alertmanager.yml')}`,
          `--storage.path=${join(dir, 'alertmanager')}`,
          `--web.listen-address=127.0.0.1:${PORTS.alertmanager}`,
          // No gossip port: a single Alertmanager, not a cluster.
          '--cluster.listen-address=',
        ],
        output,
      );
      prometheus = startProcess(
        needTool('prometheus', PROMETHEUS),
        [
          `--config.file=${join(dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(dir, 'prometheus')}`,
          `--web.listen-address=127.0.0.1:${PORTS.prometheus}`,
        ],
        output,
      );
      try {
        await waitFor('Alertmanager to be ready', ready(PORTS.alertmanager));
        await waitFor('Prometheus to be ready', ready(PORTS.prometheus));
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${output.join('').slice(-3000)}`, { cause: error });
      }
    }, 60_000);

    afterAll(async () => {
      await stopProcess(prometheus);
      await stopProcess(alertmanager);
      await run?.close();
      exporter?.closeAllConnections();
      await new Promise((resolve) => (exporter ? exporter.close(resolve) : resolve(undefined)));
    });

    const status = async (): Promise<Status> =>
      (await run!.request<Status>('GET', `/launches/${STREAM}`)).json;
    const post = (event: object) =>
      run!.request<{ error?: { kind: string; message: string } }>('POST', `/launches/${STREAM}/events`, {
        token: TOKENS.admin,
        body: JSON.stringify(event),
      });

    it('should record the firing rule against its exact threshold and refuse the go while it fires', async () => {
      const alert = await waitFor('the alert to reach the launch', async () => {
        const { alerts } = await status();
        return alerts.length > 0 ? alerts : undefined;
      }).catch((error: Error) => {
        throw new Error(`${error.message}\n${output.join('').slice(-3000)}`, { cause: error });
      });
      expect(alert).toEqual([
        expect.objectContaining({ name: 'ErrorRate', metric: 'Error rate', value: 7.5 }),
      ]);
      const fired = (await readAll(store, STREAM)).filter((event) => event.type === 'alert.fired');
      expect(fired.map((event) => [event.actor.id, event.data])).toEqual([
        ['alertmanager', expect.objectContaining({ ruleId: 'alert/error-rate', severity: 'warning' })],
      ]);
      expect((await status()).health).toBe('degraded');

      expect(
        (await post({ type: 'item.checked', itemId: 'preparation/infrastructure/database-replicas-in-sync' }))
          .status,
      ).toBe(201);
      expect((await status()).gates).toEqual([
        expect.objectContaining({ id: 'gate/go-no-go', status: 'waiting' }),
      ]);
      const refused = await post({ type: 'gate.decided', gateId: 'gate/go-no-go', decision: 'go' });
      expect(refused.status).toBe(409);
      expect(refused.json.error?.kind).toBe('NotAcceptedInState');
      expect(refused.json.error?.message).toContain(`alert(s) open: ${alert[0]?.id}`);
    }, 60_000);

    it('should pass the go once the rate falls back and the resolution reaches the launch', async () => {
      errorRate = 0.4;
      await waitFor('the resolution to reach the launch', async () =>
        (await status()).alerts.length === 0 ? true : undefined,
      );
      expect((await status()).health).toBe('healthy');
      const go = await post({ type: 'gate.decided', gateId: 'gate/go-no-go', decision: 'go' });
      expect(go.status, JSON.stringify(go.json)).toBe(201);
    }, 60_000);
  },
);
