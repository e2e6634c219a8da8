/**
 * Two hosts, one log. Starts two separate `launchplan serve` processes on the same PostgreSQL or
 * NATS JetStream log: the writer host takes a launch and its events over HTTP; the follower host,
 * which never receives a write, follows the log live (its Server-Sent Events show each event as
 * the writer appends it) and serves the identical checklist.
 *
 *   node --import tsx examples/two-hosts/run.ts postgres://postgres@127.0.0.1:5432/test
 *   node --import tsx examples/two-hosts/run.ts nats://127.0.0.1:4222
 *
 * Prints one JSON summary and exits 0 when both hosts agree.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withoutCountdown, type Checklist } from 'launchplan';

/** A launch as `GET /launches/:id` serves it: its checklist, and the host's clock reading. */
type Served = Checklist & { now: string; secondsToGoLive: number | null };

const storeUrl =
  process.argv[2] ?? process.env['LAUNCHPLAN_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const BIN = fileURLToPath(new URL('../../bin/launchplan.js', import.meta.url));
const PLAN = readFileSync(fileURLToPath(new URL('../plans/mbayar-go-live.md', import.meta.url)));
const TOKEN = 'two-hosts-demo-token-7e6d5c4b3a2f1e0d';
const tokens = JSON.stringify([{ token: TOKEN, actor: 'release-manager', roles: ['admin'] }]);
const stream = `two-hosts-${Date.now().toString(36)}`;
const children: ChildProcess[] = [];

/** Starts `launchplan serve` on a free port and resolves to its base URL. */
function startHost(name: string): Promise<string> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--store', storeUrl], {
    env: { ...process.env, LAUNCHPLAN_TOKENS: tokens },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}): ${out}`)));
  });
}

/** One request to a host; resolves to its JSON answer, read as `T`. */
async function call<T>(
  base: string,
  method: string,
  path: string,
  body?: string | Blob,
  type = 'application/json',
): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': type },
    ...(body !== undefined ? { body } : {}),
  });
  const json = (await response.json()) as T;
  if (response.status >= 400)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** Collects the follower's live events until `count` have arrived. */
async function follow(
  base: string,
  count: number,
  signal: AbortSignal,
): Promise<{ version: number; type: string; receivedAt: number }[]> {
  const seen: { version: number; type: string; receivedAt: number }[] = [];
  const response = await fetch(`${base}/launches/${stream}/events?from=1`, {
    headers: { authorization: `Bearer ${TOKEN}` },
    signal,
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  while (seen.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const data = buffer
        .slice(0, end)
        .split('\n')
        .find((line) => line.startsWith('data: '));
      buffer = buffer.slice(end + 2);
      if (data) {
        const event = JSON.parse(data.slice(6)) as { version: number; type: string };
        seen.push({ version: event.version, type: event.type, receivedAt: Date.now() });
      }
    }
  }
  await reader.cancel();
  return seen;
}

async function main(): Promise<number> {
  const [writer, follower] = await Promise.all([startHost('writer'), startHost('follower')]);
  const created = await call<{ version: number }>(
    writer,
    'POST',
    `/launches?stream=${stream}`,
    new Blob([new Uint8Array(PLAN)]),
    'text/markdown',
  );
  const checklist = await call<Checklist>(writer, 'GET', `/launches/${stream}`);
  const open = checklist.phases
    .flatMap((p) => p.steps.flatMap((s) => s.items))
    .filter((i) => i.status === 'pending');
  const events = [
    ...open
      .slice(0, 4)
      .map((item) => ({ type: item.kind === 'test' ? 'test.passed' : 'item.checked', itemId: item.id })),
    { type: 'alert.fired', alertId: 'latency-p95', metric: 'latency', value: 412 },
    { type: 'alert.resolved', alertId: 'latency-p95' },
  ];
  const total = created.version + events.length;
  const abort = new AbortController();
  const following = follow(follower, total, abort.signal);
  const sentAt: number[] = [];
  for (const event of events) {
    sentAt.push(Date.now());
    await call(writer, 'POST', `/launches/${stream}/events`, JSON.stringify(event));
  }
  const timeout = setTimeout(() => abort.abort(), 20_000);
  const seen = await following.finally(() => clearTimeout(timeout));
  const [a, b] = await Promise.all([
    call<Served>(writer, 'GET', `/launches/${stream}`),
    call<Served>(follower, 'GET', `/launches/${stream}`),
  ]);
  // `now` and `secondsToGoLive` are each host's own clock reading, not the launch's state.
  const identical = JSON.stringify(withoutCountdown(a)) === JSON.stringify(withoutCountdown(b));
  const lags = seen
    .slice(created.version)
    .map((event, index) => event.receivedAt - (sentAt[index] ?? event.receivedAt));
  const summary = {
    store: storeUrl.split('://')[0],
    stream,
    writer,
    follower,
    eventsPosted: events.length,
    followerSawVersions: seen.map((event) => event.version),
    followerLagMsMax: Math.max(0, ...lags),
    version: { writer: a.version, follower: b.version },
    progress: { writer: a.progress, follower: b.progress },
    identical,
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  return identical && seen.length === total ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  process.stderr.write(`two-hosts: ${(error as Error).message}\n`);
} finally {
  for (const child of children) child.kill('SIGTERM');
}
process.exitCode = code;
