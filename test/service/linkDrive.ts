/**
 * What the decision link tests share: a notifier that puts links for some people in the
 * notifications it posts to a receiver, and the console plan driven through the API to its gate.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import type { LinkPerson } from '../../src/service/links/noteLinks.ts';
import { parseNotifyConfig } from '../../src/service/notify/config.ts';
import type { Note } from '../../src/service/notify/notes.ts';
import { startNotifier, type Notifier } from '../../src/service/notify/notifier.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import type { Running } from './harness.ts';
import type { Receiver } from './receiver.ts';

export const PLAN = readFileSync(new URL('fixtures/console-plan.md', import.meta.url), 'utf8');
export const LINK_SECRET = 'a-link-secret-of-at-least-32-characters';
export const STREAM = 'checkout';
export const GATE = 'gate/go-no-go';

/** A notifier posting every notification of `store` to `chat`, with decision links of `run` for `people`. */
export async function startLinkNotifier(
  store: EventStore,
  run: Running,
  chat: Receiver,
  links: { people: LinkPerson[]; expiresIn?: string },
): Promise<Notifier> {
  const config = parseNotifyConfig(
    JSON.stringify({ webhooks: [{ id: 'chat', url: chat.url }], publicUrl: run.url, links }),
  );
  if (E.isLeft(config)) throw new Error(JSON.stringify(config.left));
  const started = await startNotifier({
    store,
    config: config.right,
    cursorsPath: join(mkdtempSync(join(tmpdir(), 'lp-links-')), 'cursors.json'),
    discoverMs: 50,
    linkSecret: LINK_SECRET,
    onError: () => undefined,
  });
  if (E.isLeft(started)) throw new Error(started.left.message);
  return started.right;
}

/** Creates the launch of `plan` and checks its preparation through the API; resolves with the gate's waiting notification. */
export async function driveToWaitingGate(
  run: Running,
  chat: Receiver,
  plan = PLAN,
): Promise<{ notes: () => Note[]; waiting: Note }> {
  const post = async (path: string, body: string) => (await run.request('POST', path, { body })).status;
  expect(await post(`/launches?stream=${STREAM}`, plan)).toBe(201);
  for (const item of [
    'infrastructure/database-replicas-in-sync',
    'infrastructure/cache-warmed-with-the-catalogue',
    'quality/smoke-tests-pass-on-staging',
    'quality/load-test-at-twice-the-peak-traffic',
  ])
    expect(
      await post(
        `/launches/${STREAM}/events`,
        JSON.stringify({ type: 'item.checked', itemId: `preparation/${item}` }),
      ),
    ).toBe(201);
  const notes = () => chat.deliveries.map((delivery) => JSON.parse(delivery.body) as Note);
  await chat.until(() => notes().some((note) => note.kind === 'gate.waiting'));
  return { notes, waiting: notes().find((note) => note.kind === 'gate.waiting')! };
}
