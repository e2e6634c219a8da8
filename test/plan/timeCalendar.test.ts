/**
 * The calendar of the time grammar (src/plan/timeCalendar.ts) on lines as plans write them in
 * seven languages: times of day and their zones, dates written out with their time, bounds, and
 * the go-live anchor of a plan's header.
 */
import { describe, expect, it } from 'vitest';
import { parseGoLiveAnchor, parseWindow } from '../../src/plan/time.ts';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('times of day', () => {
  it.each([
    ['Go-live at 10:00 AM', { raw: '10:00 AM', from: 600, to: 600 }],
    ['Support hours: 7:00 AM - 11:00 PM', { raw: '7:00 AM - 11:00 PM', from: 420, to: 1380 }],
    ['Office hours 9am–5pm', { raw: '9am–5pm', from: 540, to: 1020 }],
    ['Freeze from 12 a.m.', { raw: '12 a.m.', from: 0, to: 0 }],
    ['Bascule à 21h30', { raw: '21h30', from: 1290, to: 1290 }],
    ['Bascule à 9h', { raw: '9h', from: 540, to: 540 }],
    ['Fenêtre de 9h à 17h', { raw: '9h à 17h', from: 540, to: 1020 }],
    ['Ventana a las 22:00', { raw: '22:00', from: 1320, to: 1320 }],
    ['Wartungsfenster 14:00-15:00 Uhr', { raw: '14:00-15:00 Uhr', from: 840, to: 900 }],
    ['Umstellung um 16 Uhr', { raw: '16 Uhr', from: 960, to: 960 }],
    ['Finestra ore 14:00', { raw: '14:00', from: 840, to: 840 }],
    ['Omschakeling om 9 uur', { raw: '9 uur', from: 540, to: 540 }],
  ])('should read the time of day in "%s"', (text, expected) => {
    expect(parseWindow(text)).toEqual({ unit: 'minute', anchor: 'clock', ...expected });
  });

  it.each([
    ['Cutover 01:00 UTC', '01:00 UTC', 'UTC'],
    ['Go-live 10:00 AM MSK', '10:00 AM MSK', 'MSK'],
    ['Bascule 14:00 CET', '14:00 CET', 'CET'],
    ['Deploy 9am PT', '9am PT', 'PT'],
    ['Start 10:00 UTC+2', '10:00 UTC+2', 'UTC+2'],
    ['Inicio 08:00 GMT-3', '08:00 GMT-3', 'GMT-3'],
    ['Umstellung 22:00 (CEST)', '22:00 (CEST)', 'CEST'],
    ['Livegang 06:00 Europe/Amsterdam', '06:00 Europe/Amsterdam', 'Europe/Amsterdam'],
  ])('should keep the zone after the time in "%s"', (text, raw, zone) => {
    expect(parseWindow(text)).toMatchObject({ raw, anchor: 'clock', zone });
  });

  it.each([
    ['Deploy (2h)'],
    ['Indisponibilité supérieure à 2 h'],
    ["Rollback jusqu'à 2h"],
    ['Tempo de resposta inferior a 2h'],
    ['Fenster 9h-12h'],
    ['Ask 2 PMs to review'],
  ])('should leave "%s" without a time of day', (text) => {
    expect(parseWindow(text)).toBeNull();
  });

  it('should read "Meeting um 9 am Montag" as on Monday, not at 9', () => {
    expect(parseWindow('Meeting um 9 am Montag')).toMatchObject({
      raw: 'Montag',
      anchor: 'weekday',
      from: 1,
    });
  });
});

describe('weekdays', () => {
  it.each([
    ['Monday-Tuesday: app icon', 'Monday-Tuesday', 1, 2],
    ['du lundi au mercredi', 'lundi au mercredi', 1, 3],
    ['Viernes: lanzamiento', 'Viernes', 5, 5],
    ['quarta-feira: testes', 'quarta-feira', 3, 3],
    ['Donnerstag bis Freitag', 'Donnerstag bis Freitag', 4, 5],
  ])('should read "%s" as a day of the week', (text, raw, from, to) => {
    expect(parseWindow(text)).toEqual({ raw, unit: 'day', from, to, anchor: 'weekday' });
  });

  it('should leave the date or the time as the window when a weekday names it, and "segunda fase" alone', () => {
    expect(parseWindow('Samstag 09:00-13:00')?.anchor).toBe('clock');
    expect(parseWindow('Friday, December 19, 2025')?.anchor).toBe('date');
    expect(parseWindow('Friday: T-2h deploy')?.raw).toBe('T-2h');
    expect(parseWindow('segunda fase do projeto')).toBeNull();
  });
});

describe('dates', () => {
  it.each([
    ['Monday 4th September 2023', '2023-09-04'],
    ['Friday, December 19, 2025', '2025-12-19'],
    ['Monday the 4th of September 2023', '2023-09-04'],
    ['lundi 15 mars 2025', '2025-03-15'],
    ['samedi 1er mars 2025', '2025-03-01'],
    ['martes 4 de marzo de 2025', '2025-03-04'],
    ['sábado, 1º de março de 2025', '2025-03-01'],
    ['segunda-feira, 3 de março de 2025', '2025-03-03'],
    ['Montag, 4. September 2023', '2023-09-04'],
    ['Mo., 4. Sept. 2023', '2023-09-04'],
    ['lunedì 4 settembre 2023', '2023-09-04'],
    ['venerdì 1° marzo 2024', '2024-03-01'],
    ['maandag 4 september 2023', '2023-09-04'],
    ['za 15 mrt 2025', '2025-03-15'],
    ['15-03-2026', '2026-03-15'],
  ])('should read the date in "%s"', (text, iso) => {
    expect(parseWindow(`Go-live: ${text}`)).toEqual({
      raw: text,
      unit: 'day',
      from: day(iso),
      to: day(iso),
      anchor: 'date',
    });
  });

  it.each([
    ['15/03/2025 à 06h00', '2025-03-15', 360, undefined],
    ['2025-03-15 06:00 UTC', '2025-03-15', 360, 'UTC'],
    ['December 19, 2025, 10:00 AM MSK', '2025-12-19', 600, 'MSK'],
    ['2025-03-15T06:00:00Z', '2025-03-15', 360, 'Z'],
    ['2025-03-15T06:00+01:00', '2025-03-15', 360, '+01:00'],
    ['martes 4 de marzo de 2025 a las 22:00', '2025-03-04', 1320, undefined],
    ['4. März 2025 um 14 Uhr', '2025-03-04', 840, undefined],
    ['4 marzo 2025 alle 21:00 CET', '2025-03-04', 1260, 'CET'],
    ['4 maart 2025 om 9.30 uur', '2025-03-04', 570, undefined],
    ['1º de março de 2025 às 10h', '2025-03-01', 600, undefined],
  ])('should keep the time and zone after the date in "%s"', (text, iso, time, zone) => {
    const window = parseWindow(`Cutover: ${text}`);
    expect(window).toMatchObject({
      raw: text,
      unit: 'day',
      from: day(iso),
      to: day(iso),
      anchor: 'date',
      time,
    });
    expect(window?.zone).toBe(zone);
  });
});

describe('bounds', () => {
  it.each([
    ['Abnahme vor 16.11.2026', 'vor 16.11.2026', '2026-11-16', 'before'],
    ['Sign-off before March 3, 2026', 'before March 3, 2026', '2026-03-03', 'before'],
    ['Recette avant le 15/03/2026', 'avant le 15/03/2026', '2026-03-15', 'before'],
    ['Pruebas antes del 15/03/2026', 'antes del 15/03/2026', '2026-03-15', 'before'],
    ['Homologação até 15/03/2026', 'até 15/03/2026', '2026-03-15', 'before'],
    ['Collaudo entro il 15/03/2026', 'entro il 15/03/2026', '2026-03-15', 'before'],
    ['Acceptatie vóór 15-03-2026', 'vóór 15-03-2026', '2026-03-15', 'before'],
    ['Security review by 2026-03-15', 'by 2026-03-15', '2026-03-15', 'before'],
    ['Data freeze no later than 1 March 2026', 'no later than 1 March 2026', '2026-03-01', 'before'],
    ['Support after 2026-03-15', 'after 2026-03-15', '2026-03-15', 'after'],
    ['Hypercare à partir du 15/03/2026', 'à partir du 15/03/2026', '2026-03-15', 'after'],
    ['Hypercare ab 16.03.2026', 'ab 16.03.2026', '2026-03-16', 'after'],
    ['Hypercare dal 16/03/2026', 'dal 16/03/2026', '2026-03-16', 'after'],
    ['Nazorg vanaf 16-03-2026', 'vanaf 16-03-2026', '2026-03-16', 'after'],
  ])('should read the bound in "%s"', (text, raw, iso, bound) => {
    expect(parseWindow(text)).toEqual({
      raw,
      unit: 'day',
      from: day(iso),
      to: day(iso),
      anchor: 'date',
      bound,
    });
  });

  it('should read a bound before a time of day, and no bound on a range of days', () => {
    expect(parseWindow('Freeze by 18:00 CET')).toMatchObject({
      from: 1080,
      anchor: 'clock',
      zone: 'CET',
      bound: 'before',
    });
    expect(parseWindow('Wartung ab 16 Uhr')).toMatchObject({ from: 960, anchor: 'clock', bound: 'after' });
    expect(parseWindow('Tests from 01/03/2026 to 15/03/2026')).toEqual({
      raw: '01/03/2026 to 15/03/2026',
      unit: 'day',
      from: day('2026-03-01'),
      to: day('2026-03-15'),
      anchor: 'date',
    });
  });
});

describe('the go-live anchor of a header', () => {
  it.each([
    [
      'Friday, December 19, 2025, 10:00 AM MSK',
      { raw: 'Friday, December 19, 2025, 10:00 AM MSK', date: '2025-12-19', time: '10:00', zone: 'MSK' },
    ],
    ['15/03/2025 à 06h00', { raw: '15/03/2025 à 06h00', date: '2025-03-15', time: '06:00' }],
    ['2025-03-01 09:00 UTC', { raw: '2025-03-01 09:00 UTC', date: '2025-03-01', time: '09:00', zone: 'UTC' }],
    [
      'T = 0: Saturday 14 June 2025, 22:00 CET',
      { raw: 'Saturday 14 June 2025, 22:00 CET', date: '2025-06-14', time: '22:00', zone: 'CET' },
    ],
    ['sábado, 14 de junio de 2025', { raw: 'sábado, 14 de junio de 2025', date: '2025-06-14' }],
    [
      'Samstag, 14. Juni 2025 um 22:00 Uhr MESZ',
      { raw: 'Samstag, 14. Juni 2025 um 22:00 Uhr MESZ', date: '2025-06-14', time: '22:00', zone: 'MESZ' },
    ],
    [
      'sabato 14 giugno 2025 alle 22:00',
      { raw: 'sabato 14 giugno 2025 alle 22:00', date: '2025-06-14', time: '22:00' },
    ],
    [
      'zaterdag 14 juni 2025 om 22:00 CEST',
      { raw: 'zaterdag 14 juni 2025 om 22:00 CEST', date: '2025-06-14', time: '22:00', zone: 'CEST' },
    ],
    ['22:00 CET', { raw: '22:00 CET', time: '22:00', zone: 'CET' }],
  ])('should find the date, time and zone in "%s"', (text, expected) => {
    expect(parseGoLiveAnchor(text)).toEqual(expected);
  });

  it('should find none in a value without a date or time', () => {
    expect(parseGoLiveAnchor('TBD')).toBeNull();
    expect(parseGoLiveAnchor('Q3, after the audit')).toBeNull();
  });
});

describe('numbered ranges after the go-live', () => {
  it.each([
    ['Post-cutover cleanup (semanas 1-4 post-cutover)', 'semanas 1-4'],
    ['Semaines 1-2 après la mise en production', 'Semaines 1-2'],
    ['Weeks 1-4 after go-live', 'Weeks 1-4'],
  ])('should count "%s" from the go-live', (text, raw) => {
    expect(parseWindow(text)).toMatchObject({ raw, anchor: 'launch' });
  });

  it('should keep "Week 2" from the start and "2 dias na produção" no window', () => {
    expect(parseWindow('Week 2')?.anchor).toBe('start');
    expect(parseWindow('Manter 2 dias na produção')).toBeNull();
  });
});

describe('the go-live day by name', () => {
  it.each([
    'Cutover-Tag',
    'Cutover Day',
    'Jour de bascule',
    'Día del corte',
    'Dia do go-live',
    'Umstellungstag',
  ])('should read "%s" as the go-live day', (text) => {
    expect(parseWindow(text)).toMatchObject({ unit: 'day', from: 0, to: 0, anchor: 'launch' });
  });
});

describe('ranges written with an arrow', () => {
  it.each([
    ['J-6 → J-4', -6, -4],
    ['Day 1 → Day 3', 1, 3],
  ])('should read "%s" as one window from the first to the last', (text, from, to) => {
    expect(parseWindow(text)).toMatchObject({ raw: text, from, to });
  });

  it('should read "Cutover — Day 2" as the second day, not the cutover day', () => {
    expect(parseWindow('Cutover — Day 2')).toMatchObject({ raw: 'Day 2', from: 2, anchor: 'start' });
  });
});
