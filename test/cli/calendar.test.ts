/** `launchplan calendar`: of a launch in a log (its own anchors) or of a plan file (--start, --go-live). */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { examplePath } from '../support/examples.ts';
import { parseEvents } from '../support/ical.ts';

describe('launchplan calendar', () => {
  it("should write a launch's calendar from its log, anchored at its start and go-live", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lp-calendar-'));
    const log = join(dir, 'go.jsonl');
    const who = ['--actor', 'ana', '--role', 'admin'];
    const goLive = '2027-01-15T10:00:00.000Z';
    const started = await runCli(
      'start',
      examplePath('mbayar-go-live'),
      '--log',
      log,
      ...who,
      '--go-live',
      goLive,
    );
    expect(started.code, started.err).toBe(0);
    const run = await runCli('calendar', '--log', log);
    expect(run.code, run.err).toBe(0);
    const events = parseEvents(run.bytes.toString('utf8'));
    expect(events.find((event) => event.uid === 'go/go-live@launchplan')?.start).toBe(goLive);
    expect(events.find((event) => event.uid === 'go/protocole-de-lancement/t-1h@launchplan')?.start).toBe(
      '2027-01-15T09:00:00.000Z',
    );
    const file = join(dir, 'go.ics');
    const json = await runCli('calendar', '--log', log, '--out', file, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ stream: 'go', goLiveAt: goLive, files: [file] });
    expect(parseEvents(readFileSync(file, 'utf8'))).toEqual(events);
  });

  it('should write the calendar of a plan file from --start, and refuse a bad time as a usage error', async () => {
    const run = await runCli('calendar', examplePath('lootopia-launch'), '--start', '2026-05-04T07:00:00Z');
    expect(run.code, run.err).toBe(0);
    const events = parseEvents(run.bytes.toString('utf8'));
    expect(events[0]).toMatchObject({ start: '2026-05-04T07:00:00.000Z', end: '2026-05-09T07:00:00.000Z' });
    expect((await runCli('calendar', examplePath('lootopia-launch'), '--start', 'tomorrow')).code).toBe(2);
  });
});
