/**
 * One writer per launch through real processes (issue 20): events/s of 8 callers posting to one
 * launch behind a round-robin balancer over 8 `launchplan serve --cluster` processes (caller i
 * always reaches host i, as a balancer spreads connections), against the same 8 callers posting
 * to one `serve` process, each with one request in flight. Two payloads: an Alertmanager post of
 * `alerts` alerts (one hop to the owner per post) and a single item check. On PostgreSQL (hosts
 * forward over HTTP) and on one NATS server (request–reply). Rounds alternate, medians reported.
 * Needs `npm run build` (the processes run `bin/launchplan.js`).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startServed, type Served } from '../test/hostile/served.ts';
import { TOKENS } from '../test/service/harness.ts';
import { median, round } from './measure.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'bench-served-secret-0123456789';

export interface ServedOptions {
  /** `--store` of every host: a PostgreSQL URL or a NATS one. */
  readonly store: string;
  /** Whether hosts forward over HTTP (PostgreSQL: they need `--advertise`). */
  readonly advertise: boolean;
  readonly hosts: number;
  readonly firstPort: number;
  readonly postsPerCaller: number;
  readonly alerts: number;
}

const PLAN = `# Served bench\n\n## Rollout\n\n### Checks\n\n${Array.from({ length: 400 }, (_, i) => `- [ ] check ${i + 1}`).join('\n')}\n`;

const post = async (
  url: string,
  path: string,
  token: string,
  body: string,
  type = 'application/json',
): Promise<number> => {
  const answer = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body,
  });
  await answer.arrayBuffer();
  return answer.status;
};

/** An Alertmanager notification of `count` firing alerts, unique across the run by `key`. */
const firing = (key: string, count: number): string =>
  JSON.stringify({
    status: 'firing',
    alerts: Array.from({ length: count }, (_, i) => ({
      status: 'firing',
      labels: { alertname: `Bench${key}x${i}`, service: 'bench' },
      annotations: { summary: 'bench' },
      startsAt: '2025-03-01T10:00:00Z',
      fingerprint: `${key}x${i}`,
    })),
  });

const startHosts = async (options: ServedOptions, cluster: boolean, count: number): Promise<Served[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-served-'));
  const hosts: Served[] = [];
  for (let h = 0; h < count; h++) {
    const port = options.firstPort + h;
    const args = ['--store', options.store, '--open'];
    if (cluster)
      args.push(
        '--cluster',
        '--host-id',
        `bench-${port}`,
        ...(options.advertise ? ['--advertise', `http://127.0.0.1:${port}`] : []),
      );
    hosts.push(await startServed(dir, args, { LAUNCHPLAN_CLUSTER_SECRET: SECRET }, port));
  }
  return hosts;
};

/**
 * Events/s of 8 callers (one request in flight each) posting to `stream` through `hosts` (caller
 * i to host i mod hosts): Alertmanager posts of `alerts` alerts, or one item check per post.
 */
const rate = async (
  hosts: readonly Served[],
  stream: string,
  options: ServedOptions,
  alerts: number,
): Promise<number> => {
  const created = await post(
    hosts[0]!.url,
    `/launches?stream=${stream}`,
    TOKENS.admin,
    PLAN,
    'text/markdown',
  );
  if (created !== 201) throw new Error(`bench: creating ${stream} answered ${created}`);
  let next = 0;
  const begun = performance.now();
  await Promise.all(
    Array.from({ length: 8 }, async (_, caller) => {
      const host = hosts[caller % hosts.length]!;
      for (let i = 0; i < options.postsPerCaller; i++) {
        const status =
          alerts > 0
            ? await post(
                host.url,
                `/launches/${stream}/alertmanager`,
                TOKENS.alerts,
                firing(`${caller}p${i}`, alerts),
              )
            : await post(
                host.url,
                `/launches/${stream}/events`,
                TOKENS.admin,
                JSON.stringify({ type: 'item.checked', itemId: `rollout/checks/check-${(next += 1)}` }),
              );
        if (status >= 300) throw new Error(`bench: a post to ${stream} answered ${status}`);
      }
    }),
  );
  const events = 8 * options.postsPerCaller * Math.max(1, alerts);
  return Math.round((events / (performance.now() - begun)) * 1000);
};

/** Figures of one backend: 8 hosts ÷ one host, for payloads and for single events. */
export async function servedFigures(options: ServedOptions, name: string, rounds: number) {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: npm run build');
  const seen = {
    oneHost: [] as number[],
    hosts: [] as number[],
    oneHostSingle: [] as number[],
    hostsSingle: [] as number[],
  };
  for (let r = 0; r < rounds; r++) {
    for (const [cluster, count] of [
      [false, 1],
      [true, options.hosts],
    ] as const) {
      const hosts = await startHosts(options, cluster, count);
      try {
        const key = cluster ? 'hosts' : 'oneHost';
        const stream = `${name}-${cluster ? 'h' : 'o'}${r}`;
        seen[key].push(await rate(hosts, `${stream}a`, options, options.alerts));
        seen[`${key}Single`].push(await rate(hosts, `${stream}s`, options, 0));
      } finally {
        await Promise.allSettled(hosts.map((host) => host.stop()));
      }
    }
  }
  const figures = Object.fromEntries(
    Object.entries(seen).map(([key, values]) => [key, median(values)]),
  ) as Record<keyof typeof seen, number>;
  return {
    alertsPerPost: options.alerts,
    ...figures,
    payloadsHostsVsOneHost: round(figures.hosts / figures.oneHost),
    singleHostsVsOneHost: round(figures.hostsSingle / figures.oneHostSingle),
  };
}
