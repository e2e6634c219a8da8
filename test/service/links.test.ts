/**
 * Approve from the message (issue 24): the notification of a waiting gate carries, for each
 * person the configuration names, signed approve and no-go links bound to that person. Following
 * one shows a confirmation page and changes nothing; confirming records the decision with that
 * person as actor, under the gate's approval policy; a second use answers 410, a changed token
 * 401, an expired one 410; and a second notification says who decided, in the same thread.
 */
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import type { PersonLinks } from '../../src/service/links/noteLinks.ts';
import { signLink, verifyLink } from '../../src/service/links/token.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import type { EventStore } from '../../src/store/EventStore.ts';
import { startService, type Running } from './harness.ts';
import { driveToWaitingGate, GATE, LINK_SECRET, PLAN, startLinkNotifier, STREAM } from './linkDrive.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A service with links on, a notifier posting to a receiver, and `plan` driven to its gate. */
async function atGate(plan: string) {
  const store = createMemoryEventStore();
  const run: Running = await startService(store, { linkSecret: LINK_SECRET });
  const chat: Receiver = await startReceiver();
  cleanup.push(
    () => run.close(),
    () => chat.close(),
  );
  const notifier = await startLinkNotifier(store, run, chat, {
    people: [
      { id: 'ana', roles: ['lead'] },
      { id: 'ben', roles: ['lead'] },
      { id: 'vic', roles: [] },
    ],
    expiresIn: '2h',
  });
  cleanup.push(() => notifier.close());
  const { notes, waiting } = await driveToWaitingGate(run, chat, plan);
  const links = new Map((waiting.details['links'] as PersonLinks[]).map((links) => [links.person, links]));
  return { store, run, chat, notes, waiting, links };
}

/** A link's path on the service. */
const pathOf = (link: string | null): string => new URL(link ?? 'http://x/none').pathname;

const logOf = async (store: EventStore): Promise<EventEnvelope[]> => {
  const out: EventEnvelope[] = [];
  for await (const event of store.read(STREAM)) out.push(event);
  return out;
};

const form = (reason: string) => ({
  body: `reason=${encodeURIComponent(reason)}`,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  token: null,
});

describe('decision links', () => {
  it('should confirm on GET, record once on POST as the person, and refuse a second use, a changed or an expired link', async () => {
    const { store, run, chat, notes, waiting, links } = await atGate(PLAN);
    expect([...links.keys()]).toEqual(['ana', 'ben']);
    const ana = links.get('ana')!;
    expect(ana.approve).toMatch(new RegExp(`^${run.url}/approve/`));
    const before = (await logOf(store)).length;

    const shown = await run.request('GET', pathOf(ana.approve), { token: null });
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('id="link-person">ana<');
    expect(shown.text).not.toContain('link-not-waiting');
    expect(shown.headers.get('content-security-policy')).toContain("form-action 'self'");
    expect(await logOf(store)).toHaveLength(before);

    const recorded = await run.request('POST', pathOf(ana.approve), form('figures reviewed'));
    expect(recorded.status).toBe(200);
    expect(recorded.text).toContain('the gate is go');
    const decided = (await logOf(store)).filter((event) => event.type === 'gate.decided');
    expect(decided).toHaveLength(1);
    expect(decided[0]).toMatchObject({
      actor: { id: 'ana', roles: ['lead'] },
      data: { gateId: GATE, decision: 'go', reason: 'figures reviewed' },
    });

    expect((await run.request('POST', pathOf(ana.approve), form('again'))).status).toBe(410);
    expect((await run.request('GET', pathOf(ana.approve), { token: null })).status).toBe(410);
    // Ben's no-go link is his own, unused: the launch left the gate, so it is refused, not 410.
    expect((await run.request('GET', pathOf(links.get('ben')!.noGo), { token: null })).text).toContain(
      'id="link-not-waiting"',
    );
    expect((await run.request('POST', pathOf(links.get('ben')!.noGo), form('late'))).status).toBe(409);
    expect((await logOf(store)).filter((event) => event.type === 'gate.decided')).toHaveLength(1);

    const token = pathOf(ana.noGo).replace('/approve/', '');
    const [body, signature] = token.split('.') as [string, string];
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    expect((await run.request('GET', `/approve/${body}.${flipped}`, { token: null })).status).toBe(401);
    const claims = verifyLink(LINK_SECRET, token, new Date(waiting.at));
    if (E.isLeft(claims)) throw new Error(claims.left._tag);
    const forged = signLink('another-secret-of-at-least-32-characters', { ...claims.right, person: 'vic' });
    expect((await run.request('POST', `/approve/${forged}`, form('mine'))).status).toBe(401);
    const expired = signLink(LINK_SECRET, {
      ...claims.right,
      expires: new Date(Date.now() - 1000).toISOString(),
    });
    expect((await run.request('GET', `/approve/${expired}`, { token: null })).status).toBe(410);

    // The second notification says who decided, in the waiting gate's thread.
    await chat.until(() => notes().some((note) => note.kind === 'gate.decided'));
    const said = notes().find((note) => note.kind === 'gate.decided')!;
    expect(said).toMatchObject({ actor: 'ana', details: { decision: 'go', by: 'ana' } });
    expect(said.details['thread']).toBe(waiting.details['thread']);
  });

  it('should count a link approval as that person’s under the gate’s approval policy', async () => {
    const governed = `---\nlaunchplan:\n  approvals:\n    '*': { approvers: 2 }\n---\n${PLAN}`;
    const { store, run, links } = await atGate(governed);
    expect((await run.request('POST', pathOf(links.get('ana')!.approve), form('ok'))).status).toBe(200);
    expect((await logOf(store)).filter((event) => event.type === 'gate.decided')).toEqual([]);
    const second = await run.request('POST', pathOf(links.get('ben')!.approve), form('ok too'));
    expect(second.text).toContain('the gate is go');
    const decided = (await logOf(store)).filter((event) => event.type === 'gate.decided');
    expect(decided).toHaveLength(1);
    expect(decided[0]?.data).toMatchObject({ decision: 'go', approvers: ['ana', 'ben'] });
  });

  it('should write one decision when a link is posted twice at once', async () => {
    const { store, run, links } = await atGate(PLAN);
    const path = pathOf(links.get('ana')!.noGo);
    const answers = await Promise.all([
      run.request('POST', path, form('not yet')),
      run.request('POST', path, form('not yet')),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 410]);
    const decided = (await logOf(store)).filter((event) => event.type === 'gate.decided');
    expect(decided).toHaveLength(1);
    expect(decided[0]).toMatchObject({ actor: { id: 'ana' }, data: { decision: 'no-go' } });
  });
});
