/**
 * The launch event vocabulary, derived from the registry (`registry.ts`): the event types, the
 * type of each event (`EventOf`) and of any (`LaunchEvent`), and the decoder of untrusted input.
 * Types are namespaced (`item.checked`, `alert.fired`). Build events with the factories in
 * `./factories.ts`; decode untrusted input with `decodeLaunchEvent`.
 */
import type * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { formatPathErrors, toPathErrors, type PathError } from '../codecErrors.ts';
import { EVENT_REGISTRY, type EventDeclaration } from './registry.ts';

export { GateDecision } from './registry.ts';

export type LaunchEventType = keyof typeof EVENT_REGISTRY;

/** The data of an event type: its fields besides `type`. */
export type EventData<K extends LaunchEventType> = t.TypeOf<(typeof EVENT_REGISTRY)[K]['codec']>;

/** The event of a type (of each type of a union of them). */
export type EventOf<K extends LaunchEventType> = { [P in K]: { type: P } & EventData<P> }[K];

/** Any launch event. */
export type LaunchEvent = EventOf<LaunchEventType>;

/**
 * The registry seen one event type at a time: each entry typed by its own data, so that code
 * generic in the event type reads the entry of that type (TypeScript correlates them).
 */
export const REGISTRY: { [K in LaunchEventType]: EventDeclaration<EventData<K>> } = EVENT_REGISTRY;

/** Every event type, in the registry's order. */
export const LAUNCH_EVENT_TYPES: readonly LaunchEventType[] =
  Object.keys(EVENT_REGISTRY).filter(isLaunchEventType);

/** Whether a string is an event type of the registry (its own keys: `constructor` or `__proto__` is none). */
function isLaunchEventType(type: string): type is LaunchEventType {
  return Object.hasOwn(EVENT_REGISTRY, type);
}

/** Why an input is not a launch event: an unknown type, or fields that do not fit its codec. */
export type EventDecodeError =
  | { _tag: 'UnknownEventType'; type: unknown; known: readonly string[] }
  | { _tag: 'InvalidEventData'; type: LaunchEventType; errors: PathError[] };

function decodeAs<K extends LaunchEventType>(
  type: K,
  input: unknown,
): E.Either<EventDecodeError, EventOf<K>> {
  const decoded = REGISTRY[type].codec.decode(input);
  return E.isRight(decoded)
    ? E.right({ ...decoded.right, type })
    : E.left({ _tag: 'InvalidEventData', type, errors: toPathErrors(decoded.left) });
}

/**
 * Decodes untrusted input (JSON from a log, an HTTP body) into a launch event.
 *
 * @example
 * decodeLaunchEvent({ type: 'item.checked', itemId: 'setup/db' }) // Right({ type: 'item.checked', itemId: 'setup/db' })
 */
export function decodeLaunchEvent(input: unknown): E.Either<EventDecodeError, LaunchEvent> {
  const type = typeof input === 'object' && input !== null && 'type' in input ? input.type : undefined;
  if (typeof type !== 'string' || !isLaunchEventType(type))
    return E.left({ _tag: 'UnknownEventType', type, known: LAUNCH_EVENT_TYPES });
  return decodeAs(type, input);
}

/** One readable message for an event decode error. */
export function formatEventDecodeError(error: EventDecodeError): string {
  if (error._tag === 'UnknownEventType')
    return `unknown event type ${JSON.stringify(error.type)} (known: ${error.known.join(', ')})`;
  return `invalid ${error.type} event:\n${formatPathErrors(error.errors, '\n', '  ')}`;
}

/**
 * An event in words, as the registry tells it.
 *
 * @example
 * tellEvent(itemChecked({ itemId: 'qa/smoke' }), new Map([['qa/smoke', 'Smoke tests']])) // 'checked: Smoke tests'
 */
export function tellEvent<K extends LaunchEventType>(
  event: EventOf<K>,
  names: ReadonlyMap<string, string>,
): string {
  const { tell }: { tell: (data: EventData<K>, names: ReadonlyMap<string, string>) => string } =
    REGISTRY[event.type];
  return tell(event, names);
}
