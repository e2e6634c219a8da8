/**
 * Model-based test of the runtime (fast-check `fc.commands`): random interleavings of item
 * events, test results, alerts, gate decisions, rollbacks, resumes, deadlines, two writers on
 * one file-store stream and restarts (re-opening from the log), checked against a small model:
 * item statuses, open alerts, where the progress is, whether the gate passed, the log length.
 * Replay a failure with FC_SEED=<seed> FC_PATH=<path> (fast-check prints both).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { LaunchEvent } from '../../src/events/vocabulary.ts';
import { createLaunch, openLaunch, replayLaunch, type Launch } from '../../src/launch/index.ts';
import { createFileEventStore, type EventStore } from '../../src/store/index.ts';
import { loadExamples, type Example } from '../compile/drive.ts';
import { fcParams } from './seed.ts';

const lead = { id: 'lead', roles: ['admin'] };
const examples = await loadExamples();
const example = examples.find((candidate) => candidate.name === 'mbayar-go-live') as Example;
const gateId = example.plan.gates[0]?.id as string;
const planItems = Object.entries(example.config.context.plan.items)
  .filter(([, facts]) => facts.kind !== 'rollback')
  .map(([id]) => id);
const tests = Object.entries(example.config.context.plan.items)
  .filter(([, facts]) => facts.kind === 'test')
  .map(([id]) => id);
const rollbackSteps = Object.entries(example.config.context.plan.items)
  .filter(([, facts]) => facts.kind === 'rollback')
  .map(([id]) => id);

type Progress = 'ready' | 'running' | 'rolling-back' | 'rolled-back' | 'completed' | 'aborted';

interface Model {
  items: Map<string, string>;
  alerts: Set<string>;
  progress: Progress;
  gatePassed: boolean;
  log: number;
}

interface Real {
  store: EventStore;
  stream: string;
  writers: [Launch, Launch];
}

const CHECKLIST_STATUS: Record<string, string> = {
  done: 'done',
  open: 'pending',
  failed: 'failed',
  waived: 'waived',
};

function initialModel(): Model {
  const items = new Map<string, string>();
  for (const [group, states] of Object.entries(example.config.context.groups)) {
    if (group === example.config.context.plan.rollbackGroup) continue;
    for (const [id, state] of Object.entries(states)) items.set(id, CHECKLIST_STATUS[state.status] as string);
  }
  return { items, alerts: new Set(), progress: 'ready', gatePassed: false, log: 1 };
}

async function version(real: Real): Promise<number> {
  const v = await real.store.version(real.stream);
  if (E.isLeft(v)) throw new Error(JSON.stringify(v.left));
  return v.right;
}

/**
 * After every command: the log length is the model's, and a fresh replay of the log agrees with
 * the model. The writers are not refreshed here: the one that did not write stays behind, and
 * must catch up by itself when it writes next (a version conflict, then a retry).
 */
async function agree(model: Model, real: Real): Promise<void> {
  expect(await version(real)).toBe(model.log);
  const replayed = await replayLaunch(real.store, real.stream);
  if (E.isLeft(replayed)) throw new Error(JSON.stringify(replayed.left));
  const state = replayed.right;
  const checklist = state.checklist();
  expect(state.version).toBe(model.log);
  expect(checklist.health).toBe(model.alerts.size > 0 ? 'degraded' : 'healthy');
  if (model.progress !== 'running') expect(checklist.state).toBe(model.progress);
  else expect(['running', 'completed']).toContain(checklist.state);
  const items = new Map(
    checklist.phases
      .flatMap((phase) => [...phase.steps.flatMap((step) => step.items), ...phase.deliverables])
      .map((item) => [item.id, item.status]),
  );
  expect(items).toEqual(model.items);
  expect(checklist.gates.find((gate) => gate.id === gateId)?.status === 'go').toBe(model.gatePassed);
}

/** Sends through one writer; the log grows by one exactly when the event is accepted. */
async function sendVia(model: Model, real: Real, writer: 0 | 1, event: LaunchEvent): Promise<boolean> {
  const before = await version(real);
  // A writer behind the log catches up by itself when the event is refused (regressions.test.ts).
  const sent = await real.writers[writer].send(event);
  const after = await version(real);
  if (E.isLeft(sent)) {
    expect(sent.left._tag).toBe('NotAcceptedInState');
    expect(after).toBe(before);
    return false;
  }
  expect(after).toBe(before + 1);
  model.log = after;
  return true;
}

/** The launch ends (completed) when the last phase's items are done: read it back from the launch. */
async function settleProgress(model: Model, real: Real): Promise<void> {
  if (model.progress !== 'running') return;
  const replayed = await replayLaunch(real.store, real.stream);
  if (E.isRight(replayed) && replayed.right.checklist().state === 'completed') model.progress = 'completed';
}

const itemStatus: Record<string, string> = {
  'item.checked': 'done',
  'item.unchecked': 'pending',
  'item.waived': 'waived',
  'test.passed': 'done',
  'test.failed': 'failed',
};

class ItemCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly type: 'item.checked' | 'item.unchecked' | 'item.waived' | 'test.passed' | 'test.failed',
    readonly itemId: string,
    readonly writer: 0 | 1,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const accepted = await sendVia(model, real, this.writer, { type: this.type, itemId: this.itemId });
    if (accepted) model.items.set(this.itemId, itemStatus[this.type] as string);
    if (accepted) expect(['ready', 'running']).toContain(model.progress);
    await settleProgress(model, real);
    await agree(model, real);
  }
  toString = () => `${this.type}(${this.itemId})@${this.writer}`;
}

class AlertCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly fired: boolean,
    readonly alertId: string,
    readonly writer: 0 | 1,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const accepted = await sendVia(model, real, this.writer, {
      type: this.fired ? 'alert.fired' : 'alert.resolved',
      alertId: this.alertId,
    });
    expect(accepted).toBe(this.fired ? !model.alerts.has(this.alertId) : model.alerts.has(this.alertId));
    if (accepted && this.fired) model.alerts.add(this.alertId);
    if (accepted && !this.fired) model.alerts.delete(this.alertId);
    await agree(model, real);
  }
  toString = () => `${this.fired ? 'fire' : 'resolve'}(${this.alertId})@${this.writer}`;
}

class GateCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly decision: 'go' | 'no-go',
    readonly writer: 0 | 1,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const accepted = await sendVia(model, real, this.writer, {
      type: 'gate.decided',
      gateId,
      decision: this.decision,
    });
    if (accepted) expect(model.progress).toBe('running');
    // No gate passes while an alert is open.
    if (accepted && this.decision === 'go') {
      expect(model.alerts.size).toBe(0);
      model.gatePassed = true;
    }
    if (accepted && this.decision === 'no-go') model.gatePassed = false;
    await settleProgress(model, real);
    await agree(model, real);
  }
  toString = () => `gate ${this.decision}@${this.writer}`;
}

const PROGRESS_EVENTS: Record<string, { from: Progress[]; to: Progress }> = {
  'launch.started': { from: ['ready'], to: 'running' },
  'rollback.requested': { from: ['running'], to: 'rolling-back' },
  'launch.resumed': { from: ['rolled-back'], to: 'running' },
  'launch.aborted': { from: ['ready', 'running', 'rolling-back', 'rolled-back'], to: 'aborted' },
};

class ProgressCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly type:
      'launch.started' | 'rollback.requested' | 'rollback.completed' | 'launch.resumed' | 'launch.aborted',
    readonly writer: 0 | 1,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const rule = PROGRESS_EVENTS[this.type] as { from: Progress[]; to: Progress };
    const accepted = await sendVia(model, real, this.writer, { type: this.type });
    expect(accepted).toBe(rule.from.includes(model.progress));
    if (accepted) model.progress = rule.to;
    await agree(model, real);
  }
  toString = () => `${this.type}@${this.writer}`;
}

/** Checks every rollback step, then completes the rollback (accepted only while rolling back). */
class CompleteRollbackCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly writer: 0 | 1) {}
  check = () => true;
  async run(model: Model, real: Real) {
    for (const step of rollbackSteps)
      expect(await sendVia(model, real, this.writer, { type: 'item.checked', itemId: step })).toBe(
        model.progress === 'rolling-back',
      );
    const accepted = await sendVia(model, real, this.writer, { type: 'rollback.completed' });
    expect(accepted).toBe(model.progress === 'rolling-back');
    if (accepted) model.progress = 'rolled-back';
    await agree(model, real);
  }
  toString = () => `complete rollback@${this.writer}`;
}

/** The model's scheduler ticks in 2030, far ahead of the clock: the skew rule has its own tests (recordTime). */
const ANY_SKEW = Number.POSITIVE_INFINITY;

/** The deadline scheduler: appends one event per passed deadline, once. */
class DeadlineCommand implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real) {
    const ticked = await real.writers[0].tick(new Date('2030-01-01T00:00:00Z'));
    if (E.isLeft(ticked)) expect(ticked.left._tag).toBe('NotAcceptedInState');
    else model.log += ticked.right;
    await agree(model, real);
  }
  toString = () => 'tick';
}

/** A writer restarts: re-opened from the log. */
class RestartCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly writer: 0 | 1) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const opened = await openLaunch({
      store: real.store,
      stream: real.stream,
      actor: lead,
      snapshotEvery: 5,
      maxClockSkewMs: ANY_SKEW,
    });
    if (E.isLeft(opened)) throw new Error(JSON.stringify(opened.left));
    real.writers[this.writer] = opened.right;
    await agree(model, real);
  }
  toString = () => `restart@${this.writer}`;
}

const writer = fc.constantFrom<0 | 1>(0, 1);
const commands = [
  fc
    .tuple(
      fc.constantFrom('item.checked', 'item.checked', 'item.unchecked', 'item.waived'),
      fc.constantFrom(...planItems),
      writer,
    )
    .map(([type, id, w]) => new ItemCommand(type, id, w)),
  fc
    .tuple(fc.constantFrom('test.passed', 'test.failed'), fc.constantFrom(...tests), writer)
    .map(([type, id, w]) => new ItemCommand(type, id, w)),
  fc
    .tuple(fc.boolean(), fc.constantFrom('p99', 'errors'), writer)
    .map(([fired, id, w]) => new AlertCommand(fired, id, w)),
  fc
    .tuple(fc.constantFrom<'go' | 'no-go'>('go', 'go', 'no-go'), writer)
    .map(([decision, w]) => new GateCommand(decision, w)),
  fc
    .tuple(
      fc.constantFrom(
        'launch.started',
        'launch.started',
        'rollback.requested',
        'launch.resumed',
        'launch.aborted',
      ),
      writer,
    )
    .map(([type, w]) => new ProgressCommand(type, w)),
  writer.map((w) => new CompleteRollbackCommand(w)),
  fc.constant(new DeadlineCommand()),
  writer.map((w) => new RestartCommand(w)),
];

const dir = mkdtempSync(join(tmpdir(), 'launch-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let runs = 0;

describe('the runtime against a model', () => {
  it('should agree with the model under random commands, two writers and restarts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), async (cmds) => {
        const store = createFileEventStore(dir, { durable: false });
        const stream = `model-${(runs += 1)}`;
        const first = await createLaunch({
          store,
          stream,
          plan: example.plan,
          actor: lead,
          snapshotEvery: 5,
          maxClockSkewMs: ANY_SKEW,
        });
        if (E.isLeft(first)) throw new Error(JSON.stringify(first.left));
        const second = await openLaunch({
          store,
          stream,
          actor: lead,
          snapshotEvery: 5,
          maxClockSkewMs: ANY_SKEW,
        });
        if (E.isLeft(second)) throw new Error(JSON.stringify(second.left));
        try {
          await fc.asyncModelRun(
            () => ({ model: initialModel(), real: { store, stream, writers: [first.right, second.right] } }),
            cmds,
          );
        } finally {
          await store.close();
        }
      }),
      fcParams(30),
    );
  }, 120_000);
});
