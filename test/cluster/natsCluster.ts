/**
 * A 3-node NATS JetStream cluster on loopback (or a single server), started from the machine's
 * `nats-server` for the cluster tests and `npm run bench -- cluster`: own ports, own store
 * directories under a temporary folder, `kill -9` and restart of one node, and a stop that always
 * completes (also when the test process exits early: every started pid is killed on exit).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';

/** Where the machine's server is (Debian's package), unless LAUNCHPLAN_NATS_SERVER says otherwise. */
export const natsServerBinary = (): string =>
  process.env['LAUNCHPLAN_NATS_SERVER'] ?? '/usr/sbin/nats-server';

/** Whether a `nats-server` binary is there to start. */
export const natsServerAvailable = (): boolean => existsSync(natsServerBinary());

/** One node of the cluster. */
export interface ClusterNode {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** Running process, if the node is up. */
  readonly process: ChildProcess | undefined;
}

/** A running cluster. */
export interface NatsCluster {
  readonly nodes: readonly ClusterNode[];
  /** `nats://127.0.0.1:p1,nats://127.0.0.1:p2,…` */
  readonly servers: string[];
  /** `kill -9` one node (by name); resolves once the process is gone. */
  kill(name: string): Promise<void>;
  /** Start a stopped node again on its ports and store directory; resolves once it accepts connections. */
  restart(name: string): Promise<void>;
  /** The server name of the leader of a JetStream stream. */
  streamLeader(stream: string): Promise<string>;
  /** Waits until a JetStream stream has a leader and every replica is current. */
  waitStreamHealthy(stream: string, timeoutMs?: number): Promise<void>;
  /** The last lines of a node's log (for failure messages). */
  logTail(name: string, lines?: number): string;
  /** Stops every node (SIGKILL after a grace period) and removes the store directories. */
  stop(): Promise<void>;
}

const started = new Set<ChildProcess>();
let exitHookInstalled = false;
const installExitHook = (): void => {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test run that ends early (a failed assertion, a crash) must not leave servers behind.
  process.once('exit', () => {
    for (const child of started)
      if (child.exitCode === null && child.pid !== undefined) child.kill('SIGKILL');
  });
};

/** A free TCP port on loopback (the OS picks it; released before the server binds it). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it resolves true, or throws after `timeoutMs` with `what`. */
const waitFor = async (what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(`nats cluster: timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
};

const withConnection = async <A>(servers: string[], work: (nc: NatsConnection) => Promise<A>): Promise<A> => {
  const nc = await connect({ servers, timeout: 1000, reconnect: false });
  try {
    return await work(nc);
  } finally {
    await nc.close().catch(() => undefined);
  }
};

/**
 * Start a 3-node JetStream cluster and wait until it has a JetStream meta leader.
 *
 * @example
 * const cluster = await startNatsCluster();
 * const store = createNatsEventStore({ servers: cluster.servers, replicas: 3 });
 * await cluster.stop();
 */
export const startNatsCluster = async (
  options: {
    /** Nodes (default 3); 1 starts a plain server, not a cluster. */
    readonly size?: number;
    /** Start with JetStream (default true). */
    readonly jetstream?: boolean;
    /** Client ports to use (default: free ones). */
    readonly ports?: readonly number[];
    /** Cluster (route) ports to use (default: free ones). */
    readonly clusterPorts?: readonly number[];
    readonly startTimeoutMs?: number;
  } = {},
): Promise<NatsCluster> => {
  installExitHook();
  const size = options.size ?? 3;
  const jetstream = options.jetstream ?? true;
  const startTimeoutMs = options.startTimeoutMs ?? 20_000;
  const dir = mkdtempSync(join(tmpdir(), 'launchplan-nats-cluster-'));
  const clusterName = `lp${process.pid}`;
  const ports = await Promise.all(Array.from({ length: size * 2 }, freePort));
  const specs = Array.from({ length: size }, (_, i) => ({
    name: `n${i + 1}`,
    port: options.ports?.[i] ?? ports[i]!,
    clusterPort: options.clusterPorts?.[i] ?? ports[size + i]!,
  }));
  const processes = new Map<string, ChildProcess>();

  const launch = (name: string): ChildProcess => {
    const spec = specs.find((s) => s.name === name)!;
    const storeDir = join(dir, name);
    mkdirSync(storeDir, { recursive: true });
    const routes = specs
      .filter((s) => s.name !== name)
      .map((s) => `nats://127.0.0.1:${s.clusterPort}`)
      .join(',');
    const clusterArgs =
      size > 1
        ? [
            '--cluster_name',
            clusterName,
            '--cluster',
            `nats://127.0.0.1:${spec.clusterPort}`,
            '--routes',
            routes,
          ]
        : [];
    const child = spawn(
      natsServerBinary(),
      [
        '-a',
        '127.0.0.1',
        '-p',
        String(spec.port),
        '-n',
        name,
        ...(jetstream ? ['-js', '-sd', storeDir] : []),
        ...clusterArgs,
        '-l',
        join(dir, `${name}.log`),
      ],
      { stdio: 'ignore' },
    );
    started.add(child);
    child.once('exit', () => started.delete(child));
    processes.set(name, child);
    return child;
  };

  const nodes = (): ClusterNode[] =>
    specs.map((s) => ({
      name: s.name,
      port: s.port,
      url: `nats://127.0.0.1:${s.port}`,
      process: processes.get(s.name),
    }));
  const servers = specs.map((s) => `nats://127.0.0.1:${s.port}`);
  const urlOf = (name: string): string => `nats://127.0.0.1:${specs.find((s) => s.name === name)!.port}`;

  const exited = (child: ChildProcess): Promise<void> =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => child.once('exit', () => resolve()));

  const stopAll = async (): Promise<void> => {
    const children = [...processes.values()];
    for (const child of children) child.kill('SIGTERM');
    await Promise.race([Promise.all(children.map(exited)), sleep(3000)]);
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.race([Promise.all(children.map(exited)), sleep(2000)]);
    processes.clear();
    rmSync(dir, { recursive: true, force: true });
  };

  for (const spec of specs) launch(spec.name);
  try {
    await waitFor(jetstream ? 'JetStream on every node' : 'the server', startTimeoutMs, async () => {
      for (const url of servers) {
        const ok = await withConnection([url], async (nc) => {
          if (jetstream) await (await jetstreamManager(nc, { timeout: 1000 })).getAccountInfo();
          return true;
        });
        if (!ok) return false;
      }
      return true;
    });
  } catch (error) {
    const logs = specs.map((s) => `--- ${s.name}\n${tail(join(dir, `${s.name}.log`), 20)}`).join('\n');
    await stopAll();
    throw new Error(`${(error as Error).message}\n${logs}`, { cause: error });
  }

  const streamInfo = (stream: string) =>
    withConnection(servers, async (nc) =>
      (await jetstreamManager(nc, { timeout: 2000 })).streams.info(stream),
    );

  return {
    get nodes() {
      return nodes();
    },
    servers,
    async kill(name) {
      const child = processes.get(name);
      if (!child) return;
      child.kill('SIGKILL');
      await exited(child);
      processes.delete(name);
    },
    async restart(name) {
      if (processes.has(name)) return;
      launch(name);
      await waitFor(`node ${name} to accept connections`, startTimeoutMs, () =>
        withConnection([urlOf(name)], () => Promise.resolve(true)),
      );
    },
    async streamLeader(stream) {
      let leader = '';
      await waitFor(`a leader of stream ${stream}`, startTimeoutMs, async () => {
        leader = (await streamInfo(stream)).cluster?.leader ?? '';
        return leader !== '';
      });
      return leader;
    },
    async waitStreamHealthy(stream, timeoutMs = startTimeoutMs) {
      await waitFor(`stream ${stream} to have a leader and current replicas`, timeoutMs, async () => {
        const info = await streamInfo(stream);
        const replicas = info.cluster?.replicas ?? [];
        return (
          Boolean(info.cluster?.leader) &&
          replicas.length === info.config.num_replicas - 1 &&
          replicas.every((r) => r.current && !r.offline)
        );
      });
    },
    logTail: (name, lines = 30) => tail(join(dir, `${name}.log`), lines),
    stop: stopAll,
  };
};

const tail = (path: string, lines: number): string => {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
};
