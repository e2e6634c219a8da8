/** Why a log cannot be replayed into a launch, as data, and as text (`formatReplayError`). */

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
