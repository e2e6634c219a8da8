import { describe, expect, it } from 'vitest';
import { splitImpossible } from '../../src/testing/impossible.ts';
import type { ChartTransition } from '../../src/testing/transitions.ts';

const transition = (source: string, trigger: string): ChartTransition => ({
  id: `${source}:${trigger}#0`,
  source,
  trigger,
  index: 0,
  target: null,
  guard: null,
  history: false,
});

const notTaken = [
  transition('progress.running', 'test.passed'),
  transition('progress.ready', 'test.failed'),
  transition('progress.running', 'item.checked'),
  transition('progress.rollingBack', 'item.waived'),
  transition('progress.running.deploy.open', 'always'),
  transition('progress.running', 'step.retried'),
  transition('progress.paused', 'step.retried'),
];

describe('splitImpossible', () => {
  it('should call test results impossible in a plan without test items, with the reason', () => {
    const { impossible, uncovered } = splitImpossible(notTaken, [{ kind: 'task' }, { kind: 'rollback' }]);
    expect(impossible.map((t) => t.id)).toEqual([
      'progress.running:test.passed#0',
      'progress.ready:test.failed#0',
      'progress.running:step.retried#0',
    ]);
    expect(impossible[0]?.reason).toContain('no test items');
    expect(uncovered.map((t) => t.id)).toEqual([
      'progress.running:item.checked#0',
      'progress.rollingBack:item.waived#0',
      'progress.running.deploy.open:always#0',
      'progress.paused:step.retried#0',
    ]);
  });

  it('should keep test results as merely uncovered when the plan has a test item', () => {
    const { impossible } = splitImpossible(notTaken, [{ kind: 'test' }, { kind: 'rollback' }]);
    expect(impossible).toEqual([]);
  });

  it('should call rollback ticks impossible without rollback steps, and phase ticks without work items', () => {
    const onlyRollback = splitImpossible(notTaken, [{ kind: 'rollback' }]);
    expect(onlyRollback.impossible.map((t) => t.id)).toContain('progress.running:item.checked#0');
    expect(onlyRollback.impossible.map((t) => t.id)).not.toContain('progress.rollingBack:item.waived#0');
    const noRollback = splitImpossible(notTaken, [{ kind: 'test' }]);
    expect(noRollback.impossible.map((t) => t.id)).toEqual(['progress.rollingBack:item.waived#0']);
    expect(noRollback.impossible[0]?.reason).toContain('no rollback steps');
  });

  it('should never call a transition impossible for an event that is not about items or tests', () => {
    const { impossible } = splitImpossible(notTaken, []);
    expect(impossible.map((t) => t.id)).not.toContain('progress.running.deploy.open:always#0');
  });
});
