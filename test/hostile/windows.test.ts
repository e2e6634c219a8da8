/**
 * Schedule windows past any launch's calendar are refused when the plan is read, so nothing later
 * meets a time a Date cannot hold: issue 23's `T+9999999999h` was accepted, and `tick` then died
 * with exit 70 (a RangeError in planDeadlines). In Markdown such a window is not a window (the
 * step keeps no schedule); in a JSON plan it is an error with its path.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { windowEnd } from '../../src/launch/deadlines.ts';
import { parseWindow } from '../../src/plan/time.ts';
import { validatePlan } from '../../src/plan/validate.ts';
import { runCli } from '../support/cli.ts';
import { readExample } from '../support/examples.ts';
import { fcParams } from '../testing/seed.ts';

describe('windows past any calendar', () => {
  it('should not read T+9999999999h as a window, and let tick run on a plan that has it', async () => {
    expect(parseWindow('Rollout (T+9999999999h)')).toBeNull();
    expect(parseWindow('Semaines 1-99999')).toBeNull();
    expect(parseWindow('Rollout (T+2h)')).toMatchObject({ unit: 'hour', from: 2, to: 2, anchor: 'launch' });
    const dir = mkdtempSync(join(tmpdir(), 'lp-windows-'));
    const plan = join(dir, 'far.md');
    writeFileSync(
      plan,
      '# Far launch\n\n## Phase 1: rollout\n\n### Deploy (T+9999999999h)\n\n- [ ] deploy the service\n',
    );
    const log = join(dir, 'log');
    const started = await runCli('start', plan, '--log', log, '--go-live', '2026-12-07T10:00:00Z');
    expect(started.code, started.err).toBe(0);
    const ticked = await runCli('tick', '--log', log, '--now', '2027-01-01T00:00:00Z');
    expect(ticked.code, ticked.err).toBe(0);
  });

  it('should read every window, whatever its numbers, as one whose deadline is a real time, or as none', () => {
    const start = Date.parse('2026-12-01T00:00:00Z');
    const goLive = Date.parse('2026-12-07T10:00:00Z');
    const text = fc
      .tuple(
        fc.constantFrom('T+', 'T-', 'J+', 'D-', 'Semaines 1-', 'Week ', 'S1-S', 'First '),
        fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
        fc.constantFrom('h', ' days', ' weeks', ' months', ' min', ''),
      )
      .map(([prefix, amount, unit]) => `Rollout (${prefix}${amount}${unit})`);
    fc.assert(
      fc.property(text, (written) => {
        const window = parseWindow(written);
        const end = window && windowEnd(window, start, goLive);
        if (end !== null) expect(() => new Date(end).toISOString(), written).not.toThrow();
      }),
      fcParams(500),
    );
  });

  it('should refuse a JSON plan whose window reaches past any calendar, naming its path', () => {
    const plan = readExample('mbayar-go-live').plan;
    const { hash: _hash, ...unhashed } = plan;
    const phases = unhashed.phases.map((phase, index) =>
      index === 0
        ? {
            ...phase,
            window: {
              raw: 'T+9999999999h',
              unit: 'hour',
              from: 9_999_999_999,
              to: 9_999_999_999,
              anchor: 'launch',
            },
          }
        : phase,
    );
    const refused = validatePlan({ ...unhashed, phases });
    expect(E.isLeft(refused) && refused.left.errors).toContainEqual({
      path: 'phases.0.window',
      message:
        '"T+9999999999h" reaches further than a launch\'s calendar (a century around its anchor, dates 1970–2199)',
    });
  });
});
