/**
 * Plan → machine config (plain JSON, pure). The shape (see docs/statechart.md):
 *
 * - `progress`: ready → running (phases and gates in plan order, then `done` or, when the plan
 *   has continuous phases, `operating`) → completed; running ⇄ rollingBack → rolledBack →
 *   back into running through a deep history state; running → paused → back the same way; aborted.
 * - `health`: healthy ⇄ degraded on alert events.
 *
 * Each phase is a parallel state with one region per step (plus one for its deliverables); a
 * region is open → (blocked while a test fails) → done (final) as its items change in context.
 * Which events each state accepts, and what they do, is `handling.ts`'s table.
 */
import { gateTimeoutOf } from '../plan/gateTimeout.ts';
import type { Gate, Phase, Plan } from '../plan/model.ts';
import { deadlineIds, initialContext, itemGroups, rollbackOf, type ItemGroup } from './context.ts';
import type { LaunchMachineConfig, StateConfig } from './configTypes.ts';
import { gateHandlers, handlersOf } from './handling.ts';
import { createKeyAllocator, localId, stateKey } from './ids.ts';
import {
  completeLayout,
  type ChartLayout,
  type GroupRegion,
  type PlanLayout,
  type RunningEntry,
} from './layout.ts';

/** A compiled plan: the machine config (plain JSON) and where the plan's parts sit in it. */
export interface CompiledChart {
  config: LaunchMachineConfig;
  layout: ChartLayout;
}

/** The states of the progress region and the status each stands for. */
const PROGRESS_STATUS = {
  ready: 'ready',
  running: 'running',
  paused: 'paused',
  rollingBack: 'rolling-back',
  rolledBack: 'rolled-back',
  completed: 'completed',
  aborted: 'aborted',
} as const;

/** One item group's region: open → done when every item is done or waived; blocked while a test fails. */
function groupRegion(group: ItemGroup): StateConfig {
  const params = { group: group.id };
  const hasTests = group.items.some((item) => item.kind === 'test');
  const open: StateConfig = {
    always: hasTests
      ? [
          { target: 'blocked', guard: { type: 'groupFailed', params } },
          { target: 'done', guard: { type: 'groupDone', params } },
        ]
      : [{ target: 'done', guard: { type: 'groupDone', params } }],
  };
  const states: Record<string, StateConfig> = { open };
  if (hasTests)
    states['blocked'] = {
      description: 'A test of this step failed: it waits for a later pass.',
      always: [{ target: 'open', guard: { type: 'groupClear', params } }],
    };
  states['done'] = { type: 'final', entry: [{ type: 'closeGroup', params }] };
  const { step, phase } = group;
  const meta: StateConfig['meta'] = step
    ? { kind: 'step', id: step.id, line: step.pos.line, owners: step.owners }
    : { kind: 'deliverables', id: phase.id, line: phase.pos.line };
  return { description: step ? step.title : `Deliverables of ${phase.title}`, meta, initial: 'open', states };
}

/** A phase: one region per item group, in parallel; it records where each region sits. */
function phaseState(
  phase: Phase,
  key: string,
  groups: readonly ItemGroup[],
  next: string,
  regionsOut: GroupRegion[],
): StateConfig {
  const meta = {
    kind: 'phase' as const,
    id: phase.id,
    line: phase.pos.line,
    continuous: phase.kind === 'continuous',
  };
  const description =
    phase.kind === 'continuous'
      ? `${phase.title} (continuous: its setup items complete it; the launch ends in operating)`
      : phase.title;
  const allocate = createKeyAllocator(['deliverables']);
  const regions: Record<string, StateConfig> = {};
  for (const group of groups) {
    const regionKey = group.step ? allocate(localId(group.step.id, phase.id)) : 'deliverables';
    regions[regionKey] = groupRegion(group);
    regionsOut.push({
      group: group.id,
      kind: group.step ? 'step' : 'deliverables',
      phaseKey: key,
      path: ['progress', 'running', key, regionKey],
    });
  }
  if (Object.keys(regions).length === 0) return { description, meta, always: { target: next } };
  return { type: 'parallel', description, meta, states: regions, onDone: { target: next } };
}

function gateState(gate: Gate, next: string, previousPhase: string | null): StateConfig {
  const backToFix = gate.onNoGo === 'fix' && previousPhase !== null;
  const noGo = backToFix ? { target: previousPhase, reopen: true } : { target: '.held', reopen: false };
  const timeout = gateTimeoutOf(gate);
  const pending: StateConfig = {
    description: `Waiting for gate.decided: "go" passes when the criteria are done and no alert is open.${
      timeout ? ` After ${timeout.after} without a decision: ${timeout.outcome} (gate.timedOut).` : ''
    }`,
  };
  // Since when it waits is the record time of the event that brought the launch here.
  if (timeout) pending.entry = [{ type: 'startGateWait', params: { gate: gate.id } }];
  // A gate that sends a no-go back to the phase before it never holds: no `held` state to reach.
  const held = { description: 'No-go: the launch holds here until a later "go".' };
  return {
    description: gate.title,
    meta: { kind: 'gate', id: gate.id, line: gate.pos.line },
    initial: 'pending',
    states: backToFix ? { pending } : { pending, held },
    on: gateHandlers({ gate: gate.id, next, noGo, timeout }),
  };
}

/** The states of `running` and where the plan's parts sit among them. */
interface RunningStates {
  initial: string;
  states: Record<string, StateConfig>;
  running: RunningEntry[];
  groups: GroupRegion[];
}

/** The ordered states of `running`: each phase preceded by its gates, then gates before completion. */
function runningStates(plan: Plan, endKey: string): RunningStates {
  const allocate = createKeyAllocator(['hist', 'done', 'operating']);
  const groups = itemGroups(plan);
  const regions: GroupRegion[] = [];
  type Entry = RunningEntry & { build: (next: string, previousPhase: string | null) => StateConfig };
  const entries: Entry[] = [];
  const gateEntry = (gate: Gate): Entry => {
    const key = allocate(gate.id);
    return { key, kind: 'gate', id: gate.id, build: (next, previous) => gateState(gate, next, previous) };
  };
  const placed = new Set<string>();
  for (const phase of plan.phases) {
    for (const gate of plan.gates.filter((g) => g.beforePhase === phase.id)) {
      placed.add(gate.id);
      entries.push(gateEntry(gate));
    }
    const key = allocate(phase.id);
    const phaseGroups = groups.filter((group) => group.phase === phase);
    entries.push({
      key,
      kind: 'phase',
      id: phase.id,
      build: (next) => phaseState(phase, key, phaseGroups, next, regions),
    });
  }
  for (const gate of plan.gates.filter((g) => !placed.has(g.id))) entries.push(gateEntry(gate));
  const states: Record<string, StateConfig> = {};
  let previousPhase: string | null = null;
  entries.forEach((entry, index) => {
    states[entry.key] = entry.build(entries[index + 1]?.key ?? endKey, previousPhase);
    if (entry.kind === 'phase') previousPhase = entry.key;
  });
  return {
    initial: entries[0]?.key ?? endKey,
    states,
    running: entries.map(({ key, kind, id }) => ({ key, kind, id })),
    groups: regions,
  };
}

function rollingBackState(plan: Plan): { state: StateConfig; layout: ChartLayout['rollback'] } {
  const rollback = rollbackOf(plan);
  const allocate = createKeyAllocator(['done']);
  const keys = rollback.steps.map((step) => allocate(localId(step.id, rollback.id)));
  const states: Record<string, StateConfig> = {};
  rollback.steps.forEach((step, index) => {
    states[keys[index] as string] = {
      description: step.condition ? `${step.title} (if ${step.condition}; waive it otherwise)` : step.title,
      meta: { kind: 'rollback-step', id: step.id, line: step.pos.line },
      always: {
        target: keys[index + 1] ?? 'done',
        guard: { type: 'itemSettled', params: { item: step.id } },
      },
    };
  });
  states['done'] = { description: 'Every rollback step is done or waived: confirm with rollback.completed.' };
  const layout = {
    group: rollback.id,
    steps: rollback.steps.map((step, index) => ({ key: keys[index] as string, id: step.id })),
  };
  const state: StateConfig = {
    description:
      plan.rollback && plan.rollback.steps.length > 0
        ? plan.rollback.title
        : 'Generic rollback (the plan has no rollback protocol)',
    meta: { kind: 'rollback', id: rollback.id, line: plan.rollback?.pos.line ?? 0 },
    initial: keys[0] ?? 'done',
    on: handlersOf('rollingBack'),
    states,
  };
  return { state, layout };
}

function healthState(plan: Plan): StateConfig {
  const rules = plan.alerts.map((rule) => `${rule.metric} ${rule.comparison} ${rule.threshold}${rule.unit}`);
  return {
    description:
      rules.length > 0
        ? `Alert rules: ${rules.join('; ')}`
        : 'Alerts come from monitoring as alert.fired / alert.resolved.',
    meta: { kind: 'health' },
    initial: 'healthy',
    states: {
      healthy: { on: handlersOf('healthy') },
      degraded: {
        description: 'At least one alert is open: gates refuse "go".',
        on: handlersOf('degraded'),
      },
    },
  };
}

/**
 * Compiles a plan into an XState v5 machine config (plain JSON, no functions, loadable with
 * `createLaunchMachine` or `createMachine(config).provide(…)`) and its layout.
 *
 * @example
 * const { config, layout } = compilePlan(readPlanMarkdown(text, { id: 'go-live' }));
 * const actor = createActor(createLaunchMachine(config)).start();
 */
export function compilePlan(plan: Plan): CompiledChart {
  const continuous = plan.phases.some((phase) => phase.kind === 'continuous');
  const endKey = continuous ? 'operating' : 'done';
  const { initial, states, running: runningLayout, groups } = runningStates(plan, endKey);
  states[endKey] = continuous
    ? {
        description:
          'Every phase is set up; continuous phases go on: alerts, rollback and abort stay possible.',
        meta: { kind: 'end' },
      }
    : { type: 'final', meta: { kind: 'end' } };
  states['hist'] = { type: 'history', history: 'deep' };
  const running: StateConfig = {
    initial,
    // A plan without windows has no deadline: no transition would ever take one.
    on: handlersOf('running', deadlineIds(plan).length === 0 ? ['deadline.reached'] : []),
    states,
  };
  if (!continuous) running.onDone = { target: 'completed' };
  const rollingBack = rollingBackState(plan);
  const config: LaunchMachineConfig = {
    id: stateKey(plan.id),
    type: 'parallel',
    description: plan.title,
    meta: { kind: 'launch', id: plan.id, line: 1 },
    context: initialContext(plan),
    on: handlersOf('root'),
    states: {
      progress: {
        meta: { kind: 'progress' },
        initial: 'ready',
        states: {
          ready: { on: handlersOf('ready') },
          running,
          paused: {
            description:
              'Paused by a lead (launch.paused): items may be ticked, no phase advances and no deadline fires until launch.resumed.',
            on: handlersOf('paused'),
          },
          rollingBack: rollingBack.state,
          rolledBack: { on: handlersOf('rolledBack') },
          ...(continuous ? {} : { completed: { type: 'final' as const } }),
          aborted: { type: 'final' },
        },
      },
      health: healthState(plan),
    },
  };
  const gates = runningLayout
    .filter((entry) => entry.kind === 'gate')
    .map((entry) => {
      const gate = plan.gates.find((candidate) => candidate.id === entry.id);
      return {
        key: entry.key,
        id: entry.id,
        criteria: config.context.plan.gates[entry.id] ?? [],
        timeout: gate ? gateTimeoutOf(gate) : null,
      };
    });
  const layout: PlanLayout = {
    running: runningLayout,
    endKey,
    groups,
    gates,
    rollback: rollingBack.layout,
    progressStatus: PROGRESS_STATUS,
  };
  return { config, layout: completeLayout(config, layout) };
}
