/**
 * Every window becomes a date once its anchor is known: start-anchored windows (J+N, weeks) at
 * `launch.started`, T±h windows once go-live is set; the countdown to go-live is counted at the
 * caller's time, so the checklist stays a pure function of the log.
 */
import { describe, expect, it } from 'vitest';
import {
  formatCountdown,
  secondsToGoLive,
  withCountdown,
  withoutCountdown,
} from '../../src/checklist/countdown.ts';
import { renderChecklistTree } from '../../src/checklist/terminal.ts';
import { launchStarted } from '../../src/events/factories.ts';
import { createLaunch } from '../../src/launch/index.ts';
import { createMemoryEventStore } from '../../src/store/index.ts';
import { right } from '../support/either.ts';
import { readExample, type ExampleId } from '../support/examples.ts';

const START = '2026-03-02T08:00:00.000Z';
const lead = { id: 'lead', roles: ['admin'] };

async function started(id: ExampleId, goLiveAt?: string) {
  const clock = () => new Date(START);
  const launch = right(
    await createLaunch({
      store: createMemoryEventStore(),
      stream: id,
      plan: readExample(id).plan,
      actor: lead,
      clock,
    }),
  );
  right(await launch.send(launchStarted(goLiveAt ? { goLiveAt } : {})));
  return launch.checklist();
}

describe('dates of the windows', () => {
  it('should date start-anchored windows from launch.started: weeks 1-2 end 14 days later, J+1 - J+5 five days later', async () => {
    const etika = await started('etika-platform');
    expect(etika.schedule).toEqual({ startedAt: START, goLiveAt: null });
    expect(etika.phases[0]).toMatchObject({
      window: 'Semaines 1-2',
      due: '2026-03-16T08:00:00.000Z',
      overdue: false,
    });
    expect(etika.phases.at(-1)).toMatchObject({ window: null, due: null });
    const lootopia = await started('lootopia-launch');
    expect(lootopia.phases[0]?.steps[0]).toMatchObject({
      window: 'J+1 - J+5',
      due: '2026-03-07T08:00:00.000Z',
    });
  });

  it('should leave T±h windows without a date until go-live is known, then date them from it', async () => {
    const step = (checklist: Awaited<ReturnType<typeof started>>, id: string) =>
      checklist.phases.flatMap((phase) => phase.steps).find((candidate) => candidate.id === id);
    const unknown = await started('mbayar-go-live');
    expect(step(unknown, 'protocole-de-lancement/t-2h')?.due).toBeNull();
    const known = await started('mbayar-go-live', '2026-03-30T10:00:00.000Z');
    expect(step(known, 'protocole-de-lancement/t-2h')?.due).toBe('2026-03-30T08:00:00.000Z');
    expect(step(known, 'protocole-de-lancement/t-plus-1h')?.due).toBe('2026-03-30T11:00:00.000Z');
    expect(known.schedule.goLiveAt).toBe('2026-03-30T10:00:00.000Z');
  });
});

describe('the go-live countdown', () => {
  it('should count the seconds to go-live at the given time, negative once it has passed', async () => {
    const checklist = await started('mbayar-go-live', '2026-03-30T10:00:00.000Z');
    expect(secondsToGoLive(checklist, new Date('2026-03-30T09:00:00.000Z'))).toBe(3600);
    expect(secondsToGoLive(checklist, new Date('2026-03-30T10:00:30.000Z'))).toBe(-30);
    expect(withCountdown(checklist, new Date('2026-03-29T10:00:00.000Z'))).toMatchObject({
      now: '2026-03-29T10:00:00.000Z',
      secondsToGoLive: 86_400,
    });
    expect(secondsToGoLive(await started('etika-platform'), new Date())).toBeNull();
  });

  it('should give back the checklist alone when the countdown is taken away, whatever the clock said', async () => {
    const checklist = await started('mbayar-go-live', '2026-03-30T10:00:00.000Z');
    const early = withCountdown(checklist, new Date('2026-03-29T10:00:00.000Z'));
    const late = withCountdown(checklist, new Date('2026-03-30T11:00:00.000Z'));
    expect(early).not.toEqual(late);
    expect(withoutCountdown(early)).toEqual(checklist);
    expect(withoutCountdown(late)).toEqual(withoutCountdown(early));
  });

  it('should say the countdown in words and show it with the due dates in the terminal tree', async () => {
    expect(formatCountdown(9000)).toBe('in 2 h 30 min');
    expect(formatCountdown(3 * 86_400 + 7200 + 60)).toBe('in 3 d 2 h');
    expect(formatCountdown(-600)).toBe('10 min ago');
    expect(formatCountdown(20)).toBe('in less than a minute');
    const checklist = await started('mbayar-go-live', '2026-03-30T10:00:00.000Z');
    const tree = renderChecklistTree(checklist, { color: false, now: new Date('2026-03-30T07:00:00.000Z') });
    expect(tree).toContain('go-live 2026-03-30T10:00:00.000Z (in 3 h)');
    expect(tree).toMatch(/T-2h.* due 2026-03-30T08:00:00\.000Z/);
  });
});
