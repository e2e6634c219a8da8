/**
 * Representative moves: what the path generator offers in a state. A state is identified
 * without its item context, so offering every item event in every state would both explode and
 * go nowhere (checking one item of a step of ten leaves the state as it was). Instead, each
 * state gets a handful of **moves**, each a short list of real launch events computed from the
 * snapshot (every event of a move is accepted where it is sent):
 *
 * - the first open step of the active phase: complete it (every open item checked, tests
 *   passed), a check/uncheck pair, a waiver, a failing test, and, once blocked, passing it again;
 * - a gate: "go" (its criteria settled first) when no alert is open, an approval, "no-go", and
 *   its timeout when it has one (`gateMoves.ts`);
 * - health: fire an alert (at most two open), resolve each open one;
 * - rollback requested / its current step checked, waived or unchecked / completed; resume; abort;
 * - in `ready`: start, item and test pairs that leave the items as they were, a plan revision, a
 *   comment on the first item (a comment is taken the same way in every state: once is enough);
 * - in `running`: a deadline of the plan, a pause, skipping the first open step (retrying it once blocked);
 * - in `paused`: resume, abort, and item, test and step work that leaves the items as they were.
 */
import type { CompiledChart } from '../compile/config.ts';
import { SETTLED, type LaunchContext } from '../compile/context.ts';
import { valueAt } from '../compile/layout.ts';
import * as make from '../events/factories.ts';
import type { LaunchEvent } from '../events/vocabulary.ts';
import { gateMoves, itemEvent, type MoveGate } from './gateMoves.ts';

/** One move of the traversal: a label and the launch events it sends, in order. */
export interface Move {
  /** Unique within a state, e.g. `complete deploy/db`. */
  label: string;
  events: LaunchEvent[];
}

/** What the move generator knows about a chart, built once per config. */
export interface MoveModel {
  /** Step and deliverables regions in document order: group id and state path. */
  regions: { group: string; path: readonly string[]; phaseKey: string }[];
  /** Gates by their state key under `running`. */
  gates: Map<string, MoveGate>;
  /** Rollback step ids by their state key under `rollingBack`. */
  rollbackSteps: Map<string, string>;
  /** Groups with tests whose items are all done or waived in the plan (see `readyMoves`). */
  settledTestGroups: string[];
  planHash: string;
}

/** Alert ids the generator uses: two, so that "resolve one of two" is reached. */
export const ALERT_IDS = ['alert-1', 'alert-2'] as const;

/**
 * Reads what the moves need from a compiled chart.
 *
 * @example
 * const model = createMoveModel(compilePlan(plan));
 */
export function createMoveModel({ config, layout }: CompiledChart): MoveModel {
  const gates = new Map(
    layout.gates.map((gate) => [gate.key, { id: gate.id, criteria: gate.criteria, timeout: gate.timeout }]),
  );
  const rollbackSteps = new Map(layout.rollback.steps.map((step) => [step.key, step.id]));
  const regions = layout.groups.map((region) => ({
    group: region.group,
    path: region.path,
    phaseKey: region.phaseKey,
  }));
  const { groups } = config.context;
  const settledTestGroups = regions
    .map((region) => region.group)
    .filter((group) => {
      const entries = Object.entries(groups[group] ?? {});
      return (
        entries.length > 0 &&
        entries.every(([, state]) => SETTLED.has(state.status)) &&
        entries.some(([id]) => config.context.plan.items[id]?.kind === 'test')
      );
    });
  return { regions, gates, rollbackSteps, settledTestGroups, planHash: config.context.plan.hash };
}

function groupEntries(context: LaunchContext, group: string): [string, string][] {
  return Object.entries(context.groups[group] ?? {}).map(([id, state]) => [id, state.status]);
}

function stepMoves(context: LaunchContext, group: string, regionState: string): Move[] {
  const entries = groupEntries(context, group);
  const open = entries.filter(([, status]) => !SETTLED.has(status)).map(([id]) => id);
  const moves: Move[] = [];
  const failed = entries.filter(([, status]) => status === 'failed').map(([id]) => id);
  if (regionState === 'blocked') {
    moves.push({
      label: `pass failed tests of ${group}`,
      events: failed.map((id) => make.testPassed({ itemId: id, runId: 'testgen' })),
    });
  }
  if (open.length > 0)
    moves.push({ label: `complete ${group}`, events: open.map((id) => itemEvent(context, id)) });
  const first = open.find((id) => context.groups[group]?.[id]?.status === 'open');
  // Checking the last open item closes the step, after which unchecking it is refused.
  if (first !== undefined && open.length > 1)
    moves.push({
      label: `check and uncheck ${first}`,
      events: [make.itemChecked({ itemId: first }), make.itemUnchecked({ itemId: first })],
    });
  if (first !== undefined)
    moves.push({ label: `waive ${first}`, events: [make.itemWaived({ itemId: first, reason: 'testgen' })] });
  const test = entries.find(([id, status]) => context.plan.items[id]?.kind === 'test' && status !== 'failed');
  if (regionState === 'open' && test)
    moves.push({
      label: `fail ${test[0]}`,
      events: [make.testFailed({ itemId: test[0], runId: 'testgen', message: 'testgen' })],
    });
  return moves;
}

function healthMoves(context: LaunchContext): Move[] {
  const open = Object.keys(context.alerts);
  const moves: Move[] = [];
  const next = ALERT_IDS.find((id) => !open.includes(id));
  if (next && open.length < ALERT_IDS.length)
    moves.push({
      label: `fire ${next}`,
      events: [make.alertFired({ alertId: next, metric: 'errors', value: 1 })],
    });
  for (const id of open)
    moves.push({ label: `resolve ${id}`, events: [make.alertResolved({ alertId: id })] });
  return moves;
}

function readyMoves(model: MoveModel, context: LaunchContext): Move[] {
  const moves: Move[] = [{ label: 'start', events: [make.launchStarted()] }];
  const items = Object.entries(context.plan.items).filter(([, facts]) => facts.kind !== 'rollback');
  const statusOf = (id: string, group: string) => context.groups[group]?.[id]?.status;
  const open = items.filter(([id, facts]) => statusOf(id, facts.group) === 'open');
  const item = open.find(([, facts]) => facts.kind !== 'test') ?? open[0];
  if (item) {
    moves.push({
      label: `check and uncheck ${item[0]} before the start`,
      events: [make.itemChecked({ itemId: item[0] }), make.itemUnchecked({ itemId: item[0] })],
    });
    moves.push({
      label: `waive and uncheck ${item[0]} before the start`,
      events: [make.itemWaived({ itemId: item[0] }), make.itemUnchecked({ itemId: item[0] })],
    });
  }
  const test = items.find(([, facts]) => facts.kind === 'test');
  if (test) {
    const restore =
      statusOf(test[0], test[1].group) === 'open' ? [make.itemUnchecked({ itemId: test[0] })] : [];
    moves.push({
      label: `fail and pass ${test[0]} before the start`,
      events: [
        make.testFailed({ itemId: test[0], runId: 'testgen' }),
        make.testPassed({ itemId: test[0], runId: 'testgen' }),
        ...restore,
      ],
    });
  }
  // A step whose items are all done in the plan is done as soon as its phase starts: its
  // "blocked" state is only reachable with a test failed before the start.
  const failing = Object.values(context.groups).some((items) =>
    Object.values(items).some((state) => state.status === 'failed'),
  );
  for (const group of failing ? [] : model.settledTestGroups) {
    const failing = Object.keys(context.groups[group] ?? {}).find(
      (id) => context.plan.items[id]?.kind === 'test' && context.groups[group]?.[id]?.status !== 'failed',
    );
    if (failing)
      moves.push({
        label: `fail ${failing} before the start`,
        events: [make.testFailed({ itemId: failing, runId: 'testgen', message: 'testgen' })],
      });
  }
  const [commented] = Object.keys(context.plan.items);
  if (commented !== undefined)
    moves.push({
      label: `comment on ${commented}`,
      events: [make.itemCommented({ itemId: commented, text: 'testgen' })],
    });
  moves.push({
    label: 'revise the plan (same version)',
    events: [make.planRevised({ fromHash: model.planHash, toHash: model.planHash, reason: 'testgen' })],
  });
  moves.push({ label: 'abort', events: [make.launchAborted({ reason: 'testgen' })] });
  return moves;
}

function runningMoves(
  model: MoveModel,
  context: LaunchContext,
  value: unknown,
  running: Record<string, unknown>,
): Move[] {
  const moves: Move[] = [];
  const [entryKey] = Object.keys(running);
  if (entryKey === undefined) return moves;
  const gate = model.gates.get(entryKey);
  if (gate) moves.push(...gateMoves(gate, context));
  const region = model.regions.find(
    (candidate) =>
      candidate.phaseKey === entryKey &&
      typeof valueAt(value, candidate.path) === 'string' &&
      valueAt(value, candidate.path) !== 'done',
  );
  if (region) {
    const regionState = valueAt(value, region.path) as string;
    moves.push(...stepMoves(context, region.group, regionState));
    moves.push({
      label: `skip ${region.group}`,
      events: [make.stepSkipped({ stepId: region.group, reason: 'testgen' })],
    });
    if (regionState === 'blocked')
      moves.push({
        label: `retry ${region.group}`,
        events: [make.stepRetried({ stepId: region.group, reason: 'testgen' })],
      });
  }
  if (!moves.some((move) => move.label.startsWith('fail '))) {
    // A test of a later phase can fail (and pass again) before its phase starts.
    const later = model.regions.find(
      (candidate) =>
        candidate.phaseKey !== entryKey &&
        !context.closed[candidate.group] &&
        Object.keys(context.groups[candidate.group] ?? {}).some(
          (id) => context.plan.items[id]?.kind === 'test',
        ),
    );
    const test = later
      ? Object.keys(context.groups[later.group] ?? {}).find((id) => context.plan.items[id]?.kind === 'test')
      : undefined;
    if (test)
      moves.push({
        label: `fail and pass ${test} early`,
        events: [
          make.testFailed({ itemId: test, runId: 'testgen' }),
          make.testPassed({ itemId: test, runId: 'testgen' }),
        ],
      });
  }
  const [deadline] = context.plan.deadlines;
  if (deadline !== undefined)
    moves.push({
      label: `deadline ${deadline}`,
      events: [make.deadlineReached({ deadlineId: deadline, window: 'testgen' })],
    });
  moves.push({ label: 'pause', events: [make.launchPaused({ reason: 'testgen' })] });
  moves.push({ label: 'request a rollback', events: [make.rollbackRequested({ reason: 'testgen' })] });
  moves.push({ label: 'abort', events: [make.launchAborted({ reason: 'testgen' })] });
  return moves;
}

/**
 * While paused: resume, abort, and work that leaves the items as they were (so the paused
 * state is explored once): an item checked, unchecked, waived and unchecked again; a test failed,
 * retried, passed and unchecked; a step skipped and retried.
 */
function pausedMoves(model: MoveModel, context: LaunchContext): Move[] {
  const moves: Move[] = [
    { label: 'resume', events: [make.launchResumed({ reason: 'testgen' })] },
    { label: 'abort', events: [make.launchAborted({ reason: 'testgen' })] },
  ];
  // An item of a step not done yet, open or done: changed and changed back.
  const item = Object.entries(context.plan.items).find(
    ([id, facts]) =>
      facts.kind !== 'rollback' &&
      !context.closed[facts.group] &&
      ['open', 'done'].includes(context.groups[facts.group]?.[id]?.status ?? ''),
  );
  if (item) {
    const itemId = item[0];
    const [away, back] =
      context.groups[item[1].group]?.[itemId]?.status === 'open'
        ? [make.itemChecked({ itemId }), make.itemUnchecked({ itemId })]
        : [make.itemUnchecked({ itemId }), make.itemChecked({ itemId })];
    moves.push({
      label: `change ${itemId} and back while paused`,
      events: [away, back, make.itemWaived({ itemId, reason: 'testgen' }), back],
    });
  }
  // A test open or passed (plans tick some tests as done) in a step not done yet.
  const test = Object.entries(context.plan.items).find(
    ([id, facts]) =>
      facts.kind === 'test' &&
      !context.closed[facts.group] &&
      ['open', 'done'].includes(context.groups[facts.group]?.[id]?.status ?? ''),
  );
  if (test) {
    const wasOpen = context.groups[test[1].group]?.[test[0]]?.status === 'open';
    moves.push({
      label: `fail, retry and pass ${test[0]} while paused`,
      events: [
        make.testFailed({ itemId: test[0], runId: 'testgen' }),
        make.stepRetried({ stepId: test[1].group, reason: 'testgen' }),
        make.testPassed({ itemId: test[0], runId: 'testgen' }),
        ...(wasOpen ? [make.itemUnchecked({ itemId: test[0] })] : []),
      ],
    });
  }
  // A step with an open item: skipped, then retried, its open items are open again.
  const step = model.regions.find(
    (region) =>
      !context.closed[region.group] &&
      Object.values(context.groups[region.group] ?? {}).some((state) => state.status === 'open'),
  );
  if (step)
    moves.push({
      label: `skip and retry ${step.group} while paused`,
      events: [
        make.stepSkipped({ stepId: step.group, reason: 'testgen' }),
        make.stepRetried({ stepId: step.group, reason: 'testgen' }),
      ],
    });
  return moves;
}

function rollingBackMoves(model: MoveModel, substate: string): Move[] {
  const step = model.rollbackSteps.get(substate);
  const moves: Move[] = [];
  if (step) {
    moves.push({ label: `check rollback step ${step}`, events: [make.itemChecked({ itemId: step })] });
    moves.push({
      label: `waive rollback step ${step}`,
      events: [make.itemWaived({ itemId: step, reason: 'testgen' })],
    });
    moves.push({ label: `uncheck rollback step ${step}`, events: [make.itemUnchecked({ itemId: step })] });
  } else moves.push({ label: 'complete the rollback', events: [make.rollbackCompleted()] });
  moves.push({ label: 'abort', events: [make.launchAborted({ reason: 'testgen' })] });
  return moves;
}

/**
 * A test failed before the start in a step whose phase is not active yet: the traversal is on
 * its way to that phase (to reach the step's blocked state) and only moves forward; everything
 * else was explored without the failure.
 */
function onDetour(model: MoveModel, context: LaunchContext, value: unknown): boolean {
  for (const group of model.settledTestGroups) {
    const items = context.groups[group] ?? {};
    if (!Object.values(items).some((state) => state.status === 'failed')) continue;
    const region = model.regions.find((candidate) => candidate.group === group);
    if (!region || valueAt(value, region.path) === undefined) return true;
  }
  return false;
}

/** On a detour: start, complete the current step, pass a gate; nothing else. */
const FORWARD = (move: Move): boolean =>
  move.label === 'start' || move.label.startsWith('complete ') || move.label.startsWith('go at ');

/**
 * Where alerts are offered: before the start, at gates (an open alert refuses "go"), after a
 * rollback and at the end. Alerts change no progress state, so offering them everywhere would
 * only triple the states explored.
 */
function healthMatters(model: MoveModel, progress: unknown): boolean {
  if (typeof progress === 'string') return true;
  const running =
    typeof progress === 'object' && progress !== null
      ? (progress as Record<string, unknown>)['running']
      : undefined;
  if (typeof running === 'string') return running === 'operating';
  if (typeof running !== 'object' || running === null) return false;
  const [entry] = Object.keys(running);
  return entry !== undefined && model.gates.has(entry);
}

/**
 * The moves offered in a snapshot (its `value` and `context`).
 *
 * @example
 * representativeMoves(model, actor.getSnapshot()).map((move) => move.label)
 * // ['start', 'check and uncheck … before the start', …, 'fire alert-1']
 */
export function representativeMoves(
  model: MoveModel,
  snapshot: { value: unknown; context: LaunchContext },
): Move[] {
  const { context, value } = snapshot;
  const progress = (value as { progress?: unknown }).progress;
  const moves: Move[] = [];
  if (progress === 'ready') moves.push(...readyMoves(model, context));
  else if (progress === 'paused') moves.push(...pausedMoves(model, context));
  else if (progress === 'rolledBack')
    moves.push(
      { label: 'resume', events: [make.launchResumed({ reason: 'testgen' })] },
      { label: 'abort', events: [make.launchAborted({ reason: 'testgen' })] },
    );
  else if (typeof progress === 'object' && progress !== null) {
    const record = progress as Record<string, unknown>;
    if (typeof record['running'] === 'object' && record['running'] !== null)
      moves.push(...runningMoves(model, context, value, record['running'] as Record<string, unknown>));
    else if (typeof record['running'] === 'string')
      moves.push(...runningMoves(model, context, value, { [record['running']]: undefined }));
    else if (typeof record['rollingBack'] === 'string')
      moves.push(...rollingBackMoves(model, record['rollingBack']));
  }
  const health = healthMatters(model, progress) ? healthMoves(context) : [];
  const detour = onDetour(model, context, value);
  // With an alert open, only health moves and no-go: the rest was explored without the alert.
  const alerting = Object.keys(context.alerts).length > 0;
  return [
    ...moves.filter((move) => (!detour || FORWARD(move)) && (!alerting || move.label.startsWith('no-go'))),
    ...health,
  ].filter((move) => move.events.length > 0);
}
