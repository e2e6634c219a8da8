/**
 * Damage in a launch's log, remembered per stream so that reads warn about it. A launch opened
 * from a keyed snapshot reads only the log after the snapshot, so a record damaged before it shows
 * only when something reads the whole log: a write (the file store catches up with the whole file
 * before its first append), or `verify`. The service verifies each launch it opens from a
 * snapshot once, in the background and one at a time, and records what a failed write met; status
 * answers and the console then carry the warning (issue 23: they answered 200 with none).
 */
import * as E from 'fp-ts/lib/Either.js';
import type { EventStore, LogIssue } from '../store/EventStore.ts';
import { withoutServerPaths } from './reply.ts';

/** What is known to be wrong with a stream's log. */
export interface LogDamage {
  readonly stream: string;
  /** The first version that does not verify (null: the file is not a log at all). */
  readonly version: number | null;
  readonly message: string;
}

export interface DamageWatch {
  /** Verifies a stream's whole log in the background, once, when a snapshot may have hidden its start. */
  check(stream: string): void;
  /** Records the damage a read or a write met. */
  note(issue: LogIssue): void;
  /** The damage known in a stream's log. */
  of(stream: string): LogDamage | undefined;
}

/**
 * A watch over one store's logs.
 *
 * @example
 * const damage = createDamageWatch(store);
 * damage.check('go-live');
 * damage.of('go-live') // { stream: 'go-live', version: 6, message: '…' } once verified
 */
export function createDamageWatch(store: EventStore): DamageWatch {
  const known = new Map<string, LogDamage>();
  const checked = new Set<string>();
  let queue: Promise<void> = Promise.resolve();
  const verify = async (stream: string): Promise<void> => {
    const snapshot = await store.loadSnapshot(stream);
    // Without a snapshot the launch was opened from its whole log, which was verified then.
    if (E.isLeft(snapshot) || snapshot.right === undefined) return;
    const result = await store.verify(stream);
    if (E.isRight(result) && !result.right.ok && result.right.reason !== 'TornTail')
      known.set(stream, {
        stream,
        version: result.right.firstBadVersion,
        message: withoutServerPaths(result.right.message),
      });
  };
  return {
    check(stream) {
      if (checked.has(stream)) return;
      checked.add(stream);
      // One verification at a time: opening many launches never starts many whole-log reads.
      queue = queue.then(() => verify(stream)).catch(() => undefined);
    },
    note(issue) {
      if (issue._tag === 'CorruptSnapshot') return;
      known.set(issue.stream, {
        stream: issue.stream,
        version: issue._tag === 'CorruptRecord' ? issue.version : null,
        message: withoutServerPaths(issue.message),
      });
    },
    of: (stream) => known.get(stream),
  };
}

/**
 * The `warnings` a read answer carries for a stream (none when its log is not known to be damaged).
 *
 * @example
 * ({ ...checklist, ...warningsOf(damage.of('go-live')) }) // { …, warnings: [{ kind: 'LogDamaged', version: 6, message }] }
 */
export function warningsOf(damage: LogDamage | undefined): {
  warnings?: { kind: 'LogDamaged'; version: number | null; message: string }[];
} {
  return damage
    ? {
        warnings: [
          {
            kind: 'LogDamaged',
            version: damage.version,
            message: `the log is damaged${damage.version === null ? '' : ` at version ${damage.version}`}: what is shown comes from a snapshot and the events after it; nothing can be written until the log is repaired (${damage.message})`,
          },
        ],
      }
    : {};
}
