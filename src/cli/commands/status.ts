/** `launchplan status`: the checklist of a launch, now or at a version or time, as a tree, JSON or Markdown. */
import type { Command } from 'commander';
import { deriveChecklist, doneById } from '../../checklist/derive.ts';
import { renderChecklistMarkdown } from '../../checklist/markdown.ts';
import { renderChecklistTree } from '../../checklist/terminal.ts';
import { formatLaunchError, replayLaunch, type ReplayOptions } from '../../runtime/index.ts';
import { sourceBytes } from '../../runtime/planRecord.ts';
import { CliExit, type CliIo } from '../io.ts';
import { openStore, orExit, resolveStream, withLogOptions, type LogOptions } from '../launchOptions.ts';

interface StatusOptions extends LogOptions {
  json?: boolean;
  markdown?: boolean;
  at?: string;
  all?: boolean;
}

/** `--at 42` is a version, `--at 2025-03-01T12:00Z` a time. */
export function pointInTime(at: string | undefined): ReplayOptions {
  if (at === undefined) return {};
  if (/^\d+$/.test(at)) return { to: Number(at) };
  if (!Number.isNaN(Date.parse(at))) return { at: new Date(at).toISOString() };
  throw new CliExit(2, `--at ${at}: give a version number or an ISO 8601 time`);
}

export function registerStatus(program: Command, io: CliIo): void {
  withLogOptions(program.command('status').description('show where a launch stands: progress, items, gates, blockers'))
    .option('--json', 'print the checklist as JSON')
    .option('--markdown', 'print the original plan with its boxes set from the log')
    .option('--at <version|time>', 'the launch as it was at a version or an ISO time')
    .option('--all', 'list every item, not only open ones')
    .action(async (options: StatusOptions) => {
      const { store, impliedStream } = await openStore(options);
      try {
        const stream = await resolveStream(store, options, impliedStream);
        const state = orExit(await replayLaunch(store, stream, pointInTime(options.at)), formatLaunchError);
        const checklist = deriveChecklist(state.plan, state.config, state.fold.snapshot(), { stream, version: state.version });
        if (options.json) io.out(JSON.stringify(checklist, null, 2));
        else if (options.markdown) {
          const source = state.source?.format === 'markdown' ? sourceBytes(state.source) : null;
          if (!source) throw new CliExit(2, `stream ${stream} was started from a ${state.source?.format ?? 'plan without source'}: there is no Markdown to write`);
          const { markdown, skipped } = renderChecklistMarkdown(source, state.plan, doneById(checklist));
          io.write(markdown);
          for (const skip of skipped) io.err(`line ${skip.line}: ${skip.itemId} not written: ${skip.reason}`);
        } else io.out(renderChecklistTree(checklist, { color: io.tty, items: options.all ? 'all' : 'open' }));
      } finally {
        await store.close();
      }
    });
}
