import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createActor, createMachine, type AnyStateMachine } from 'xstate';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { printLiteral } from '../../src/compile/codegen/typescript.ts';
import { createLaunchMachine, provideLaunchImplementations } from '../../src/compile/machine.ts';
import {
  alertFired,
  alertResolved,
  gateDecided,
  itemChecked,
  itemUnchecked,
  launchAborted,
  launchResumed,
  launchStarted,
  rollbackCompleted,
  rollbackRequested,
  testFailed,
} from '../../src/events/factories.ts';
import type { LaunchEvent } from '../../src/events/vocabulary.ts';
import { flattenItems } from '../../src/plan/query.ts';
import { parseJsonAs } from '../support/json.ts';
import type { LaunchMachineConfig } from '../../src/compile/configTypes.ts';
import {
  compileExample,
  DIAGRAM_DOC,
  docWithDiagram,
  examplePlanPaths,
  MACHINES_DIR,
} from '../../scripts/machinesSource.ts';
import { finishPhase, happyPath, loadExamples, type Example } from './drive.ts';

const examples = await loadExamples();

/** A sequence mixing accepted and refused events: alerts, a failing test, a rollback, a resume, an abort. */
function mixedSequence(example: Example): LaunchEvent[] {
  const first = example.plan.phases[0]!;
  const items = flattenItems(first.steps.flatMap((step) => step.items));
  const test = example.plan.phases
    .flatMap((phase) => phase.steps.flatMap((step) => flattenItems(step.items)))
    .find((item) => item.kind === 'test');
  const rollbackIds = Object.keys(
    example.config.context.groups[example.config.context.plan.rollbackGroup] ?? {},
  );
  return [
    itemChecked({ itemId: items[0]!.id, by: 'early' }),
    launchStarted({ at: '2025-03-01T08:00:00Z' }),
    ...finishPhase(first).slice(0, 5),
    alertFired({ alertId: 'cpu', value: 97 }),
    gateDecided({ gateId: example.plan.gates[0]!.id, decision: 'go' }),
    ...(test ? [testFailed({ itemId: test.id, runId: 'r1' })] : []),
    itemChecked({ itemId: 'no/such/item' }),
    rollbackRequested({ reason: 'cpu' }),
    itemChecked({ itemId: items[1]!.id }),
    ...rollbackIds.map((itemId) => itemChecked({ itemId })),
    rollbackCompleted(),
    launchResumed(),
    alertResolved({ alertId: 'cpu' }),
    itemUnchecked({ itemId: items[0]!.id }),
    launchAborted({ reason: 'stop' }),
  ];
}

/** Sends the events to both machines, comparing state, context and `can` after each one. */
function expectSameBehaviour(a: AnyStateMachine, b: AnyStateMachine, events: readonly LaunchEvent[]): number {
  const left = createActor(a).start();
  const right = createActor(b).start();
  let accepted = 0;
  for (const event of events) {
    const can = left.getSnapshot().can(event);
    expect(right.getSnapshot().can(event)).toBe(can);
    if (can) accepted += 1;
    left.send(event);
    right.send(event);
    expect(right.getSnapshot().value).toEqual(left.getSnapshot().value);
    expect(right.getSnapshot().context).toEqual(left.getSnapshot().context);
  }
  return accepted;
}

describe('exported machines', () => {
  it.each(examples.map((example) => [example.name, example] as const))(
    '%s: the generated .machine.ts behaves like the machine built in memory',
    async (name, example) => {
      const module = (await import(`../../machines/${name}.machine.ts`)) as { machine: AnyStateMachine };
      const generated = provideLaunchImplementations(module.machine);
      expect(expectSameBehaviour(example.machine, generated, happyPath(example))).toBe(
        happyPath(example).length,
      );
      const mixed = mixedSequence(example);
      const accepted = expectSameBehaviour(example.machine, generated, mixed);
      expect(accepted).toBeGreaterThan(5);
      expect(accepted).toBeLessThan(mixed.length);
    },
  );

  it.each(examples.map((example) => [example.name, example] as const))(
    '%s: the .json config loads back with createMachine and behaves the same',
    (name, example) => {
      const json = parseJsonAs<LaunchMachineConfig>(readFileSync(join(MACHINES_DIR, `${name}.json`), 'utf8'));
      expect(json).toEqual(example.config);
      expectSameBehaviour(example.machine, createLaunchMachine(json), mixedSequence(example));
      expectSameBehaviour(
        example.machine,
        provideLaunchImplementations(createMachine(json)),
        happyPath(example),
      );
    },
  );

  it('should keep machines/ up to date with the example plans', async () => {
    for (const path of examplePlanPaths()) {
      const files = await compileExample(path);
      expect(E.isRight(files)).toBe(true);
      if (E.isLeft(files)) continue;
      for (const [name, text] of Object.entries(files.right)) {
        let committed: string;
        try {
          committed = readFileSync(join(MACHINES_DIR, name), 'utf8');
        } catch {
          committed = '(missing)';
        }
        expect(
          committed === text,
          `machines/${name} is stale: run \`npm run machines\` and commit the result`,
        ).toBe(true);
      }
    }
  });

  it('should show the committed mbayar diagram in docs/statechart.md', () => {
    const doc = readFileSync(DIAGRAM_DOC, 'utf8');
    expect(doc).toContain('```mermaid\nstateDiagram-v2\n');
    expect(
      docWithDiagram(doc, readFileSync(join(MACHINES_DIR, 'mbayar-go-live.mmd'), 'utf8')) === doc,
      'docs/statechart.md shows a stale diagram: run `npm run machines`',
    ).toBe(true);
  });

  it('should keep thresholds readable in Mermaid labels, with look-alikes for the characters Mermaid reads as syntax', () => {
    const diagram = readFileSync(join(MACHINES_DIR, 'ifha-rating-system.mmd'), 'utf8');
    expect(diagram).toContain('responseTime ＜ 200ms');
    const labels = [...diagram.matchAll(/state "([^"]*)"/g)].map((match) => match[1] as string);
    expect(labels.filter((text) => /[<>#;{}]/.test(text))).toEqual([]);
  });

  it('should print only literals: no spreads, calls, computed keys or template literals inside createMachine', () => {
    const text = readFileSync(join(MACHINES_DIR, 'mbayar-go-live.machine.ts'), 'utf8');
    const body = text.slice(text.indexOf('createMachine(') + 'createMachine('.length);
    const code = body.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    expect(code).not.toMatch(/\.\.\.|`|\[\s*[A-Za-z_$]|[A-Za-z_$]\s*\(/);
    expect(printLiteral({ 'a.b': ['x', 1, null], ok: { nested: true } })).toBe(
      '{\n  "a.b": ["x", 1, null],\n  ok: {\n    nested: true,\n  },\n}',
    );
  });
});
