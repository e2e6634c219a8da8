/**
 * `launchplan verify`: checks the hash chain of a launch log and names the first bad version.
 * `--deep` also replays the whole log (every event the statechart refuses is reported) and checks
 * the stored snapshot: its seal, and that it equals the launch replayed to its version.
 */
import { isDeepStrictEqual } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { normalizeSnapshot } from '../../compile/snapshot.ts';
import { formatUntrustedSnapshot, snapshotIntact } from '../../launch/snapshotRecord.ts';
import { formatLaunchError, replayLaunch, type RefusedEvent } from '../../launch/index.ts';
import type { EventStore } from '../../store/EventStore.ts';
import { CliExit, printJson, type CliIo } from '../io.ts';
import type { JsonOption, LogOptions } from '../logOptions.ts';
import { orExit, snapshotKey, withStream } from '../openStore.ts';

interface DeepReport {
  refused: readonly RefusedEvent[];
  snapshot: { version: number; ok: boolean; problem?: string } | null;
}

/** The whole log replayed, and the stored snapshot compared with the launch at its version. */
async function deepCheck(store: EventStore, stream: string): Promise<DeepReport> {
  const state = orExit(await replayLaunch(store, stream, { useSnapshot: false }), formatLaunchError);
  const loaded = await store.loadSnapshot(stream);
  const stored = E.isRight(loaded) ? loaded.right : undefined;
  if (!stored) return { refused: state.refused, snapshot: null };
  const intact = snapshotIntact(stored.version, stored.state, snapshotKey());
  if (E.isLeft(intact))
    return {
      refused: state.refused,
      snapshot: { version: stored.version, ok: false, problem: formatUntrustedSnapshot(intact.left) },
    };
  const at = orExit(
    await replayLaunch(store, stream, { to: stored.version, useSnapshot: false }),
    formatLaunchError,
  );
  // Both as the store keeps them: JSON.
  const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
  const same =
    at.version === stored.version &&
    isDeepStrictEqual(json(normalizeSnapshot(intact.right.persisted)), json(normalizeSnapshot(at.snapshot)));
  return {
    refused: state.refused,
    snapshot: same
      ? { version: stored.version, ok: true }
      : {
          version: stored.version,
          ok: false,
          problem: `it differs from the launch replayed to version ${stored.version}`,
        },
  };
}

export async function run(io: CliIo, options: LogOptions & JsonOption & { deep?: boolean }): Promise<void> {
  await withStream(options, async (store, stream) => {
    const verified = await store.verify(stream);
    if (E.isLeft(verified)) throw new CliExit(2, verified.left.message);
    const chain = verified.right;
    const deep = chain.ok && options.deep ? await deepCheck(store, stream) : null;
    if (options.json) printJson(io, deep ? { ...chain, ...deep } : chain);
    if (!chain.ok)
      throw new CliExit(
        1,
        `${stream}: damaged at version ${chain.firstBadVersion} (${chain.reason}): ${chain.message}; versions 1..${chain.lastGoodVersion} are intact`,
      );
    if (!options.json) {
      io.out(`${stream}: ${chain.version} events, hash chain intact`);
      for (const event of deep?.refused ?? [])
        io.out(`  refused at version ${event.version}: ${event.type}: ${event.reason}`);
      if (deep?.snapshot)
        io.out(
          deep.snapshot.ok
            ? `  snapshot at version ${deep.snapshot.version}: equal to the replayed launch`
            : `  snapshot at version ${deep.snapshot.version}: ${deep.snapshot.problem}`,
        );
    }
    const problems = (deep?.refused.length ?? 0) + (deep?.snapshot && !deep.snapshot.ok ? 1 : 0);
    if (problems > 0) throw new CliExit(1, `${stream}: ${problems} problem(s) found by the deep check`);
  });
}
