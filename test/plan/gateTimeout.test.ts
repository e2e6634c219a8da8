/**
 * Gate timeouts in a plan (issue 24): a wait is `<amount><unit>`, read exactly or refused; the
 * front matter's approval policies give gates their timeout, and a bad one is a `bad-overrides`
 * warning that leaves the plan without policies, never a failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gateTimeoutOf, waitMs } from '../../src/plan/gateTimeout.ts';
import { readPlanMarkdown } from '../../src/plan/markdown/readPlan.ts';
import { exampleBytes } from '../support/examples.ts';

const UNITS = { s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 } as const;

describe('gate timeouts in a plan', () => {
  it('should read every whole amount of every unit, and refuse anything else', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom(...Object.keys(UNITS)),
        (amount, unit) => {
          expect(waitMs(`${amount}${unit}`)).toBe(amount * UNITS[unit as keyof typeof UNITS]);
          expect(waitMs(` ${amount} ${unit} `)).toBe(amount * UNITS[unit as keyof typeof UNITS]);
        },
      ),
    );
    for (const bad of ['', '4', 'h', '0h', '-1h', '4 hours', '4hh', '400d', '1e3s', '4h30m'])
      expect(waitMs(bad), bad).toBeNull();
    expect(waitMs('1.5h')).toBe(5_400_000);
  });

  it('should give gates the timeout of the front matter, escalating by default', () => {
    const text = (policy: string) =>
      `---\nlaunchplan:\n  approvals:\n    '*': ${policy}\n---\n${exampleBytes('mbayar-go-live').toString('utf8')}`;
    const plan = readPlanMarkdown(text('{ timeout: 30m }'), { id: 'mbayar' });
    expect(plan.gates.length).toBeGreaterThan(0);
    for (const gate of plan.gates)
      expect(gateTimeoutOf(gate)).toEqual({ after: '30m', afterMs: 1_800_000, outcome: 'escalate' });
    const bad = readPlanMarkdown(text('{ timeout: soon, onTimeout: no-go }'), { id: 'mbayar' });
    expect(bad.gates.every((gate) => gateTimeoutOf(gate) === null)).toBe(true);
    expect(bad.diagnostics.find((d) => d.code === 'bad-overrides')?.message).toContain('timeout');
  });
});
