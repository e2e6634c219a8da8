/**
 * `createLaunchTestModel` is a real `@xstate/graph` TestModel of a launch: the standard calls
 * work on charts whose items live in context, paths are real launch events the machine accepts,
 * and the transition paths cover every transition of the chart.
 */
import { TestModel } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import { createLaunchTestModel, listTransitions, measureCoverage } from '../../src/testing/index.ts';
import { EXAMPLE_IDS, readExample } from '../support/examples.ts';

describe('createLaunchTestModel', () => {
  it('should be an @xstate/graph TestModel whose shortest paths reach every state without a traversal limit', () => {
    const model = createLaunchTestModel(readExample('mbayar-go-live').plan);
    expect(model).toBeInstanceOf(TestModel);
    const paths = model.getShortestPaths();
    expect(paths.length).toBeGreaterThan(5);
    const ends = new Set(paths.map((path) => JSON.stringify(path.state.value)));
    expect([...ends].some((value) => value.includes('"completed"'))).toBe(true);
    expect([...ends].some((value) => value.includes('"rolledBack"'))).toBe(true);
    for (const path of paths) {
      expect(path.description).toMatch(/^\d+ move\(s\), \d+ event\(s\): .*; ends in progress/);
      expect(path.weight).toBe(path.steps.length);
    }
  });

  it.each(EXAMPLE_IDS)('should give transition paths that take every transition of %s', (id) => {
    const model = createLaunchTestModel(readExample(id).plan);
    const paths = model.getTransitionPaths();
    const report = measureCoverage(
      model.machine,
      listTransitions(model.config),
      paths.map((path, index) => ({
        id: `p${index}`,
        steps: path.steps.map((step) => ({ events: [step.event] })),
      })),
    );
    expect(report.refused).toEqual([]);
    expect(report.uncovered.map((transition) => transition.id)).toEqual([]);
    expect(report.transitionsCovered).toBe(report.transitionsTotal);
  });

  it('should call the event hooks in path order with the real events, and the state hooks where the model stands', async () => {
    const model = createLaunchTestModel(readExample('ifha-rating-system').plan);
    const [path] = model
      .getTransitionPaths()
      .filter((candidate) => candidate.steps.some((step) => step.event.type === 'gate.decided'));
    if (!path) throw new Error('a path through a gate');
    const seen: string[] = [];
    let degradedChecks = 0;
    await path.test({
      events: {
        'launch.started': ({ event }) => void seen.push(event.type),
        'item.checked': ({ event }) => void seen.push(`${event.type} ${event.itemId}`),
        'test.passed': ({ event }) => void seen.push(`${event.type} ${event.itemId}`),
        'gate.decided': ({ event, state }) =>
          void seen.push(`${event.type} ${event.decision} → ${JSON.stringify(state.value)}`),
      },
      states: { 'health.degraded': () => void (degradedChecks += 1) },
    });
    const expected = path.steps
      .filter((step) =>
        ['launch.started', 'item.checked', 'test.passed', 'gate.decided'].includes(step.event.type),
      )
      .map(({ event, state }) =>
        event.type === 'gate.decided'
          ? `${event.type} ${event.decision} → ${JSON.stringify(state.value)}`
          : 'itemId' in event
            ? `${event.type} ${event.itemId}`
            : event.type,
      );
    expect(seen).toEqual(expected);
    expect(degradedChecks).toBe(
      path.steps.filter((step) => step.state.matches({ health: 'degraded' })).length,
    );
  });

  it('should refuse getSimplePaths with a message that says what to use instead', () => {
    const model = createLaunchTestModel(readExample('mbayar-go-live').plan);
    expect(() => model.getSimplePaths()).toThrow(
      /use getShortestPaths\(\) \(every state\) or getTransitionPaths\(\)/,
    );
  });
});
