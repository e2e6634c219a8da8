/**
 * How long a gate waits for its decision, and what happens then (issue 24): `no-go` (the
 * scheduler decides no-go), `skip` (the gate passes without a decision) or `escalate` (a
 * notification only; the gate keeps waiting). Given in a gate's approval policy as a length of
 * time such as `30m`, `4h` or `2d`; the wait runs from when the launch reached the gate, as its
 * log says, so every host that replays the log agrees on when it ends.
 */
import * as t from 'io-ts';

export const TimeoutOutcome = t.keyof({ 'no-go': null, skip: null, escalate: null });
export type TimeoutOutcome = t.TypeOf<typeof TimeoutOutcome>;

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** The longest wait a gate may have: a year (a longer one is a typo, and overflows no date). */
const MAX_WAIT_MS = 366 * 86_400_000;

/**
 * The milliseconds of a wait written as `<amount><unit>` (`s`, `m`/`min`, `h`, `d`), or null
 * when the text is not one or is out of range (more than zero, at most a year).
 *
 * @example
 * waitMs('4h') // 14400000
 * waitMs('four hours') // null
 */
export function waitMs(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d)\s*$/u.exec(text);
  if (!match) return null;
  const ms = Math.round(Number(match[1]) * (UNIT_MS[match[2] as string] as number));
  return ms > 0 && ms <= MAX_WAIT_MS ? ms : null;
}

/** A wait as the plan writes it (`30m`, `4h`, `2d`): checked when the plan is read. */
export const GateWait = t.refinement(t.string, (text) => waitMs(text) !== null, 'GateWait (30m, 4h, 2d)');

/** A gate's timeout, worked out for the chart: the wait as written, in ms, and its outcome. */
export interface GateTimeout {
  after: string;
  afterMs: number;
  outcome: TimeoutOutcome;
}

/**
 * The timeout of a gate's approval policy, or null when it has none. The outcome defaults to
 * `escalate`: a wait that runs out tells people, and changes the launch only when the plan says so.
 *
 * @example
 * gateTimeoutOf({ approval: { timeout: '4h', onTimeout: 'no-go' } }) // { after: '4h', afterMs: 14400000, outcome: 'no-go' }
 */
export function gateTimeoutOf(gate: {
  approval?: { timeout?: string; onTimeout?: TimeoutOutcome };
}): GateTimeout | null {
  const after = gate.approval?.timeout;
  const afterMs = after === undefined ? null : waitMs(after);
  if (after === undefined || afterMs === null) return null;
  return { after, afterMs, outcome: gate.approval?.onTimeout ?? 'escalate' };
}
