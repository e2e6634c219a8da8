/** Timing helpers for the benchmarks: best-of-N wall time, so one slow run does not dominate. */
import { performance } from 'node:perf_hooks';

/** Runs `work` `repeat` times (after one warm-up) and returns the fastest time in milliseconds. */
export function bestOf(repeat: number, work: () => void): number {
  work();
  let best = Number.POSITIVE_INFINITY;
  for (let index = 0; index < repeat; index += 1) {
    const start = performance.now();
    work();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/**
 * Runs `a` and `b` alternately `repeat` times (after one warm-up each) and returns the fastest
 * time of each: on a busy machine both see the same moments of load, so their ratio holds.
 */
export function bestOfPair(repeat: number, a: () => void, b: () => void): [number, number] {
  a();
  b();
  let bestA = Number.POSITIVE_INFINITY;
  let bestB = Number.POSITIVE_INFINITY;
  for (let index = 0; index < repeat; index += 1) {
    let start = performance.now();
    a();
    bestA = Math.min(bestA, performance.now() - start);
    start = performance.now();
    b();
    bestB = Math.min(bestB, performance.now() - start);
  }
  return [bestA, bestB];
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Rounds for printing: 3 significant decimals are plenty for timings and ratios. */
export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}
