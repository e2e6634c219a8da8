/**
 * Why a launch refused something, or cannot be replayed, as data. Every refusal writes nothing to
 * the log; the CLI and the HTTP layer turn these into text with `formatLaunchError` (and
 * `formatReplayError` for the replay errors alone).
 */
import type { Explanation } from '../compile/explain.ts';
import { formatExplanation } from '../compile/explain.ts';
import { formatPathErrors, type PathError } from '../codecErrors.ts';
import type { ExpectedVersion } from '../store/expectedVersion.ts';

/** Why a log cannot be replayed into a launch. */
export type ReplayError =
  | { _tag: 'NoSuchLaunch'; stream: string }
  | { _tag: 'NotALaunchLog'; stream: string; message: string }
  | { _tag: 'PlanMismatch'; logPlanHash: string; planHash: string; message: string };

/** One readable sentence for a replay error. */
export function formatReplayError(error: ReplayError): string {
  switch (error._tag) {
    case 'NoSuchLaunch':
      return `no launch in stream "${error.stream}": start one with launchplan start`;
    case 'NotALaunchLog':
      return `stream "${error.stream}" cannot be replayed: ${error.message}`;
    case 'PlanMismatch':
      return `plan mismatch: ${error.message}`;
  }
}

/**
 * An actor refused: who, with which roles, acting on what, and the roles that would do; or, for
 * an approval, the rule of the gate's policy it breaks (`rule`).
 */
export type NotAllowed = {
  _tag: 'NotAllowed';
  actor: string;
  roles: string[];
  required: string[];
  subject: string;
  rule?: string;
};

export type LaunchError =
  | ReplayError
  | NotAllowed
  | { _tag: 'InvalidEvent'; message: string; errors: PathError[] }
  | { _tag: 'NotAcceptedInState'; state: string[]; explanation: Exclude<Explanation, { _tag: 'Accepted' }> }
  | { _tag: 'VersionConflict'; expected: ExpectedVersion; actual: number }
  | { _tag: 'LaunchExists'; stream: string; version: number }
  | { _tag: 'InvalidStream'; stream: string; message: string }
  | ClockAhead;

/**
 * An event stamped further ahead of the host's clock than the allowed skew. Record times never go
 * backwards, so one event far in the future would stamp every later event of the launch there.
 */
export type ClockAhead = { _tag: 'ClockAhead'; at: string; now: string; maxSkewMs: number };

/** A length of time in its largest whole unit ("5 min", "3 d"). */
function span(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  const [size, name] = units.find(([size]) => Math.abs(ms) >= size) ?? [1, 'ms'];
  return `${Math.floor(ms / size)} ${name}`;
}

/**
 * The field errors not yet in the message, as `  path: message` lines. A decode error's message
 * lists its fields already (formatEventDecodeError); other messages (a bad `at`) do not.
 */
function unlisted(message: string, errors: readonly PathError[]): string[] {
  return errors.map((error) => formatPathErrors([error], '', '  ')).filter((line) => !message.includes(line));
}

/** One readable paragraph for a launch error. */
export function formatLaunchError(error: LaunchError): string {
  switch (error._tag) {
    case 'InvalidEvent':
      return `invalid event: ${error.message}${unlisted(error.message, error.errors)
        .map((line) => `\n${line}`)
        .join('')}`;
    case 'NotAllowed':
      if (error.rule !== undefined)
        return `not allowed: ${error.actor} may not approve ${error.subject}: ${error.rule}`;
      return `not allowed: ${error.actor} (roles: ${error.roles.join(', ') || 'none'}) may not act on ${error.subject}; it needs one of: ${error.required.join(', ')}`;
    case 'NotAcceptedInState':
      return error.explanation._tag === 'GuardFailed'
        ? `refused by ${error.explanation.guard} in ${error.explanation.state}: ${error.explanation.reason}`
        : `not accepted now (${error.state.join(', ')}): ${formatExplanation(error.explanation)}`;
    case 'VersionConflict':
      return `version conflict: expected version ${String(error.expected)}, the log is at ${error.actual}`;
    case 'PlanMismatch':
    case 'NoSuchLaunch':
    case 'NotALaunchLog':
      return formatReplayError(error);
    case 'LaunchExists':
      return `stream "${error.stream}" already holds a launch (version ${error.version})`;
    case 'InvalidStream':
      return `stream "${error.stream}": ${error.message}`;
    case 'ClockAhead':
      return `clock ahead: the event is stamped ${error.at}, ${span(Date.parse(error.at) - Date.parse(error.now))} ahead of this host's clock (${error.now}); at most ${span(error.maxSkewMs)} is accepted, so a simulated time never reaches a real log`;
  }
}
