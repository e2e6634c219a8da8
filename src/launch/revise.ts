/**
 * Moving a running launch to an edited plan (`plan.revised`): item statuses carry over by stable
 * id, the state carries over when every active state still exists, and what cannot carry over
 * is reported (`launchplan replay --check-plan`) instead of silently dropped.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { CompiledLaunch } from '../compile/compiled.ts';
import type { LaunchMachineConfig, StateConfig } from '../compile/configTypes.ts';
import { initialContext, type LaunchContext } from '../compile/context.ts';
import type { LaunchMachine } from '../compile/machine.ts';
import { normalizeSnapshot, persistedLaunch, type PersistedLaunch } from '../compile/snapshot.ts';
import { activeLeafPaths } from '../compile/statePaths.ts';
import type { Plan } from '../plan/model.ts';

export interface RevisionCheck {
  /** True when the edited plan accepts the log: every active state still exists. */
  compatible: boolean;
  /** Items the log knows that the edited plan no longer has (their history is dropped). */
  itemsDropped: string[];
  /** Items of the edited plan the log has never seen (they start as the plan says). */
  itemsAdded: string[];
  /** Active states (paths) that do not exist in the edited plan's machine. */
  statesMissing: string[];
  /** Items whose status carries over. */
  itemsCarried: number;
}

function hasPath(config: StateConfig, path: readonly string[]): boolean {
  let node: StateConfig | undefined = config;
  for (const key of path) node = node?.states?.[key];
  return node !== undefined;
}

/** What moving a snapshot taken under one plan to another plan would keep and lose. */
export function checkRevision(persisted: PersistedLaunch, toConfig: LaunchMachineConfig): RevisionCheck {
  const before = persisted.context.plan.items;
  const after = toConfig.context.plan.items;
  const itemsDropped = Object.keys(before).filter((id) => !(id in after));
  const itemsAdded = Object.keys(after).filter((id) => !(id in before));
  const statesMissing = activeLeafPaths(persisted.value)
    .filter((path) => !hasPath(toConfig, path))
    .map((path) => path.join('.'));
  return {
    compatible: statesMissing.length === 0,
    itemsDropped,
    itemsAdded,
    statesMissing,
    itemsCarried: Object.keys(before).length - itemsDropped.length,
  };
}

function migrateContext(from: LaunchContext, to: LaunchContext): LaunchContext {
  const groups: LaunchContext['groups'] = {};
  for (const [group, items] of Object.entries(to.groups)) {
    groups[group] = {};
    for (const [id, state] of Object.entries(items)) {
      const old = from.plan.items[id];
      (groups[group] as Record<string, unknown>)[id] = (old && from.groups[old.group]?.[id]) ?? state;
    }
  }
  const closed = Object.fromEntries(
    Object.keys(from.closed)
      .filter((group) => group in to.groups)
      .map((group) => [group, true as const]),
  );
  const decisions = Object.fromEntries(
    Object.entries(from.decisions).filter(([gate]) => gate in to.plan.gates),
  );
  return { ...from, plan: to.plan, groups, closed, decisions };
}

/** History entries that still name states of the new machine. */
function migrateHistory(
  history: PersistedLaunch['historyValue'],
  machine: LaunchMachine,
): PersistedLaunch['historyValue'] {
  const out: Record<string, { id: string }[]> = {};
  const exists = (id: string) => {
    try {
      machine.getStateNodeById(id);
      return true;
    } catch {
      return false;
    }
  };
  for (const [key, entries] of Object.entries(history)) {
    if (!exists(key)) continue;
    const kept = entries.filter((entry) => exists(entry.id));
    if (kept.length > 0) out[key] = kept;
  }
  return out;
}

/**
 * The snapshot of the new plan's machine that continues the launch, before the `plan.revised`
 * event itself is applied (applying it records the revision and lets steps that became complete
 * move on). Left: the check, when the edited plan cannot carry the state over.
 */
export function migrateSnapshot(
  persisted: PersistedLaunch,
  toPlan: Plan,
  to: Pick<CompiledLaunch, 'config' | 'machine'>,
): E.Either<RevisionCheck, PersistedLaunch> {
  const check = checkRevision(persisted, to.config);
  if (!check.compatible) return E.left(check);
  const context = migrateContext(persisted.context, initialContext(toPlan));
  const resolved = to.machine.resolveState({ value: persisted.value, context });
  const next = persistedLaunch(to.machine.getPersistedSnapshot(resolved));
  return E.right(
    normalizeSnapshot({ ...next, historyValue: migrateHistory(persisted.historyValue, to.machine) }),
  );
}
