/** `launchplan start <plan>`: creates a launch of the plan in a log and starts it. */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { formatLoadError, loadPlanFile } from '../../plan/load.ts';
import { createLaunch, formatLaunchError } from '../../runtime/index.ts';
import { CliExit, type CliIo } from '../io.ts';
import { actorOf, openStore, orExit, withLogOptions, type LogOptions } from '../launchOptions.ts';
import { planErrors } from '../planErrors.ts';

export function registerStart(program: Command, io: CliIo): void {
  withLogOptions(program.command('start').description('start a launch of a plan: record the plan in the log, then launch.started').argument('<plan>', 'plan file (Markdown, JSON or YAML)'), { actor: true })
    .option('--go-live <time>', 'go-live time (ISO 8601): anchors the T-2h … T+1h windows')
    .action(async (path: string, options: LogOptions & { goLive?: string }) => {
      const loaded = await loadPlanFile(path);
      if (E.isLeft(loaded)) throw new CliExit(2, formatLoadError(loaded.left));
      const { plan, format, source } = loaded.right;
      const errors = planErrors(path, plan);
      if (errors) throw new CliExit(1, errors);
      const { store, impliedStream } = await openStore(options);
      try {
        const stream = options.stream ?? impliedStream ?? plan.id;
        const launch = orExit(await createLaunch({ store, stream, plan, source: { format, base64: source.toString('base64') }, actor: actorOf(options) }), formatLaunchError);
        if (options.goLive !== undefined && Number.isNaN(Date.parse(options.goLive))) throw new CliExit(2, `--go-live ${options.goLive}: not an ISO 8601 time`);
        orExit(await launch.send({ type: 'launch.started', ...(options.goLive ? { goLiveAt: new Date(options.goLive).toISOString() } : {}) }), formatLaunchError);
        const { progress } = launch.checklist();
        io.out(`started ${stream}: ${plan.title} (plan ${plan.hash.slice(0, 12)}), ${progress.done}/${progress.total} items done, log at version ${launch.version}`);
      } finally {
        await store.close();
      }
    });
}
