/** `launchplan verify`: checks the hash chain of a launch log and names the first bad version. */
import * as E from 'fp-ts/lib/Either.js';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption, LogOptions } from '../logOptions.ts';
import { withStream } from '../openStore.ts';

export async function run(io: CliIo, options: LogOptions & JsonOption): Promise<void> {
  await withStream(options, async (store, stream) => {
    const verified = await store.verify(stream);
    if (E.isLeft(verified)) throw new CliExit(2, verified.left.message);
    const result = verified.right;
    if (options.json) printJson(io, result);
    if (result.ok) {
      if (!options.json) io.out(`${stream}: ${result.version} events, hash chain intact`);
      return;
    }
    throw new CliExit(1, `${stream}: damaged at version ${result.firstBadVersion} (${result.reason}): ${result.message}; versions 1..${result.lastGoodVersion} are intact`);
  });
}
