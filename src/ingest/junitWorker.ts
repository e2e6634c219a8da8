/**
 * The worker side of the bounded JUnit reader: parses one report and maps it to a plan's test
 * items per task, off the host's event loop (src/ingest/junitPool.ts).
 */
import type * as E from 'fp-ts/lib/Either.js';
import type { Plan } from '../plan/model.ts';
import { junitEvents, type JunitError, type JunitMapping, type JunitOptions } from './junit.ts';

export interface JunitTask {
  xml: string;
  plan: Plan;
  options: JunitOptions;
}

export default function mapReport(task: JunitTask): E.Either<JunitError, JunitMapping> {
  return junitEvents(task.xml, task.plan, task.options);
}
