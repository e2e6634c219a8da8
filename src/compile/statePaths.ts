/** Reading a state value as paths of state keys: its active leaves, every active state, where the progress stands. */
import type { StateValue } from 'xstate';

/** Paths of the active leaf states of a state value (`['progress', 'running', 'deploy', 'db', 'open']`). */
export function activeLeafPaths(value: StateValue, prefix: string[] = []): string[][] {
  if (typeof value === 'string') return [[...prefix, value]];
  const entries = Object.entries(value);
  if (entries.length === 0) return [prefix];
  return entries.flatMap(([key, child]) =>
    child === undefined ? [[...prefix, key]] : activeLeafPaths(child, [...prefix, key]),
  );
}

/** Every active state of a state value, dotted, parents first: `progress`, `progress.running`, … */
export function activeStatePaths(value: StateValue): string[] {
  const out = new Set<string>();
  for (const leaf of activeLeafPaths(value))
    for (let length = 1; length <= leaf.length; length += 1) out.add(leaf.slice(0, length).join('.'));
  return [...out];
}

/**
 * Where a launch stands, short: `progress.<state>` or `progress.running.<phase or gate>`, and
 * `health.<state>`, without the step regions inside a phase.
 */
export function launchPosition(value: StateValue): string[] {
  return [
    ...new Set(activeLeafPaths(value).map((path) => path.slice(0, path[1] === 'running' ? 3 : 2).join('.'))),
  ];
}
