/**
 * Why the current state refuses an event, as data: the event does not decode, names an item the
 * plan does not have, is handled by no active state, or every transition for it is guarded by
 * a guard that says no (which guard, in which state, and why in words).
 */
import * as E from 'fp-ts/lib/Either.js';
import type { AnyMachineSnapshot, AnyStateMachine, StateValue } from 'xstate';
import { decodeLaunchEvent, type EventDecodeError } from '../events/vocabulary.ts';
import type { LaunchContext } from './context.ts';
import { transitionList, type StateConfig } from './configTypes.ts';
import { GUARDS } from './guards.ts';
import { activeLeafPaths } from './statePaths.ts';

export type Rejection =
  | { _tag: 'InvalidEvent'; error: EventDecodeError }
  | { _tag: 'UnknownItem'; itemId: string }
  | { _tag: 'NotHandled'; eventType: string; states: string[] }
  | { _tag: 'GuardFailed'; guard: string; params: Record<string, string>; state: string; reason: string };

export type Explanation = { _tag: 'Accepted' } | Rejection;

function nodeAt(root: StateConfig, path: readonly string[]): StateConfig | undefined {
  let node: StateConfig | undefined = root;
  for (const key of path) node = node?.states?.[key];
  return node;
}

/**
 * Explains whether `snapshot` accepts `event` and, when it does not, who refused it.
 *
 * @example
 * explainRejection(machine, actor.getSnapshot(), gateDecided({ gateId: 'gate/go', decision: 'go' }))
 * // { _tag: 'GuardFailed', guard: 'goAllowed', state: 'progress.running.gate/go', reason: 'alert(s) open: p99' }
 */
export function explainRejection(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: unknown): Explanation {
  const decoded = decodeLaunchEvent(event);
  if (E.isLeft(decoded)) return { _tag: 'InvalidEvent', error: decoded.left };
  const launchEvent = decoded.right;
  if (snapshot.can(launchEvent)) return { _tag: 'Accepted' };
  const context = snapshot.context as LaunchContext;
  if ('itemId' in launchEvent && !Object.hasOwn(context.plan.items, launchEvent.itemId)) return { _tag: 'UnknownItem', itemId: launchEvent.itemId };

  const root = machine.config as StateConfig;
  const leaves = activeLeafPaths(snapshot.value as StateValue);
  const seen = new Set<string>();
  const candidates: { state: string; guard: { type: string; params?: Record<string, string> } | undefined }[] = [];
  for (const leaf of leaves) {
    for (let depth = leaf.length; depth >= 0; depth -= 1) {
      const path = leaf.slice(0, depth);
      const name = path.join('.') || '(root)';
      if (seen.has(name)) continue;
      seen.add(name);
      for (const transition of transitionList(nodeAt(root, path)?.on?.[launchEvent.type])) candidates.push({ state: name, guard: transition.guard });
    }
  }
  const ev = launchEvent as unknown as { type: string; [key: string]: unknown };
  for (const { state, guard } of candidates) {
    if (!guard) continue;
    const spec = GUARDS[guard.type];
    const params = guard.params ?? {};
    if (spec && !spec.test(context, ev, params)) return { _tag: 'GuardFailed', guard: guard.type, params, state, reason: spec.why(context, ev, params) };
  }
  return { _tag: 'NotHandled', eventType: launchEvent.type, states: leaves.map((leaf) => leaf.join('.')) };
}

/** One readable sentence for an explanation. */
export function formatExplanation(explanation: Explanation): string {
  switch (explanation._tag) {
    case 'Accepted':
      return 'accepted';
    case 'InvalidEvent':
      return explanation.error._tag === 'UnknownEventType' ? `unknown event type ${JSON.stringify(explanation.error.type)}` : `invalid ${explanation.error.type} event: ${explanation.error.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`;
    case 'UnknownItem':
      return `no item "${explanation.itemId}" in this plan`;
    case 'NotHandled':
      return `${explanation.eventType} is not accepted in ${explanation.states.join(', ')}`;
    case 'GuardFailed':
      return `${explanation.state} refuses it: ${explanation.guard} (${explanation.reason})`;
  }
}
