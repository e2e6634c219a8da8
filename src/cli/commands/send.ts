/** `launchplan send <type>`: sends one event to a launch; exits non-zero with the reason when refused. */
import type { Command } from 'commander';
import { formatLaunchError, openLaunch } from '../../runtime/index.ts';
import { CliExit, type CliIo } from '../io.ts';
import { actorOf, openStore, orExit, resolveStream, withLogOptions, type LogOptions } from '../launchOptions.ts';

interface SendOptions extends LogOptions {
  item?: string;
  data?: string;
  eventId?: string;
}

function parseData(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CliExit(2, `--data is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new CliExit(2, '--data must be a JSON object, such as {"gateId":"gate/go","decision":"go"}');
  return data as Record<string, unknown>;
}

export function registerSend(program: Command, io: CliIo): void {
  withLogOptions(program.command('send').description('send an event (item.checked, test.failed, alert.fired, gate.decided …) to a launch').argument('<type>', 'event type, see docs/events.md'), { actor: true })
    .option('--item <id>', 'the item the event is about (itemId)')
    .option('--data <json>', 'the other fields of the event, as a JSON object')
    .option('--event-id <id>', 'idempotence key: the same id is written once')
    .action(async (type: string, options: SendOptions) => {
      const event = { ...parseData(options.data), type, ...(options.item !== undefined ? { itemId: options.item } : {}) };
      const { store, impliedStream } = await openStore(options);
      try {
        const stream = await resolveStream(store, options, impliedStream);
        const launch = orExit(await openLaunch({ store, stream, actor: actorOf(options) }), formatLaunchError);
        const sent = orExit(await launch.send(event, options.eventId ? { eventId: options.eventId } : {}), formatLaunchError);
        const { state, progress } = launch.checklist();
        io.out(`${sent.appended ? 'accepted' : 'already recorded'}: ${type} at version ${sent.version} · ${state} · ${progress.done}/${progress.total} items done`);
      } finally {
        await store.close();
      }
    });
}
