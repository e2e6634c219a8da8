/**
 * The worker side of the bounded plan reader: reads one plan per task, off the host's event
 * loop. Piscina calls the default export with the task's data and sends back what it returns: the
 * `PlanDocument`, or `too-deep` when the Markdown nests deeper than the parser's stack.
 */
import { readPlanDocument, type PlanDocument, type ReadOptions } from '../markdown/readPlan.ts';

export interface ReadTask {
  bytes: Uint8Array;
  options: ReadOptions;
}

export type ReadOutcome = { read: PlanDocument } | { refused: 'too-deep' };

export default function read(task: ReadTask): ReadOutcome {
  try {
    return { read: readPlanDocument(task.bytes, task.options) };
  } catch (error) {
    // Thousands of nested block quotes or lists overflow the parser's recursion.
    if (error instanceof RangeError) return { refused: 'too-deep' };
    throw error;
  }
}
