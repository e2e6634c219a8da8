/**
 * A gate with a timeout in the compiled chart (issue 24): its `pending` state records the wait on
 * entry and it takes `gate.timedOut` under `gateTimeoutDue`, to where the plan's outcome leads;
 * the Mermaid diagram and the generated module (what Stately imports) show both. Gates without a
 * timeout compile as before.
 */
import { describe, expect, it } from 'vitest';
import { compilePlan, printMachineModule, printMermaid } from '../../src/compile/index.ts';
import { withApprovalPolicies } from '../../src/plan/approvals.ts';
import { readExample } from '../support/examples.ts';

const mbayar = readExample('mbayar-go-live').plan;
const timed = (onTimeout: 'no-go' | 'skip' | 'escalate') =>
  compilePlan(withApprovalPolicies(mbayar, { '*': { timeout: '4h', onTimeout } }));

describe('a gate with a timeout in the chart', () => {
  it('should go where its outcome leads, under gateTimeoutDue, and record the wait on entry', () => {
    const targets = (['no-go', 'skip', 'escalate'] as const).map((outcome) => {
      const { config, layout } = timed(outcome);
      const [gate] = layout.gates;
      const state = config.states!['progress']!.states!['running']!.states![gate!.key]!;
      expect(state.states!['pending']!.entry).toEqual([
        { type: 'startGateWait', params: { gate: gate!.id } },
      ]);
      expect(gate!.timeout).toEqual({ after: '4h', afterMs: 4 * 3_600_000, outcome });
      const transition = state.on!['gate.timedOut'] as { target?: string; guard: unknown };
      expect(transition.guard).toEqual({
        type: 'gateTimeoutDue',
        params: { gate: gate!.id, afterMs: 4 * 3_600_000, outcome },
      });
      return transition.target;
    });
    const { running } = compilePlan(mbayar).layout;
    const next = running[running.findIndex((entry) => entry.kind === 'gate') + 1]!.key;
    expect(targets).toEqual(['.held', next, undefined]);
  });

  it('should show the timeout in the Mermaid diagram and the generated module', () => {
    const { config } = timed('no-go');
    expect(printMermaid(config)).toMatch(/--> s\d+ : gate\.timedOut \[gateTimeoutDue\]/u);
    const module = printMachineModule(config);
    expect(module).toContain('"gate.timedOut"');
    expect(module).toContain('type: "startGateWait"');
  });

  it('should leave a gate without a timeout as it was', () => {
    const { config, layout } = compilePlan(mbayar);
    const state = config.states!['progress']!.states!['running']!.states![layout.gates[0]!.key]!;
    expect(state.on!['gate.timedOut']).toBeUndefined();
    expect(state.states!['pending']!.entry).toBeUndefined();
    expect(layout.gates[0]!.timeout).toBeNull();
  });
});
