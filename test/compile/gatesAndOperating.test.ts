import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../src/compile/config.ts';
import { createLaunchMachine } from '../../src/compile/machine.ts';
import { lintPlan } from '../../src/compile/lint.ts';
import { readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';
import {
  gateDecided,
  itemChecked,
  launchResumed,
  launchStarted,
  rollbackCompleted,
  rollbackRequested,
} from '../../src/events/factories.ts';
import { contextOf, finishPhase, happyPath, loadExamples, progressOf, run } from './drive.ts';

const examples = await loadExamples();
const mbayar = examples.find((example) => example.name === 'mbayar-go-live')!;

describe('gates with onNoGo: fix', () => {
  const plan = {
    ...mbayar.plan,
    gates: mbayar.plan.gates.map((gate) => ({ ...gate, onNoGo: 'fix' as const })),
  };
  const { config, layout } = compilePlan(plan);
  const machine = createLaunchMachine(config);
  const [phase, gate] = layout.running;

  it('should go back to the phase before the gate and wait for the reopened items', () => {
    const reopened = finishPhase(plan.phases[0]!)
      .map((event) => (event as { itemId: string }).itemId)
      .slice(0, 2);
    const actor = run(machine, [
      launchStarted(),
      ...finishPhase(plan.phases[0]!),
      gateDecided({ gateId: gate!.id, decision: 'no-go', reopen: reopened, by: 'cto' }),
    ]);
    const value = progressOf(actor) as { running: Record<string, Record<string, string>> };
    expect(Object.keys(value.running)).toEqual([phase!.key]);
    expect(Object.values(value.running[phase!.key]!)).toContain('open');
    for (const id of reopened)
      expect(
        contextOf(actor).groups[
          plan.phases[0]!.steps.find((step) => step.items.some((item) => item.id === id))!.id
        ]?.[id]?.status,
      ).toBe('open');
    for (const itemId of reopened) actor.send(itemChecked({ itemId }));
    expect(progressOf(actor)).toEqual({ running: { [gate!.key]: 'pending' } });
    actor.send(gateDecided({ gateId: gate!.id, decision: 'go' }));
    expect(Object.keys((progressOf(actor) as { running: object }).running)).toEqual([layout.running[2]!.key]);
  });

  it('should compile no held state, which no no-go could reach, so lint finds nothing unreachable', () => {
    const states = (
      config.states?.['progress'] as { states: { running: { states: Record<string, { states?: object }> } } }
    ).states.running.states;
    expect(Object.keys(states[gate!.key]?.states ?? {})).toEqual(['pending']);
    expect(lintPlan(plan, config).filter((finding) => finding.code === 'unreachable-state')).toEqual([]);
  });

  it('should read a no-go that sends the launch back to fixing from prose as well as from a code block', () => {
    const markdown = (body: string) =>
      `# Go live\n## Phase 1: Build\n- [ ] ship\n### Go/No-Go\n${body}\n## Phase 2: Launch\n- [ ] open DNS\n`;
    expect(
      readPlanMarkdown(markdown('En cas de No-Go : retour à la correction des anomalies.')).gates[0]?.onNoGo,
    ).toBe('fix');
    expect(readPlanMarkdown(markdown('```\nNo-Go : retour à la correction\n```')).gates[0]?.onNoGo).toBe(
      'fix',
    );
    expect(readPlanMarkdown(markdown('The launch waits for a later go.')).gates[0]?.onNoGo).toBe('hold');
  });

  it('should refuse a decision naming another gate', () => {
    const actor = run(machine, [launchStarted(), ...finishPhase(plan.phases[0]!)]);
    expect(actor.getSnapshot().can(gateDecided({ gateId: 'gate/elsewhere', decision: 'go' }))).toBe(false);
  });
});

describe('plans that end operating', () => {
  it('should roll back from operating and resume into operating', () => {
    const etika = examples.find((example) => example.name === 'etika-platform')!;
    const actor = run(etika.machine, happyPath(etika));
    expect(progressOf(actor)).toEqual({ running: 'operating' });
    actor.send(rollbackRequested({ reason: 'incident' }));
    actor.send(itemChecked({ itemId: 'rollback/restore-previous-version' }));
    actor.send(rollbackCompleted());
    actor.send(launchResumed());
    expect(progressOf(actor)).toEqual({ running: 'operating' });
    expect(contextOf(actor).rollback?.count).toBe(1);
  });
});
