/**
 * `launchplan demo` (what `npm run demo` runs): plays a realistic launch of each example plan
 * into an embedded file log — items, a failed then passed test, an alert that blocks a gate, a
 * rollback and a resume, completion — then has a second process replay each log, as another
 * host would, and checks that it shows the same checklist.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, promisify } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { withoutCountdown } from '../../checklist/countdown.ts';
import { renderChecklistTree } from '../../checklist/terminal.ts';
import { formatLoadError, loadPlanFile } from '../../plan/load.ts';
import { compiledPlan } from '../../compile/compiled.ts';
import { createLaunch, formatLaunchError } from '../../launch/index.ts';
import { playScenario } from '../../launch/scenario.ts';
import { createFileEventStore } from '../../store/file/index.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';

const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/plans/', import.meta.url));
const BIN = fileURLToPath(new URL('../../../bin/launchplan.js', import.meta.url));
const execFileAsync = promisify(execFile);

interface DemoOptions {
  plans?: string;
  log?: string;
  full?: boolean;
  json?: boolean;
}

/** What `demo --json` says of one launch: where it is, how it ended, whether the second host agreed. */
interface DemoLaunch {
  file: string;
  plan: string;
  stream: string;
  version: number;
  state: string;
  identical: boolean;
}

export async function run(io: CliIo, options: DemoOptions): Promise<void> {
  // Under --json the story goes to stderr, and stdout holds one document.
  const say = options.json ? (text: string) => io.err(text) : (text: string) => io.out(text);
  const plansDir = options.plans ?? EXAMPLES_DIR;
  const files = (await readdir(plansDir)).filter((name) => name.endsWith('.md')).sort();
  if (files.length === 0) throw new CliExit(2, `${plansDir}: no .md plans found`);
  const logDir = resolve(options.log ?? (await mkdtemp(join(tmpdir(), 'launchplan-demo-'))));
  say(`logs in ${logDir}`);
  const store = createFileEventStore(logDir);
  const streams: { stream: string; expected: unknown; file: string; plan: string }[] = [];
  const launches: DemoLaunch[] = [];
  try {
    for (const [index, file] of files.entries()) {
      io.err(`[${index + 1}/${files.length}] ${file}: reading, compiling, launching…`);
      const loaded = await loadPlanFile(join(plansDir, file));
      if (E.isLeft(loaded)) throw new CliExit(1, formatLoadError(loaded.left));
      const { plan } = loaded.right;
      const stream = `demo-${plan.id}`;
      const created = await createLaunch({
        store,
        stream,
        plan: loaded.right,
        actor: { id: 'lea.lead', roles: ['admin'] },
        snapshotEvery: 100,
      });
      if (E.isLeft(created)) throw new CliExit(1, `${file}: ${formatLaunchError(created.left)}`);
      const launch = created.right;
      say(`\n${plan.title}  (${file} → stream ${stream})`);
      const played = await playScenario(launch, plan, compiledPlan(plan).layout, {
        onMoment: (moment) => say(`  ${moment.refused ? '✗' : '•'} ${moment.text}`),
      });
      if (E.isLeft(played)) throw new CliExit(1, `${file}: the demo launch went wrong: ${played.left}`);
      if (options.full) say(renderChecklistTree(launch.checklist(), { color: io.tty }));
      streams.push({ stream, expected: launch.checklist(), file, plan: plan.id });
    }
  } finally {
    await store.close();
  }
  say('\nsecond host: replaying every log in a fresh process…');
  for (const [index, { stream, expected, file, plan }] of streams.entries()) {
    io.err(`[${index + 1}/${streams.length}] replaying ${stream}`);
    const { stdout } = await execFileAsync(
      process.execPath,
      [BIN, 'status', '--json', '--log', logDir, '--stream', stream],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const replayed = JSON.parse(stdout) as { version: number; state: string };
    // The replay's countdown is at its own clock: the checklist is what must be identical.
    const checklist = withoutCountdown(replayed);
    const same = isDeepStrictEqual(checklist, expected);
    launches.push({ file, plan, stream, version: replayed.version, state: replayed.state, identical: same });
    say(
      `  ${same ? '✓' : '✗'} ${stream}: ${replayed.version} events replayed, ${replayed.state}, ${same ? 'identical checklist' : 'DIFFERENT checklist'}`,
    );
    if (!same) throw new CliExit(1, `the replayed checklist of ${stream} differs from the live one`);
  }
  if (options.json) printJson(io, { logDir, launches });
  else
    io.out(
      `\ninspect a launch with: launchplan status --log ${logDir} --stream ${streams[0]?.stream ?? '<stream>'}`,
    );
}
