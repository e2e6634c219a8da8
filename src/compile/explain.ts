/**
 * Why the current state refuses an event, as data: the event does not decode, names an item the
 * plan does not have, is handled by no active state, or every transition for it is guarded by
 * a guard that says no (which guard, in which state, and why in words).
 */
import * as E from 'fp-ts/lib/Either.js';
import { formatPathErrors } from '../codecErrors.ts';
import { decodeLaunchEvent, type EventDecodeError } from '../events/vocabulary.ts';
import { bindGuard, type GuardName, type GuardParamsByName } from './guards.ts';
import { isActive, type ChartLayout } from './layout.ts';
import type { LaunchSnapshot } from './snapshot.ts';
import { activeLeafPaths } from './statePaths.ts';

/** The params of a guard that refused, as the config gave them (empty for a guard without params). */
export type RefusingParams = NonNullable<GuardParamsByName[GuardName]> | Record<string, never>;

export type Rejection =
  | { _tag: 'InvalidEvent'; error: EventDecodeError }
  | { _tag: 'UnknownItem'; itemId: string }
  | { _tag: 'NotHandled'; eventType: string; states: string[] }
  | { _tag: 'GuardFailed'; guard: GuardName; params: RefusingParams; state: string; reason: string };

export type Explanation = { _tag: 'Accepted' } | Rejection;

/**
 * Explains whether `snapshot` accepts `event` and, when it does not, who refused it.
 *
 * @example
 * explainRejection(layout, actor.getSnapshot(), gateDecided({ gateId: 'gate/go', decision: 'go' }))
 * // { _tag: 'GuardFailed', guard: 'goAllowed', state: 'progress.running.gate/go', reason: 'alert(s) open: p99' }
 */
export function explainRejection(
  layout: ChartLayout,
  snapshot: Pick<LaunchSnapshot, 'value' | 'context' | 'can'>,
  event: unknown,
): Explanation {
  const decoded = decodeLaunchEvent(event);
  if (E.isLeft(decoded)) return { _tag: 'InvalidEvent', error: decoded.left };
  const launchEvent = decoded.right;
  if (snapshot.can(launchEvent)) return { _tag: 'Accepted' };
  const { context, value } = snapshot;
  if ('itemId' in launchEvent && !Object.hasOwn(context.plan.items, launchEvent.itemId))
    return { _tag: 'UnknownItem', itemId: launchEvent.itemId };
  // The active states that declare transitions for the event, in the layout's order (deepest first).
  const handlers = (layout.handlers.get(launchEvent.type) ?? []).filter((at) => isActive(value, at.path));
  for (const { path, transitions } of handlers) {
    for (const { guard } of transitions) {
      const bound = guard ? bindGuard(guard) : undefined;
      if (guard && bound && !bound.test(context, launchEvent))
        return {
          _tag: 'GuardFailed',
          guard: guard.type,
          params: guard.params ?? {},
          state: path.join('.') || '(root)',
          reason: bound.why(context, launchEvent),
        };
    }
  }
  return {
    _tag: 'NotHandled',
    eventType: launchEvent.type,
    states: activeLeafPaths(value).map((leaf) => leaf.join('.')),
  };
}

/** One readable sentence for an explanation. */
export function formatExplanation(explanation: Explanation): string {
  switch (explanation._tag) {
    case 'Accepted':
      return 'accepted';
    case 'InvalidEvent':
      return explanation.error._tag === 'UnknownEventType'
        ? `unknown event type ${JSON.stringify(explanation.error.type)}`
        : `invalid ${explanation.error.type} event: ${formatPathErrors(explanation.error.errors, '; ')}`;
    case 'UnknownItem':
      return `no item "${explanation.itemId}" in this plan`;
    case 'NotHandled':
      return `${explanation.eventType} is not accepted in ${explanation.states.join(', ')}`;
    case 'GuardFailed':
      return `${explanation.state} refuses it: ${explanation.guard} (${explanation.reason})`;
  }
}
