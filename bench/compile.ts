/**
 * Compiler benchmark: compiling the largest example (TechPlus V1, 631 items) and a generated
 * 5,000-item plan, next to reading the same plan (`readPlanMarkdown`). Target: compiling costs
 * less than reading. Also: creating the XState machine from the config, printing the exports,
 * and sending item events to a running actor (events/s).
 *
 * `npm run bench -- compile`, or alone: `node --import tsx bench/compile.ts`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createActor } from 'xstate';
import { machineArtifacts } from '../src/compile/artifacts.ts';
import { compilePlan } from '../src/compile/config.ts';
import { createLaunchMachine } from '../src/compile/machine.ts';
import { itemChecked, launchStarted } from '../src/events/factories.ts';
import { readPlanMarkdown } from '../src/plan/markdown/readPlan.ts';
import { planItems } from '../src/plan/query.ts';
import { generatePlanMarkdown } from './generatePlan.ts';
import { bestOf, progress, round } from './measure.ts';

function measure(name: string, text: string, repeat: number): Record<string, number> {
  const plan = readPlanMarkdown(text, { id: name });
  const items = planItems(plan).length;
  progress(`${name}: ${items} items`);
  const readMs = bestOf(repeat, () => readPlanMarkdown(text, { id: name }));
  const compileMs = bestOf(repeat, () => compilePlan(plan));
  const { config } = compilePlan(plan);
  const machineMs = bestOf(repeat, () => createLaunchMachine(config));
  const exportMs = bestOf(Math.max(1, Math.floor(repeat / 4)), () => machineArtifacts(plan));

  const machine = createLaunchMachine(config);
  const events = planItems(plan).map(({ item }) => itemChecked({ itemId: item.id, by: 'bench' }));
  const actor = createActor(machine).start();
  actor.send(launchStarted());
  const start = performance.now();
  for (const event of events) actor.send(event);
  const sendMs = performance.now() - start;
  return {
    [`${name}_items`]: items,
    [`${name}_read_ms`]: round(readMs),
    [`${name}_compile_ms`]: round(compileMs),
    [`${name}_compile_over_read`]: round(compileMs / readMs),
    [`${name}_create_machine_ms`]: round(machineMs),
    [`${name}_export_ms`]: round(exportMs),
    [`${name}_item_events_per_s`]: Math.round(events.length / (sendMs / 1000)),
  };
}

/** Runs the suite and returns its figures. */
export function run(): Promise<Record<string, unknown>> {
  const techplus = readFileSync(
    fileURLToPath(new URL('../examples/plans/techplus-v1.md', import.meta.url)),
    'utf8',
  );
  const generated = generatePlanMarkdown(10, 10, 50);
  return Promise.resolve({
    ...measure('techplus', techplus, 20),
    ...measure('generated_5000', generated, 5),
    target_compile_over_read_max: 1,
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${JSON.stringify(await run(), null, 2)}\n`);
}
