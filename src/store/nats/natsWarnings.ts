/**
 * What the NATS store tells its operator without failing: a server with the known defect of
 * replicated streams, a stream with fewer replicas than asked, an append skipped as a fork. Each
 * is data with its text; by default they go to `process.emitWarning` (stderr, once per event).
 */
import type { SkippedAppend } from '../verifyChain.ts';

/** A warning of the NATS store. */
export type NatsStoreWarning =
  | { readonly _tag: 'KnownServerDefect'; readonly serverVersion: string; readonly message: string }
  | {
      readonly _tag: 'FewerReplicas';
      readonly jetStreamStream: string;
      readonly replicas: number;
      readonly asked: number;
      readonly message: string;
    }
  | {
      readonly _tag: 'ReplicasUpgraded';
      readonly jetStreamStream: string;
      readonly from: number;
      readonly to: number;
      readonly message: string;
    }
  | {
      readonly _tag: 'SkippedAppend';
      readonly stream: string;
      readonly skipped: SkippedAppend;
      readonly message: string;
    };

/** The default warning sink: a process warning of type `LaunchplanWarning`, coded by tag. */
export const emitProcessWarning = (warning: NatsStoreWarning): void => {
  process.emitWarning(warning.message, { type: 'LaunchplanWarning', code: warning._tag });
};

/** Whether a server version is older than 2.10.0, the line we know has the fix. */
const olderThan210 = (version: string): boolean => {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major < 2 || (major === 2 && minor < 10);
};

/**
 * The warning for a server that can accept two publishes with the same expected subject sequence
 * on a replicated stream (nats-io/nats-server#4320, reported on 2.9.15–2.9.20, seen here on
 * 2.9.10), if this one may have it. Which 2.9 patch fixed it is not established, so every 2.9
 * server is named; the store never relies on that check alone anyway.
 */
export const serverDefectWarning = (serverVersion: string, replicas: number): NatsStoreWarning | undefined =>
  replicas > 1 && olderThan210(serverVersion)
    ? {
        _tag: 'KnownServerDefect',
        serverVersion,
        message:
          `nats-server ${serverVersion} can accept two concurrent publishes with the same expected subject sequence on a replicated stream ` +
          '(nats-io/nats-server#4320). launchplan confirms every append and skips the second one on every host, so no fork is acknowledged, ' +
          'but each such race costs the loser a retry: upgrade the servers to 2.10 or later',
      }
    : undefined;
