/**
 * Where a live launch comes from: `createLaunch` starts one in an empty stream (its first event
 * records the plan), `openLaunch` rebuilds one from its log.
 */
import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import type { NewEvent } from '../events/envelope.ts';
import { isVersionConflict } from '../store/expectedVersion.ts';
import type { LaunchError } from './errors.ts';
import type { Launch, LaunchOptions, PlanInput } from './launchApi.ts';
import { LiveLaunch } from './LiveLaunch.ts';
import { LAUNCH_CREATED, planAndSource, planRecord } from './planRecord.ts';
import { replayState } from './replay.ts';

/**
 * Starts a launch of a plan in an empty stream: its first event records the plan (and, for a
 * loaded plan file, its source, so any host can write the Markdown checklist from the log).
 *
 * @example
 * const loaded = await loadPlanFile('go-live.md');
 * if (E.isRight(loaded)) await createLaunch({ store, stream: 'go-live', plan: loaded.right, actor: { id: 'bot', roles: ['lead'] } });
 */
export async function createLaunch(
  options: LaunchOptions & { plan: PlanInput },
): Promise<E.Either<LaunchError, Launch>> {
  const { plan, source } = planAndSource(options.plan);
  const created: NewEvent = {
    eventId: randomUUID(),
    type: LAUNCH_CREATED,
    data: planRecord(plan, source),
    at: (options.clock ?? (() => new Date()))().toISOString(),
    actor: options.actor,
    planHash: plan.hash,
  };
  const appended = await options.store.append(options.stream, [created], { expectedVersion: 'no_stream' });
  if (E.isLeft(appended)) {
    const error = appended.left;
    if (isVersionConflict(error))
      return E.left({ _tag: 'LaunchExists', stream: options.stream, version: error.actual });
    return E.left({
      _tag: 'InvalidStream',
      stream: options.stream,
      message: 'message' in error ? error.message : error._tag,
    });
  }
  return openLaunch(options);
}

/**
 * Opens the launch of a stream by replaying its log (from its latest snapshot when the key opens it).
 *
 * @example
 * const opened = await openLaunch({ store, stream: 'go-live', actor: { id: 'bot', roles: ['lead'] } });
 */
export async function openLaunch(options: LaunchOptions): Promise<E.Either<LaunchError, Launch>> {
  const replayed = await replayState(options.store, options.stream, {
    snapshotKey: options.snapshotKey ?? null,
  });
  return E.isRight(replayed) ? E.right(new LiveLaunch(options, replayed.right)) : replayed;
}
