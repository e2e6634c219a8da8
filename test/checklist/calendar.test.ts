/**
 * The iCalendar feed, read back by a real iCalendar parser (ical.js): every dated window is an
 * event from its beginning to its deadline, go-live is one, text is escaped and long lines folded.
 */
import { describe, expect, it } from 'vitest';
import { calendarEntries, renderCalendar } from '../../src/checklist/calendar.ts';
import { readExample } from '../support/examples.ts';
import { parseEvents } from '../support/ical.ts';

describe('the launch calendar', () => {
  it('should give each week window of a plan an event from its first day to its deadline', () => {
    const plan = readExample('etika-platform').plan;
    const text = renderCalendar({
      stream: 'etika',
      plan,
      startedAt: '2026-03-02T08:00:00.000Z',
      goLiveAt: null,
    });
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const events = parseEvents(text);
    expect(events).toHaveLength(6);
    expect(events[0]).toMatchObject({
      uid: 'etika/preparation-de-l-infrastructure@launchplan',
      start: '2026-03-02T08:00:00.000Z',
      end: '2026-03-16T08:00:00.000Z',
    });
    expect(events[0]?.summary).toContain("Préparation de l'Infrastructure (Semaines 1-2)");
    expect(events[1]).toMatchObject({ start: '2026-03-16T08:00:00.000Z', end: '2026-03-30T08:00:00.000Z' });
  });

  it('should date T±h windows and add go-live only once go-live is known', () => {
    const plan = readExample('mbayar-go-live').plan;
    const base = { stream: 'go', plan, startedAt: '2026-03-02T08:00:00.000Z' };
    const without = parseEvents(renderCalendar({ ...base, goLiveAt: null }));
    expect(without.some((event) => event.uid.includes('t-2h') || event.uid.includes('go-live@'))).toBe(false);
    const withGoLive = parseEvents(renderCalendar({ ...base, goLiveAt: '2026-03-30T10:00:00.000Z' }));
    expect(
      withGoLive.find((event) => event.uid === 'go/protocole-de-lancement/t-2h@launchplan'),
    ).toMatchObject({
      start: '2026-03-30T08:00:00.000Z',
      end: null,
    });
    expect(withGoLive.find((event) => event.uid === 'go/go-live@launchplan')?.start).toBe(
      '2026-03-30T10:00:00.000Z',
    );
    expect(calendarEntries({ ...base, goLiveAt: '2026-03-30T10:00:00.000Z' })).toHaveLength(
      withGoLive.length,
    );
  });

  it('should escape commas, semicolons and newlines so the parser gives the text back', () => {
    const plan = readExample('etika-platform').plan;
    const odd = {
      ...plan,
      title:
        'Go; live, now\nreally — with a title long enough to be folded over more than one line of the file',
    };
    const events = parseEvents(
      renderCalendar({ stream: 'etika', plan: odd, startedAt: '2026-03-02T08:00:00.000Z', goLiveAt: null }),
    );
    expect(events[0]?.description).toContain(odd.title);
  });
});
