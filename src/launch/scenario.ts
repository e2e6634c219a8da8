/**
 * A realistic launch played against a `Launch`: items checked by their owners, a test that fails
 * then passes, an alert that makes the first gate refuse "go" until it is resolved, a rollback in
 * the middle of a phase and a resume that lands back in the same phase, then the launch to its
 * end. Used by `launchplan demo` and by the end-to-end tests.
 */
import * as E from 'fp-ts/lib/Either.js';
import { itemGroups, rollbackOf } from '../compile/context.ts';
import type { ChartLayout } from '../compile/layout.ts';
import type { Actor } from '../events/envelope.ts';
import {
  itemChecked,
  itemWaived,
  launchResumed,
  rollbackCompleted,
  rollbackRequested,
} from '../events/factories.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';
import type { Item, Phase, Plan } from '../plan/model.ts';
import { formatLaunchError, type LaunchError } from './errors.ts';
import type { Launch } from './launchApi.ts';

export interface ScenarioMoment {
  /** What happened, in one line. */
  text: string;
  /** True for refusals the scenario expects (the gate refusing "go" while an alert is open). */
  refused?: boolean;
}

export interface ScenarioOptions {
  onMoment?: (moment: ScenarioMoment) => void;
}

const LEAD: Actor = { id: 'lea.lead', roles: ['admin'] };
const MONITORING: Actor = { id: 'alertmanager', roles: ['monitoring'] };
const CI: Actor = { id: 'ci', roles: ['ci'] };

/** Who works on a step: its owners, or (a step without owners being a lead's) a lead of ops. */
function ownerActor(owners: readonly string[]): Actor {
  return owners.length > 0
    ? { id: `owner:${owners[0]}`, roles: [...owners] }
    : { id: 'ops.sam', roles: ['ops', 'lead'] };
}

/**
 * Plays the scenario; resolves to the moments it went through, or the first unexpected refusal.
 *
 * @example
 * const moments = await playScenario(launch, plan, compiledPlan(plan).layout, { onMoment: (m) => console.log(m.text) });
 */
export async function playScenario(
  launch: Launch,
  plan: Plan,
  layout: ChartLayout,
  options: ScenarioOptions = {},
): Promise<E.Either<string, ScenarioMoment[]>> {
  const moments: ScenarioMoment[] = [];
  const note = (moment: ScenarioMoment) => {
    moments.push(moment);
    options.onMoment?.(moment);
  };
  const send = async (event: LaunchEvent, actor: Actor): Promise<E.Either<LaunchError, unknown>> =>
    launch.send(event, { actor });
  const must = async (event: LaunchEvent, actor: Actor): Promise<E.Either<string, void>> => {
    const sent = await send(event, actor);
    return E.isLeft(sent)
      ? E.left(`${event.type} refused: ${formatLaunchError(sent.left)}`)
      : E.right(undefined);
  };

  let ok = await must({ type: 'launch.started' }, LEAD);
  if (E.isLeft(ok)) return ok;
  note({ text: `launch started: ${plan.title}` });
  let testShown = false;
  let rollbackShown = false;
  let gateShown = false;

  for (const entry of layout.running) {
    if (entry.kind === 'gate') {
      const gate = plan.gates.find((candidate) => candidate.id === entry.id);
      if (!gateShown) {
        gateShown = true;
        const rule = plan.alerts[0];
        ok = await must(
          {
            type: 'alert.fired',
            alertId: 'latency-p99',
            ...(rule ? { ruleId: rule.id, metric: rule.metric } : { metric: 'latency_p99_ms' }),
            value: 870,
          },
          MONITORING,
        );
        if (E.isLeft(ok)) return ok;
        const refused = await send({ type: 'gate.decided', gateId: entry.id, decision: 'go' }, LEAD);
        if (E.isRight(refused)) return E.left(`gate ${entry.id} accepted "go" while an alert was open`);
        note({
          text: `alert latency-p99 fired: "${gate?.title ?? entry.id}" refuses go — ${formatLaunchError(refused.left)}`,
          refused: true,
        });
        ok = await must({ type: 'alert.resolved', alertId: 'latency-p99' }, MONITORING);
        if (E.isLeft(ok)) return ok;
      }
      ok = await must(
        { type: 'gate.decided', gateId: entry.id, decision: 'go', reason: 'criteria met, no open alert' },
        LEAD,
      );
      if (E.isLeft(ok)) return ok;
      note({ text: `go: ${gate?.title ?? entry.id} (decided by ${LEAD.id})` });
      continue;
    }
    const phase = plan.phases.find((candidate) => candidate.id === entry.id) as Phase;
    const open = phaseWork(plan, phase);
    for (const [index, { item, owners }] of open.entries()) {
      if (!rollbackShown && open.length >= 4 && index === Math.floor(open.length / 2)) {
        rollbackShown = true;
        const rolled = await rollBackAndResume(launch, plan, note);
        if (E.isLeft(rolled)) return rolled;
      }
      if (item.kind === 'test' && !testShown) {
        testShown = true;
        ok = await must(
          { type: 'test.failed', itemId: item.id, runId: 'ci-run-41', message: 'smoke test timed out' },
          CI,
        );
        if (E.isLeft(ok)) return ok;
        note({
          text: `test failed: ${item.text} — its step is blocked (${launch.checklist().blockers.filter((b) => b.kind === 'failed-test').length} failed test)`,
        });
        ok = await must({ type: 'test.passed', itemId: item.id, runId: 'ci-run-42' }, CI);
        if (E.isLeft(ok)) return ok;
        note({ text: `test passed on the next run: ${item.text}` });
        continue;
      }
      ok = await must(
        item.kind === 'test'
          ? { type: 'test.passed', itemId: item.id, runId: `ci-${item.id}` }
          : { type: 'item.checked', itemId: item.id },
        item.kind === 'test' ? CI : ownerActor(owners),
      );
      if (E.isLeft(ok)) return ok;
    }
    const status = launch.checklist().phases.find((candidate) => candidate.id === phase.id);
    note({
      text: `phase ${status?.status === 'done' ? 'done' : (status?.status ?? '?')}: ${phase.title} (${open.length} items checked)`,
    });
  }
  const end = launch.checklist();
  note({
    text: `launch ${end.state}: ${end.progress.done}/${end.progress.total} items done, version ${end.version}`,
  });
  return E.right(moments);
}

/** The open items of a phase with the owners of their step, in plan order. */
function phaseWork(plan: Plan, phase: Phase): { item: Item; owners: string[] }[] {
  return itemGroups(plan)
    .filter((group) => group.phase === phase)
    .flatMap((group) =>
      group.items.filter((item) => !item.done).map((item) => ({ item, owners: group.step?.owners ?? [] })),
    );
}

async function rollBackAndResume(
  launch: Launch,
  plan: Plan,
  note: (moment: ScenarioMoment) => void,
): Promise<E.Either<string, void>> {
  const before = launch.checklist().current.join(', ');
  const steps = rollbackOf(plan).steps;
  const script: LaunchEvent[] = [
    rollbackRequested({ reason: 'error rate above threshold after deploy' }),
    ...steps.map((step) =>
      step.condition
        ? itemWaived({ itemId: step.id, reason: `not needed: it was fixed before "${step.condition}"` })
        : itemChecked({ itemId: step.id }),
    ),
    rollbackCompleted(),
    launchResumed({ reason: 'fix deployed' }),
  ];
  for (const event of script) {
    const sent = await launch.send(event, { actor: LEAD });
    if (E.isLeft(sent)) return E.left(`${event.type} refused: ${formatLaunchError(sent.left)}`);
    if (event.type === 'rollback.completed')
      note({
        text: `rolled back through ${steps.length} step(s): ${steps.map((step) => step.title).join(' → ')}`,
      });
  }
  const after = launch.checklist().current.join(', ');
  note({ text: `resumed where it stopped: ${after}${after === before ? '' : ` (was ${before})`}` });
  return after === before ? E.right(undefined) : E.left(`resume landed in ${after}, not ${before}`);
}
