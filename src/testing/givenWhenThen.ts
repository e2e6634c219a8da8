/**
 * given / when / then over a launch, in the style of Emmett's decider specs: given events the
 * launch already accepted, when one more input is sent, then the outcome (accepted and what the
 * checklist says, or refused and why) — on a fresh in-memory store, with a fixed clock.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Checklist } from '../checklist/derive.ts';
import type { Plan } from '../plan/model.ts';
import { createLaunch, decodeLaunchInput, type Launch, type LaunchError } from '../launch/index.ts';
import { createMemoryEventStore } from '../store/index.ts';

export type WhenOutcome =
  | { _tag: 'Accepted'; version: number; checklist: Checklist }
  | { _tag: 'Refused'; error: LaunchError; version: number; checklist: Checklist };

export interface Given {
  /** Sends one more input and returns the outcome; the log is the given events plus it, if accepted. */
  when(input: unknown): Promise<WhenOutcome>;
  launch: Launch;
}

const ACTOR = { id: 'given', roles: ['admin'] };

/**
 * Starts a launch of `plan` and sends `events`, every one of which must be accepted (otherwise
 * the result is the refusal, with the index of the event).
 *
 * @example
 * const spec = await given(plan, [launchStarted()]);
 * if (E.isRight(spec)) {
 *   const outcome = await spec.right.when(gateDecided({ gateId: 'gate/go', decision: 'go' }));
 *   outcome._tag === 'Refused' // criteria not done
 * }
 */
export async function given(
  plan: Plan,
  events: readonly unknown[],
): Promise<E.Either<{ index: number; error: LaunchError }, Given>> {
  let tick = Date.parse('2025-03-01T08:00:00.000Z');
  const created = await createLaunch({
    store: createMemoryEventStore(),
    stream: 'given',
    plan,
    actor: ACTOR,
    clock: () => new Date((tick += 60_000)),
  });
  if (E.isLeft(created)) return E.left({ index: -1, error: created.left });
  const launch = created.right;
  // Inputs are untrusted here (a test may send anything): decoded first, as at every boundary.
  const send = async (input: unknown) => {
    const event = decodeLaunchInput(input);
    return E.isLeft(event) ? event : launch.send(event.right);
  };
  for (const [index, event] of events.entries()) {
    const sent = await send(event);
    if (E.isLeft(sent)) return E.left({ index, error: sent.left });
  }
  return E.right({
    launch,
    async when(input) {
      const sent = await send(input);
      return E.isRight(sent)
        ? { _tag: 'Accepted', version: sent.right.version, checklist: launch.checklist() }
        : { _tag: 'Refused', error: sent.left, version: launch.version, checklist: launch.checklist() };
    },
  });
}
