/**
 * Child process of `runtimeReplay.test.ts`: replays every stream of a file store in a fresh
 * process and prints, per stream and version, a hash of the state value and, at the versions
 * listed for the stream (the ends of path steps), of the checklist (one JSON line each); then
 * the same for a full `replayLaunch` and a `replayLaunch` with `to` at the middle checkpoint.
 * Usage: `node test/testing/replayChild.mjs <dir> <versions.json>` where the JSON maps each
 * stream to the versions whose checklist to print. Plain JavaScript on the built package, as
 * another host runs it: a launch replayed to version 1, then each logged event applied to the
 * view before it (`LaunchView.apply`).
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createFileEventStore, replayLaunch } from 'launchplan';

const hash = (value) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
const [dir, versionsFile] = process.argv.slice(2);
/** @type {Record<string, number[]>} */
const wanted = JSON.parse(readFileSync(versionsFile, 'utf8'));
const view = (state, always = false) => ({
  ...(always || wanted[state.stream]?.includes(state.version) ? { checklist: hash(state.checklist()) } : {}),
  value: hash(state.snapshot.value),
});

const store = createFileEventStore(dir);
for (const stream of Object.keys(wanted)) {
  const first = await replayLaunch(store, stream, { to: 1, useSnapshot: false });
  if (first._tag === 'Left') throw new Error(`${stream}: ${JSON.stringify(first.left)}`);
  let state = first.right;
  process.stdout.write(`${JSON.stringify({ stream, version: state.version, ...view(state) })}\n`);
  for await (const envelope of store.read(stream, { from: 2 })) {
    const next = state.apply(envelope);
    if (next._tag === 'Left') throw new Error(`${stream}@${envelope.version}: ${JSON.stringify(next.left)}`);
    state = next.right;
    process.stdout.write(`${JSON.stringify({ stream, version: state.version, ...view(state) })}\n`);
  }
  const full = await replayLaunch(store, stream);
  if (full._tag === 'Left') throw new Error(`${stream}: ${JSON.stringify(full.left)}`);
  process.stdout.write(
    `${JSON.stringify({ stream, version: full.right.version, replay: 'full', ...view(full.right, true) })}\n`,
  );
  const checkpoints = wanted[stream] ?? [];
  const middle = checkpoints[Math.floor(checkpoints.length / 2)] ?? 1;
  const to = await replayLaunch(store, stream, { to: middle, useSnapshot: false });
  if (to._tag === 'Left') throw new Error(`${stream}: ${JSON.stringify(to.left)}`);
  process.stdout.write(
    `${JSON.stringify({ stream, version: to.right.version, replay: 'to', ...view(to.right, true) })}\n`,
  );
}
await store.close();
