/**
 * The boundary before `Launch.send`: untrusted input (a CLI argument, an HTTP body, JavaScript
 * without types) decoded into a launch event, and a sender's own time moved to `reportedAt`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { ISO_TIME_HINT, parseIsoTime } from '../events/isoTime.ts';
import { decodeLaunchEvent, formatEventDecodeError, type LaunchEvent } from '../events/vocabulary.ts';
import { PLAN_REVISED } from './planRecord.ts';
import type { LaunchError } from './errors.ts';

/**
 * Decodes untrusted input (a CLI argument, an HTTP body) into a launch event, or the
 * `InvalidEvent` error `send` would give: the boundary before `Launch.send`.
 */
export function decodeLaunchInput(input: unknown): E.Either<LaunchError, LaunchEvent> {
  return pipe(
    decodeLaunchEvent(input),
    E.mapLeft((error): LaunchError => ({
      _tag: 'InvalidEvent',
      message: formatEventDecodeError(error),
      errors: error._tag === 'InvalidEventData' ? error.errors : [],
    })),
  );
}

const notATime = (type: string, field: string, value: unknown): LaunchError => ({
  _tag: 'InvalidEvent',
  message: `${type}: ${field} is not a date`,
  errors: [{ path: field, message: `expected ${ISO_TIME_HINT}, got ${JSON.stringify(value)}` }],
});

/** The record time is the runtime's: a sender's own time is kept as `reportedAt` (see `sendNow`). */
export type Decoded = { event: LaunchEvent; data: Record<string, unknown> };

/** Decodes an event sent to a launch, and moves a time its sender gave (`at`) to `reportedAt`. */
export function decodeSent(input: unknown): E.Either<LaunchError, Decoded> {
  const decoded = decodeLaunchInput(input);
  if (E.isLeft(decoded)) return decoded;
  const { type, at: reported, by: _by, ...fields } = decoded.right;
  if (type === PLAN_REVISED)
    return E.left({
      _tag: 'InvalidEvent',
      message: 'plan.revised is sent by revise(plan), which records the edited plan',
      errors: [],
    });
  const reportedAt = reported === undefined ? undefined : parseIsoTime(reported);
  if (reportedAt === null) return E.left(notATime(type, 'at', reported));
  if (
    decoded.right.type === 'launch.started' &&
    decoded.right.goLiveAt !== undefined &&
    parseIsoTime(decoded.right.goLiveAt) === null
  )
    return E.left(notATime(type, 'goLiveAt', decoded.right.goLiveAt));
  const data: Record<string, unknown> =
    reportedAt === undefined ? fields : { ...fields, reportedAt: reportedAt.toISOString() };
  return E.right({ event: decoded.right, data });
}
