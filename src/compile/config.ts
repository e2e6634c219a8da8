/**
 * Plan → machine config (plain JSON, pure). The shape (see docs/statechart.md):
 *
 * - `progress`: ready → running (phases and gates in plan order, then `done` or, when the plan
 *   has continuous phases, `operating`) → completed; running ⇄ rollingBack → rolledBack →
 *   back into running through a deep history state; aborted.
 * - `health`: healthy ⇄ degraded on alert events.
 *
 * Each phase is a parallel state with one region per step (plus one for its deliverables); a
 * region is open → (blocked while a test fails) → done (final) as its items change in context.
 */
import type { Gate, Phase, Plan, Step } from '../plan/model.ts';
import { flattenItems } from '../plan/query.ts';
import { DELIVERABLES, initialContext, rollbackOf } from './context.ts';
import type { LaunchMachineConfig, NamedRef, StateConfig, TransitionConfig } from './configTypes.ts';
import { createKeyAllocator, localId, stateKey } from './ids.ts';

const ref = (type: string, params?: Record<string, string>): NamedRef => (params ? { type, params } : { type });

/** Item event handlers of the plan's items (ready and running accept them). */
function itemHandlers(): Record<string, TransitionConfig> {
  const handler = (guard: string, status: string): TransitionConfig => ({ guard: ref(guard, { status }), actions: [ref('recordItem', { status })] });
  return {
    'item.checked': handler('itemChangeable', 'done'),
    'item.unchecked': handler('itemChangeable', 'open'),
    'item.waived': handler('itemChangeable', 'waived'),
    'test.passed': handler('testChangeable', 'done'),
    'test.failed': handler('testChangeable', 'failed'),
  };
}

const abort = (): TransitionConfig => ({ target: 'aborted', actions: [ref('recordAbort')] });

/** One step region: open → done when every item is done or waived; blocked while a test fails. */
function groupRegion(group: string, title: string, meta: StateConfig['meta'], hasTests: boolean): StateConfig {
  const params = { group };
  const open: StateConfig = { always: hasTests ? [{ target: 'blocked', guard: ref('groupFailed', params) }, { target: 'done', guard: ref('groupDone', params) }] : [{ target: 'done', guard: ref('groupDone', params) }] };
  const states: Record<string, StateConfig> = { open };
  if (hasTests) states['blocked'] = { description: 'A test of this step failed: it waits for a later pass.', always: [{ target: 'open', guard: ref('groupClear', params) }] };
  states['done'] = { type: 'final', entry: [ref('closeGroup', params)] };
  return { description: title, meta, initial: 'open', states };
}

function stepRegion(step: Step): StateConfig {
  const hasTests = flattenItems(step.items).some((item) => item.kind === 'test');
  return groupRegion(step.id, step.title, { kind: 'step', id: step.id, line: step.pos.line, owners: step.owners }, hasTests);
}

function phaseState(phase: Phase, next: string): StateConfig {
  const meta = { kind: 'phase' as const, id: phase.id, line: phase.pos.line, continuous: phase.kind === 'continuous' };
  const description = phase.kind === 'continuous' ? `${phase.title} (continuous: its setup items complete it; the launch ends in operating)` : phase.title;
  const allocate = createKeyAllocator(['deliverables']);
  const regions: Record<string, StateConfig> = {};
  for (const step of phase.steps) regions[allocate(localId(step.id, phase.id))] = stepRegion(step);
  if (phase.deliverables.length > 0) {
    const hasTests = flattenItems(phase.deliverables).some((item) => item.kind === 'test');
    regions['deliverables'] = groupRegion(`${phase.id}${DELIVERABLES}`, `Deliverables of ${phase.title}`, { kind: 'deliverables', id: phase.id, line: phase.pos.line }, hasTests);
  }
  if (Object.keys(regions).length === 0) return { description, meta, always: { target: next } };
  return { type: 'parallel', description, meta, states: regions, onDone: { target: next } };
}

function gateState(gate: Gate, next: string, previousPhase: string | null): StateConfig {
  const params = { gate: gate.id };
  const record = ref('recordDecision', params);
  const backToFix = gate.onNoGo === 'fix' && previousPhase !== null;
  const noGoTarget = backToFix ? previousPhase : '.held';
  const noGoActions = backToFix ? [record, ref('reopenItems', params)] : [record];
  const pending = { description: 'Waiting for gate.decided: "go" passes when the criteria are done and no alert is open.' };
  // A gate that sends a no-go back to the phase before it never holds: no `held` state to reach.
  const held = { description: 'No-go: the launch holds here until a later "go".' };
  return {
    description: gate.title,
    meta: { kind: 'gate', id: gate.id, line: gate.pos.line },
    initial: 'pending',
    states: backToFix ? { pending } : { pending, held },
    on: {
      'gate.decided': [
        { target: next, guard: ref('goAllowed', params), actions: [record] },
        { target: noGoTarget, guard: ref('noGoDecided', params), actions: noGoActions },
      ],
    },
  };
}

/** The ordered states of `running`: each phase preceded by its gates, then gates before completion. */
function runningStates(plan: Plan, endKey: string): { initial: string; states: Record<string, StateConfig> } {
  const allocate = createKeyAllocator(['hist', 'done', 'operating']);
  type Entry = { key: string; build: (next: string, previousPhase: string | null) => StateConfig; phase: boolean };
  const entries: Entry[] = [];
  const placed = new Set<string>();
  for (const phase of plan.phases) {
    for (const gate of plan.gates.filter((g) => g.beforePhase === phase.id)) {
      placed.add(gate.id);
      entries.push({ key: allocate(gate.id), build: (next, previous) => gateState(gate, next, previous), phase: false });
    }
    entries.push({ key: allocate(phase.id), build: (next) => phaseState(phase, next), phase: true });
  }
  for (const gate of plan.gates.filter((g) => !placed.has(g.id))) {
    entries.push({ key: allocate(gate.id), build: (next, previous) => gateState(gate, next, previous), phase: false });
  }
  const states: Record<string, StateConfig> = {};
  let previousPhase: string | null = null;
  entries.forEach((entry, index) => {
    states[entry.key] = entry.build(entries[index + 1]?.key ?? endKey, previousPhase);
    if (entry.phase) previousPhase = entry.key;
  });
  return { initial: entries[0]?.key ?? endKey, states };
}

function rollingBackState(plan: Plan): StateConfig {
  const rollback = rollbackOf(plan);
  const allocate = createKeyAllocator(['done']);
  const keys = rollback.steps.map((step) => allocate(localId(step.id, rollback.id)));
  const states: Record<string, StateConfig> = {};
  rollback.steps.forEach((step, index) => {
    states[keys[index] as string] = {
      description: step.condition ? `${step.title} (if ${step.condition}; waive it otherwise)` : step.title,
      meta: { kind: 'rollback-step', id: step.id, line: step.pos.line },
      always: { target: keys[index + 1] ?? 'done', guard: ref('itemSettled', { item: step.id }) },
    };
  });
  states['done'] = { description: 'Every rollback step is done or waived: confirm with rollback.completed.' };
  const rollbackItem = ref('isRollbackStep');
  return {
    description: plan.rollback && plan.rollback.steps.length > 0 ? plan.rollback.title : 'Generic rollback (the plan has no rollback protocol)',
    meta: { kind: 'rollback', id: rollback.id, line: plan.rollback?.pos.line ?? 0 },
    initial: keys[0] ?? 'done',
    on: {
      'item.checked': { guard: rollbackItem, actions: [ref('recordItem', { status: 'done' })] },
      'item.unchecked': { guard: rollbackItem, actions: [ref('recordItem', { status: 'open' })] },
      'item.waived': { guard: rollbackItem, actions: [ref('recordItem', { status: 'waived' })] },
      'rollback.completed': { target: 'rolledBack', guard: ref('rollbackDone'), actions: [ref('recordRollbackCompleted')] },
      'launch.aborted': abort(),
    },
    states,
  };
}

function healthState(plan: Plan): StateConfig {
  const rules = plan.alerts.map((rule) => `${rule.metric} ${rule.comparison} ${rule.threshold}${rule.unit}`);
  return {
    description: rules.length > 0 ? `Alert rules: ${rules.join('; ')}` : 'Alerts come from monitoring as alert.fired / alert.resolved.',
    meta: { kind: 'health' },
    initial: 'healthy',
    states: {
      healthy: { on: { 'alert.fired': { target: 'degraded', actions: [ref('openAlert')] } } },
      degraded: {
        description: 'At least one alert is open: gates refuse "go".',
        on: {
          'alert.fired': { guard: ref('alertNotOpen'), actions: [ref('openAlert')] },
          'alert.resolved': [
            { target: 'healthy', guard: ref('lastAlertOpen'), actions: [ref('closeAlert')] },
            { guard: ref('alertOpen'), actions: [ref('closeAlert')] },
          ],
        },
      },
    },
  };
}

/**
 * Compiles a plan into an XState v5 machine config: plain JSON, no functions, loadable with
 * `createLaunchMachine` (or `createMachine(config).provide(launchImplementations)`).
 *
 * @example
 * const config = compilePlan(readPlanMarkdown(text, { id: 'go-live' }));
 * const actor = createActor(createLaunchMachine(config)).start();
 */
export function compilePlan(plan: Plan): LaunchMachineConfig {
  const continuous = plan.phases.some((phase) => phase.kind === 'continuous');
  const endKey = continuous ? 'operating' : 'done';
  const { initial, states } = runningStates(plan, endKey);
  states[endKey] = continuous
    ? { description: 'Every phase is set up; continuous phases go on: alerts, rollback and abort stay possible.', meta: { kind: 'end' } }
    : { type: 'final', meta: { kind: 'end' } };
  states['hist'] = { type: 'history', history: 'deep' };
  const running: StateConfig = {
    initial,
    on: {
      ...itemHandlers(),
      'deadline.reached': { actions: [ref('recordDeadline')] },
      'rollback.requested': { target: 'rollingBack', actions: [ref('startRollback')] },
      'launch.aborted': abort(),
    },
    states,
  };
  if (!continuous) running.onDone = { target: 'completed' };
  return {
    id: stateKey(plan.id),
    type: 'parallel',
    description: plan.title,
    meta: { kind: 'launch', id: plan.id, line: 1 },
    context: initialContext(plan),
    on: { 'plan.revised': { actions: [ref('recordRevision')] } },
    states: {
      progress: {
        meta: { kind: 'progress' },
        initial: 'ready',
        states: {
          ready: { on: { 'launch.started': { target: 'running', actions: [ref('recordStart')] }, ...itemHandlers(), 'launch.aborted': abort() } },
          running,
          rollingBack: rollingBackState(plan),
          rolledBack: { on: { 'launch.resumed': { target: 'running.hist', actions: [ref('recordResume')] }, 'launch.aborted': abort() } },
          ...(continuous ? {} : { completed: { type: 'final' as const } }),
          aborted: { type: 'final' },
        },
      },
      health: healthState(plan),
    },
  };
}
