/**
 * Approve from the message, in headless Chromium (Debian's /usr/bin/chromium driven by
 * playwright-core): a webhook receiver on loopback takes the notification of a waiting gate; the
 * person's approve link opens a confirmation page that changes nothing; confirming records the
 * go as that person; the console shows the gate passed; following the link again is refused (410).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../src/events/envelope.ts';
import type { PersonLinks } from '../../src/service/links/noteLinks.ts';
import { type Notifier } from '../../src/service/notify/notifier.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { startService, type Running } from '../service/harness.ts';
import { driveToWaitingGate, GATE, LINK_SECRET, startLinkNotifier, STREAM } from '../service/linkDrive.ts';
import { startReceiver, type Receiver } from '../service/receiver.ts';
import { servicesRequired } from '../store/helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);

describe.skipIf(!available && !servicesRequired())('a decision link followed in Chromium', () => {
  const store = createMemoryEventStore();
  let run: Running;
  let chat: Receiver;
  let notifier: Notifier;
  let browser: Browser;

  beforeAll(async () => {
    run = await startService(store, { linkSecret: LINK_SECRET, publicPage: true }, 3410);
    chat = await startReceiver();
    notifier = await startLinkNotifier(store, run, chat, { people: [{ id: 'ana', roles: ['lead'] }] });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await notifier?.close();
    await chat?.close();
    await run?.close();
  });

  it('should confirm, record the go as the person, show it in the console, and refuse the link again', async () => {
    const { notes, waiting } = await driveToWaitingGate(run, chat);
    const [links] = waiting.details['links'] as PersonLinks[];
    const approve = links!.approve!;
    const log = async (): Promise<EventEnvelope[]> => {
      const out: EventEnvelope[] = [];
      for await (const event of store.read(STREAM)) out.push(event);
      return out;
    };
    const before = (await log()).length;

    const page = await browser.newPage();
    const shown = await page.goto(approve);
    expect(shown?.status()).toBe(200);
    expect(await page.textContent('#link-person')).toBe('ana');
    expect(await log()).toHaveLength(before);

    await page.fill('input[name="reason"]', 'numbers look right');
    await Promise.all([page.waitForURL(approve), page.click('#link-confirm')]);
    expect(await page.textContent('#link-recorded')).toContain('by ana');
    const decided = (await log()).filter((event) => event.type === 'gate.decided');
    expect(decided).toHaveLength(1);
    expect(decided[0]).toMatchObject({
      actor: { id: 'ana' },
      data: { decision: 'go', reason: 'numbers look right' },
    });

    await page.goto(`${run.url}/launches/${STREAM}/page`);
    await page.waitForSelector(`.gate[data-id="${GATE}"] .pill`);
    expect(await page.textContent(`.gate[data-id="${GATE}"] .pill`)).toBe('go');

    const again = await page.goto(approve);
    expect(again?.status()).toBe(410);
    expect(await page.textContent('#link-refusal')).toContain('works once');

    await chat.until(() => notes().some((note) => note.kind === 'gate.decided'));
    expect(notes().find((note) => note.kind === 'gate.decided')?.details).toMatchObject({
      by: 'ana',
      thread: waiting.details['thread'],
    });
  }, 60_000);
});
