/**
 * One replay measured in its own process, so its peak memory is its own: prints
 * `{ ms, cpuMs, events, maxRssMb, slowEvents }` as JSON (`cpuMs`: the process's CPU time for the
 * replay, which other work on the machine changes less than the wall time). Used by bench/replay.ts.
 *   node --import tsx bench/replayChild.ts <log dir> <stream> [snapshot]
 */
import * as E from 'fp-ts/lib/Either.js';
import { openLaunch, replayLaunch } from '../src/launch/index.ts';
import { replayState } from '../src/launch/replay.ts';
import { createFileEventStore } from '../src/store/file/index.ts';

const [dir, stream, mode] = process.argv.slice(2);
if (!dir || !stream) throw new Error('usage: replayChild.ts <dir> <stream> [snapshot]');
const store = createFileEventStore(dir);
const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const started = performance.now();
const startedCpu = cpuMs();
if (mode === 'snapshot') {
  const snapshotKey = process.env['LAUNCHPLAN_SNAPSHOT_KEY'] ?? null;
  const opened = await openLaunch({ store, stream, actor: { id: 'bench', roles: [] }, snapshotKey });
  if (E.isLeft(opened)) throw new Error(JSON.stringify(opened.left));
  const ms = performance.now() - started;
  // A snapshot that was not used would time a full replay under the snapshot's name (checked untimed).
  const checked = await replayLaunch(store, stream, { snapshotKey });
  if (E.isLeft(checked) || checked.right.ignoredSnapshot)
    throw new Error(`the snapshot was not used: ${JSON.stringify(checked)}`);
  process.stdout.write(
    JSON.stringify({ ms, version: opened.right.version, maxRssMb: process.resourceUsage().maxRSS / 1024 }),
  );
} else {
  // The launch's private state rather than its frozen view: it also counts the events XState ran.
  const replayed = await replayState(store, stream, { useSnapshot: false });
  if (E.isLeft(replayed)) throw new Error(JSON.stringify(replayed.left));
  const ms = performance.now() - started;
  const cpu = cpuMs() - startedCpu;
  process.stdout.write(
    JSON.stringify({
      ms,
      cpuMs: cpu,
      events: replayed.right.version,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      slowEvents: replayed.right.slowEvents,
    }),
  );
}
await store.close();
