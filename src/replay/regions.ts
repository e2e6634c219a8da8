/**
 * Where each item group's step region sits in a compiled config, and the eventless transitions
 * of its states: what the fast fold needs to know that an item event moves no state.
 */
import type { LaunchMachineConfig, StateConfig, TransitionConfig } from '../compile/configTypes.ts';
import { transitionList } from '../compile/configTypes.ts';

export interface GroupRegion {
  /** State path of the region from the root: `['progress', 'running', phaseKey, stepKey]`. */
  path: readonly string[];
  /** Eventless transitions of each of the region's states (`open`, `blocked`). */
  always: Readonly<Record<string, readonly TransitionConfig[]>>;
}

function groupOf(region: StateConfig): string | undefined {
  const open = region.states?.['open'];
  return transitionList(open?.always).find((transition) => transition.guard?.type === 'groupDone')?.guard?.params?.['group'];
}

/** Every step (and deliverables) region of the config, by the item group it tracks. */
export function groupRegions(config: LaunchMachineConfig): Map<string, GroupRegion> {
  const regions = new Map<string, GroupRegion>();
  const visit = (node: StateConfig, path: string[]): void => {
    const group = groupOf(node);
    if (group !== undefined) {
      const always: Record<string, readonly TransitionConfig[]> = {};
      for (const [key, state] of Object.entries(node.states ?? {})) always[key] = transitionList(state.always);
      regions.set(group, { path, always });
      return;
    }
    for (const [key, child] of Object.entries(node.states ?? {})) visit(child, [...path, key]);
  };
  visit(config, []);
  return regions;
}

/** The value of a state value at a path: a leaf key, a nested value, or undefined when inactive. */
export function valueAt(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
