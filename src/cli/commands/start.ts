/** `launchplan start <plan>`: creates a launch of the plan in a log and starts it. */
import { createLaunch, formatLaunchError } from '../../runtime/index.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption, LogOptions } from '../logOptions.ts';
import { actorOf, openStore, orExit } from '../openStore.ts';
import { loadUsablePlan } from '../planErrors.ts';

export async function run(io: CliIo, options: LogOptions & JsonOption & { goLive?: string }, path: string): Promise<void> {
  if (options.goLive !== undefined && Number.isNaN(Date.parse(options.goLive))) throw new CliExit(2, `--go-live ${options.goLive}: not an ISO 8601 time`);
  const { plan, format, source } = await loadUsablePlan(path);
  const { store, impliedStream } = await openStore(options);
  try {
    const stream = options.stream ?? impliedStream ?? plan.id;
    const launch = orExit(await createLaunch({ store, stream, plan, source: { format, base64: source.toString('base64') }, actor: actorOf(options) }), formatLaunchError);
    orExit(await launch.send({ type: 'launch.started', ...(options.goLive ? { goLiveAt: new Date(options.goLive).toISOString() } : {}) }), formatLaunchError);
    const { state, progress } = launch.checklist();
    if (options.json) printJson(io, { stream, plan: plan.id, planHash: plan.hash, title: plan.title, version: launch.version, state, progress });
    else io.out(`started ${stream}: ${plan.title} (plan ${plan.hash.slice(0, 12)}), ${progress.done}/${progress.total} items done, log at version ${launch.version}`);
  } finally {
    await store.close();
  }
}
