/**
 * `launchplan serve` as its own process, for the attacks whose acceptance is about the server's
 * process (its resident memory, its file descriptors, how fast `/healthz` answers while it is
 * attacked): the test's own sockets and buffers stay out of the figures. It runs the built
 * package (`bin/launchplan.js`, rebuilt by the test run's global setup), with the harness's tokens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TokenEntry } from '../../src/service/auth.ts';
import { TOKEN_ENTRIES } from '../service/harness.ts';

const BIN = fileURLToPath(new URL('../../bin/launchplan.js', import.meta.url));

export interface Served {
  url: string;
  child: ChildProcess;
  /** Resident memory of the server process, in MiB (Linux). */
  rssMb(): number;
  /** Open file descriptors of the server process (Linux). */
  openFiles(): number;
  /** What the process printed on stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts `launchplan serve --port <port>` (default 0: any free port) with `args` (`--log` or `--store`, limits …) in `dir` (where
 * its tokens file, `tokens` (default: the harness's), is written) and resolves once it listens.
 */
export async function startServed(
  dir: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  port = 0,
  tokenEntries: readonly TokenEntry[] = TOKEN_ENTRIES,
): Promise<Served> {
  const tokens = join(dir, 'tokens.json');
  writeFileSync(tokens, JSON.stringify({ tokens: tokenEntries }));
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--tokens', tokens, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) =>
      reject(new Error(`launchplan serve exited (${code}) before listening: ${out}${err}`)),
    );
  });
  const pid = child.pid as number;
  return {
    url,
    child,
    rssMb: () => {
      const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return Number(line?.[1] ?? Number.NaN) / 1024;
    },
    openFiles: () => readdirSync(`/proc/${pid}/fd`).length,
    stderr: () => err,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One `GET /healthz`, timed in ms; one that fails or takes more than 5 s counts as 5 s. */
async function timeHealth(url: string): Promise<number> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5000) });
    await response.text();
    return response.ok ? performance.now() - started : 5000;
  } catch {
    return 5000;
  }
}

const p99 = (times: number[]): number => {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] as number;
};

/**
 * `/healthz`'s 99th percentile, in ms, on a server under attack and on a control (another
 * `launchplan serve` that nobody attacks), timed side by side `count` times, `gapMs` apart. A single
 * slow answer on a loaded 2-core machine is noise, a p99 over many is what a load balancer sees;
 * and the machine's own load (other test workers, other processes: load averages of 8-12 here)
 * reaches both servers at the same moments, so what the attacked one shows beyond the control is
 * what the attack costs it. Sampling stops at `withinMs` (what was not sampled counts as 5 s), so a
 * server that does not answer fails the measure in bounded time; under the attacks on main the
 * attacked p99 was 5 s.
 */
export async function healthP99s(
  url: string,
  controlUrl: string,
  count: number,
  gapMs = 25,
  withinMs = 60_000,
): Promise<{ attacked: number; control: number }> {
  const attacked: number[] = [];
  const control: number[] = [];
  const until = Date.now() + withinMs;
  for (let n = 0; n < count && Date.now() < until; n += 1) {
    const [one, other] = await Promise.all([timeHealth(url), timeHealth(controlUrl)]);
    attacked.push(one);
    control.push(other);
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  while (attacked.length < count) attacked.push(5000);
  return { attacked: p99(attacked), control: p99(control) };
}

/** A `launchplan serve` on an empty file log in `dir`, that nobody attacks: the control of `healthP99s`. */
export const startControl = (dir: string): Promise<Served> => startServed(dir, ['--log', join(dir, 'log')]);

/** Samples the server's resident memory every 100 ms until `stop()`, which gives the most seen, in MiB. */
export function watchRss(served: Served): { stop: () => number } {
  let most = served.rssMb();
  const timer = setInterval(() => {
    try {
      most = Math.max(most, served.rssMb());
    } catch {
      // The process has exited: what was seen stands.
    }
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return most;
    },
  };
}
