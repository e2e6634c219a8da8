/** `launchplan log`: the events of a launch, as lines or as JSON envelopes. */
import type { CliIo } from '../io.ts';
import type { JsonOption, LogOptions } from '../logOptions.ts';
import { withStream } from '../openStore.ts';

function summary(data: unknown): string {
  if (typeof data !== 'object' || data === null) return '';
  const { plan, source, ...rest } = data as Record<string, unknown>;
  const planText =
    plan && typeof plan === 'object' ? `plan ${String((plan as { title?: unknown }).title)} ` : '';
  const text = JSON.stringify(rest);
  return `${planText}${text === '{}' ? '' : text.length > 100 ? `${text.slice(0, 97)}...` : text}${source ? ' (+source)' : ''}`;
}

export async function run(io: CliIo, options: LogOptions & JsonOption & { from: string }): Promise<void> {
  await withStream(options, async (store, stream) => {
    for await (const envelope of store.read(stream, { from: Number(options.from) || 1 })) {
      io.out(
        options.json
          ? JSON.stringify(envelope)
          : `${String(envelope.version).padStart(5)}  ${envelope.at}  ${envelope.actor.id.padEnd(12)} ${envelope.type.padEnd(18)} ${summary(envelope.data)}`,
      );
    }
  });
}
