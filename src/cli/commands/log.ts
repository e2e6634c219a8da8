/** `launchplan log` (the events of a launch) and `launchplan verify` (the hash chain). */
import type { Command } from 'commander';
import * as E from 'fp-ts/lib/Either.js';
import { CliExit, type CliIo } from '../io.ts';
import { openStore, resolveStream, withLogOptions, type LogOptions } from '../launchOptions.ts';

function summary(data: unknown): string {
  if (typeof data !== 'object' || data === null) return '';
  const { plan, source, ...rest } = data as Record<string, unknown>;
  const planText = plan && typeof plan === 'object' ? `plan ${String((plan as { title?: unknown }).title)} ` : '';
  const text = JSON.stringify(rest);
  return `${planText}${text === '{}' ? '' : text.length > 100 ? `${text.slice(0, 97)}...` : text}${source ? ' (+source)' : ''}`;
}

export function registerLog(program: Command, io: CliIo): void {
  withLogOptions(program.command('log').description('list the events of a launch'))
    .option('--json', 'one JSON envelope per line')
    .option('--from <version>', 'first version', '1')
    .action(async (options: LogOptions & { json?: boolean; from: string }) => {
      const { store, impliedStream } = await openStore(options);
      try {
        const stream = await resolveStream(store, options, impliedStream);
        for await (const envelope of store.read(stream, { from: Number(options.from) || 1 })) {
          io.out(options.json ? JSON.stringify(envelope) : `${String(envelope.version).padStart(5)}  ${envelope.at}  ${envelope.actor.id.padEnd(12)} ${envelope.type.padEnd(18)} ${summary(envelope.data)}`);
        }
      } finally {
        await store.close();
      }
    });

  withLogOptions(program.command('verify').description('check the hash chain of a launch log and name the first bad version'))
    .action(async (options: LogOptions) => {
      const { store, impliedStream } = await openStore(options);
      try {
        const stream = await resolveStream(store, options, impliedStream);
        const verified = await store.verify(stream);
        if (E.isLeft(verified)) throw new CliExit(2, verified.left.message);
        const result = verified.right;
        if (result.ok) io.out(`${stream}: ${result.version} events, hash chain intact`);
        else throw new CliExit(1, `${stream}: damaged at version ${result.firstBadVersion} (${result.reason}): ${result.message}; versions 1..${result.lastGoodVersion} are intact`);
      } finally {
        await store.close();
      }
    });
}
