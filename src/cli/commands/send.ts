/** `launchplan send <type>`: sends one event to a launch; exits non-zero with the reason when refused. */
import { decodeLaunchInput, formatLaunchError, openLaunch } from '../../launch/index.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption, LogOptions } from '../logOptions.ts';
import { actorOf, orExit, snapshotKey, tornTailNote, withStream } from '../openStore.ts';

interface SendOptions extends LogOptions, JsonOption {
  item?: string;
  step?: string;
  reason?: string;
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
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new CliExit(2, '--data must be a JSON object, such as {"gateId":"gate/go","decision":"go"}');
  return data as Record<string, unknown>;
}

export async function run(io: CliIo, options: SendOptions, type: string): Promise<void> {
  const event = orExit(
    decodeLaunchInput({
      ...parseData(options.data),
      type,
      ...(options.item !== undefined ? { itemId: options.item } : {}),
      ...(options.step !== undefined ? { stepId: options.step } : {}),
      ...(options.reason !== undefined ? { reason: options.reason } : {}),
    }),
    formatLaunchError,
  );
  await withStream(options, async (store, stream) => {
    const launch = orExit(
      await openLaunch({ store, stream, actor: actorOf(options), snapshotKey: snapshotKey() }),
      formatLaunchError,
    );
    const torn = tornTailNote(store, stream, 'this send removes it before appending');
    if (torn) io.err(torn);
    const sent = orExit(
      await launch.send(event, options.eventId ? { eventId: options.eventId } : {}),
      formatLaunchError,
    );
    const { state, progress } = launch.checklist();
    if (options.json)
      printJson(io, { stream, type, version: sent.version, appended: sent.appended, state, progress });
    else
      io.out(
        `${sent.appended ? 'accepted' : 'already recorded'}: ${type} at version ${sent.version} · ${state} · ${progress.done}/${progress.total} items done`,
      );
  });
}
