import { describe, expect, it } from 'vitest';
import { phaseItems } from '../../src/plan/query.ts';
import { contextOf, happyPath, loadExamples, progressOf, run } from './drive.ts';

const examples = await loadExamples();

describe('compiled example plans: full happy path', () => {
  it('should load the five examples', () => {
    expect(examples.map((example) => example.name)).toEqual([
      'etika-platform',
      'ifha-rating-system',
      'lootopia-launch',
      'mbayar-go-live',
      'techplus-v1',
    ]);
  });

  it.each(examples.map((example) => [example.name, example] as const))(
    'should drive %s from ready to its end with every item done',
    (_name, example) => {
      const actor = run(example.machine, happyPath(example));
      const continuous = example.plan.phases.some((phase) => phase.kind === 'continuous');
      expect(progressOf(actor)).toEqual(continuous ? { running: 'operating' } : 'completed');
      const context = contextOf(actor);
      const statuses = Object.entries(context.groups)
        .filter(([group]) => group !== context.plan.rollbackGroup)
        .flatMap(([, items]) => Object.values(items).map((item) => item.status));
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(['done']));
      for (const gate of example.plan.gates) expect(context.decisions[gate.id]?.decision).toBe('go');
      expect(context.started).toEqual({ at: '2025-03-01T08:00:00Z', by: 'lead' });
    },
  );

  it('should end the IFHA plan (continuous phases in the middle) in operating, every phase passed', () => {
    const ifha = examples.find((example) => example.name === 'ifha-rating-system');
    expect(ifha?.plan.phases.map((phase) => phase.kind)).toContain('continuous');
    const actor = run(ifha!.machine, happyPath(ifha!));
    expect(progressOf(actor)).toEqual({ running: 'operating' });
    expect(Object.keys(contextOf(actor).closed).length).toBe(
      ifha!.plan.phases.reduce((n, phase) => n + phase.steps.length, 0),
    );
  });

  it('should not complete a plan while one item is still open', () => {
    for (const example of examples) {
      const lastOpen = example.plan.phases
        .flatMap(phaseItems)
        .filter((item) => !item.done)
        .at(-1);
      expect(lastOpen).toBeDefined();
      const events = happyPath(example).filter(
        (event) => !('itemId' in event && event.itemId === lastOpen?.id),
      );
      const actor = run(example.machine, events, { strict: false });
      expect(progressOf(actor)).not.toBe('completed');
      expect(progressOf(actor)).not.toEqual({ running: 'operating' });
    }
  });
});
