/**
 * The command as a whole process: `node -e 0` (the floor: Node starting and doing nothing),
 * `launchplan --version`, `status --json` of a 50-event log and one `send`, each the median of
 * 10 runs after a warm-up, with their ratios to the floor (goals: ≤ 2 for `--version`, ≤ 5 for
 * `status` and `send`). For reference, `--version` through tsx, as the command started before it
 * ran the built code. Needs `npm run build` (dist/).
 *
 * `npm run bench -- cli`
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import * as E from 'fp-ts/lib/Either.js';
import {
  createFileEventStore,
  createLaunch,
  itemChecked,
  launchStarted,
  loadPlanFile,
  planItems,
} from '../src/index.ts';
import { progress, round } from './measure.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'launchplan.js');
const RUNS = 10;

/** Median wall time of `RUNS` runs of a process, after one warm-up run. */
function medianMs(args: readonly string[], vary: (run: number) => readonly string[] = () => []): number {
  execFileSync(process.execPath, [...args, ...vary(-1)], { stdio: 'ignore' });
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    execFileSync(process.execPath, [...args, ...vary(run)], { stdio: 'ignore' });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return (times[RUNS / 2 - 1]! + times[RUNS / 2]!) / 2;
}

/** A launch of techplus-v1 whose log holds 50 events: the plan, the start and 48 checked items. */
async function fiftyEventLog(dir: string): Promise<{ log: string; items: string[] }> {
  const loaded = await loadPlanFile(join(ROOT, 'examples', 'plans', 'techplus-v1.md'));
  if (E.isLeft(loaded)) throw new Error('techplus-v1 did not load');
  const { plan } = loaded.right;
  const store = createFileEventStore(dir);
  const created = await createLaunch({
    store,
    stream: 'go',
    plan: loaded.right,
    actor: { id: 'bench', roles: ['admin'] },
  });
  if (E.isLeft(created)) throw new Error('the launch was not created');
  const launch = created.right;
  await launch.send(launchStarted());
  const open = planItems(plan)
    .filter(({ item }) => !item.done && item.kind !== 'test')
    .map(({ item }) => item.id);
  for (const id of open.slice(0, 48)) {
    const sent = await launch.send(itemChecked({ itemId: id }));
    if (E.isLeft(sent)) throw new Error(`${id}: ${JSON.stringify(sent.left)}`);
  }
  if (launch.version !== 50) throw new Error(`the log holds ${launch.version} events, not 50`);
  await store.close();
  return { log: join(dir, 'go.jsonl'), items: open.slice(48) };
}

export async function run(): Promise<Record<string, unknown>> {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: npm run build');
  const dir = mkdtempSync(join(tmpdir(), 'lp-bench-cli-'));
  try {
    const { log, items } = await fiftyEventLog(dir);
    progress(`floor and --version (median of ${RUNS})`);
    const floor = medianMs(['-e', '0']);
    const version = medianMs([BIN, '--version']);
    progress('status --json of a 50-event log');
    const status = medianMs([BIN, 'status', '--json', '--log', log]);
    progress('send (one event per run)');
    const send = medianMs(
      [BIN, 'send', 'item.checked', '--log', log, '--actor', 'bench', '--role', 'admin'],
      (run) => ['--item', items[run + 1]!],
    );
    progress('--version through tsx (reference: the command before it ran dist/)');
    const viaTsx = `const { main } = await import(${JSON.stringify(join(ROOT, 'src', 'cli', 'main.ts'))}); process.exitCode = await main(['--version']);`;
    const tsxVersion = medianMs(['--import', 'tsx', '--input-type=module', '-e', viaTsx]);
    return {
      runs: RUNS,
      node_floor_ms: round(floor),
      version_ms: round(version),
      status_50_events_ms: round(status),
      send_ms: round(send),
      version_ratio: round(version / floor),
      status_ratio: round(status / floor),
      send_ratio: round(send / floor),
      goals: { version_ratio: 2, status_ratio: 5, send_ratio: 5 },
      tsx_version_ms: round(tsxVersion),
      tsx_version_ratio: round(tsxVersion / floor),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
