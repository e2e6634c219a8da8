/**
 * Embedding launchplan in a Node service: a deploy bot that runs the Mbayar go-live from its
 * plan, records what happens in an embedded file log, reacts to the launch's notifications,
 * and shows that another host holding only the log sees the same checklist.
 *
 *   node --import tsx examples/embedding/deployBot.ts [log dir]
 *
 * CI runs it (test/examples/examples.test.ts). It prints what it does and ends with the
 * checklist of the launch.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import {
  alertFired,
  alertResolved,
  createFileEventStore,
  createLaunch,
  formatLaunchError,
  formatLoadError,
  gateDecided,
  itemChecked,
  launchStarted,
  loadPlanFile,
  planItems,
  replayLaunch,
  renderChecklistTree,
  testFailed,
  testPassed,
  type LaunchError,
} from 'launchplan';

const planPath = fileURLToPath(new URL('../plans/mbayar-go-live.md', import.meta.url));
const logDir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'deploy-bot-'));

/** Every launch call returns Either<LaunchError, A>: this bot stops at the first refusal it did not expect. */
function must<A>(result: E.Either<LaunchError, A>, what: string): A {
  if (E.isLeft(result)) throw new Error(`${what}: ${formatLaunchError(result.left)}`);
  return result.right;
}

const loaded = await loadPlanFile(planPath);
if (E.isLeft(loaded)) throw new Error(formatLoadError(loaded.left));
const { plan } = loaded.right;

// 1. Start a launch: the first event records the plan (and its Markdown) in the log.
const store = createFileEventStore(logDir);
const bot = { id: 'deploy-bot', roles: ['admin'] };
const launch = must(
  await createLaunch({ store, stream: 'mbayar-go-live', plan: loaded.right, actor: bot }),
  'create',
);

// 2. Listen: the host hears about steps, phases, gates and alerts as they happen.
launch.on('step.completed', (step) => console.log(`  step done: ${step.title}`));
launch.on('phase.completed', (phase) => console.log(`  phase done: ${phase.title}`));
launch.on('gate.decided', (gate) => console.log(`  gate ${gate.id}: ${gate.decision} by ${gate.by}`));
launch.on('alert', (alert) =>
  console.log(`  health: ${alert.health} (${alert.open.join(', ') || 'no open alert'})`),
);

// 3. Drive it. Every send is checked against the statechart before anything is written.
must(await launch.send(launchStarted()), 'start');
const checklistPhase = plan.phases[0];
for (const { item } of planItems(plan).filter(({ phase, item }) => phase === checklistPhase && !item.done)) {
  if (item.kind === 'test') {
    must(
      await launch.send(testFailed({ itemId: item.id, runId: 'ci-1', message: 'timeout' }), {
        actor: { id: 'ci', roles: ['ci'] },
      }),
      'test failed',
    );
    console.log(
      `  ${item.id}: failed, its step is blocked → ${launch
        .checklist()
        .blockers.map((b) => b.kind)
        .join(', ')}`,
    );
    must(
      await launch.send(testPassed({ itemId: item.id, runId: 'ci-2' }), {
        actor: { id: 'ci', roles: ['ci'] },
      }),
      'test passed',
    );
  } else {
    must(await launch.send(itemChecked({ itemId: item.id })), 'check');
  }
}

// 4. An alert blocks the go/no-go: the refusal says which guard refused and why.
const gate = plan.gates[0];
if (!gate) throw new Error('the plan has a gate');
must(
  await launch.send(alertFired({ alertId: 'p99', metric: 'latency_p99_ms', value: 870 }), {
    actor: { id: 'alertmanager', roles: ['monitoring'] },
  }),
  'alert',
);
const refused = await launch.send(gateDecided({ gateId: gate.id, decision: 'go' }));
console.log(
  `  go refused while the alert is open: ${E.isLeft(refused) ? formatLaunchError(refused.left) : 'NO (unexpected)'}`,
);
must(
  await launch.send(alertResolved({ alertId: 'p99' }), {
    actor: { id: 'alertmanager', roles: ['monitoring'] },
  }),
  'resolve',
);
must(await launch.send(gateDecided({ gateId: gate.id, decision: 'go', reason: 'all green' })), 'go');

// 5. Another host, holding only the log, replays it to the same checklist.
const replayed = must(await replayLaunch(store, 'mbayar-go-live'), 'replay');
const other = replayed.checklist();
const same = JSON.stringify(other) === JSON.stringify(launch.checklist());
console.log(
  `\nsecond host replayed ${replayed.version} events: ${same ? 'same checklist' : 'DIFFERENT checklist'}`,
);
console.log(renderChecklistTree(launch.checklist(), { color: false }));
await store.close();
if (!same) process.exitCode = 1;
