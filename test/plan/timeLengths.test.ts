/**
 * Lengths of time (src/plan/timeLengths.ts) on lines as plans write them in seven languages:
 * approximate durations, intervals and hold times, none of which is a window.
 */
import { describe, expect, it } from 'vitest';
import { parseDuration, parseHold, parseInterval, parseWindow } from '../../src/plan/time.ts';

describe('lengths of time', () => {
  it.each([
    ['Rollback: ± 20–40 min', { raw: '20–40 min', unit: 'minute', min: 20, max: 40 }],
    ['Migration ~2h', { raw: '2h', unit: 'hour', min: 2, max: 2 }],
    ['Dauer ca. 30 Minuten', { raw: '30 Minuten', unit: 'minute', min: 30, max: 30 }],
    ['Restore takes approx. 1h', { raw: '1h', unit: 'hour', min: 1, max: 1 }],
    ['Bascule : environ 2h', { raw: '2h', unit: 'hour', min: 2, max: 2 }],
    ['Duración aprox. 3 horas', { raw: '3 horas', unit: 'hour', min: 3, max: 3 }],
    ['Migrazione circa 3 ore', { raw: '3 ore', unit: 'hour', min: 3, max: 3 }],
    ['Durata stimata: 2-3 giorni', { raw: '2-3 giorni', unit: 'day', min: 2, max: 3 }],
    ['Migratie duurt ongeveer 2 uur', { raw: '2 uur', unit: 'hour', min: 2, max: 2 }],
    ['Duur: 1 tot 2 weken', { raw: '1 tot 2 weken', unit: 'week', min: 1, max: 2 }],
  ])('should read the approximate length in "%s" as a duration, not a window', (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
    expect(parseWindow(text)).toBeNull();
  });

  it.each([
    ['Poll /health every 5 min', { raw: 'every 5 min', unit: 'minute', min: 5, max: 5 }],
    ['Snapshot every 2 hours', { raw: 'every 2 hours', unit: 'hour', min: 2, max: 2 }],
    [
      'Vérifier les files toutes les 5 minutes',
      { raw: 'toutes les 5 minutes', unit: 'minute', min: 5, max: 5 },
    ],
    ['Revisar métricas cada 5 minutos', { raw: 'cada 5 minutos', unit: 'minute', min: 5, max: 5 }],
    ['Verificar logs a cada 5 min', { raw: 'a cada 5 min', unit: 'minute', min: 5, max: 5 }],
    ['Dashboards alle 5 Minuten prüfen', { raw: 'alle 5 Minuten', unit: 'minute', min: 5, max: 5 }],
    ['Controllare i log ogni 5 minuti', { raw: 'ogni 5 minuti', unit: 'minute', min: 5, max: 5 }],
    ['Logs controleren elke 5 minuten', { raw: 'elke 5 minuten', unit: 'minute', min: 5, max: 5 }],
    ['Backups run hourly', { raw: 'hourly', unit: 'hour', min: 1, max: 1 }],
    ['Report daily to the steering committee', { raw: 'daily', unit: 'day', min: 1, max: 1 }],
  ])('should read the interval in "%s", and no window', (text, expected) => {
    expect(parseInterval(text)).toEqual(expected);
    expect(parseWindow(text)).toBeNull();
  });

  it.each([
    ['Roll back if error rate > 2% for 5 min', { raw: 'for 5 min', unit: 'minute', min: 5, max: 5 }],
    ['Hold 30 min before the DNS switch', { raw: 'Hold 30 min', unit: 'minute', min: 30, max: 30 }],
    ['Observer pendant 10 minutes', { raw: 'pendant 10 minutes', unit: 'minute', min: 10, max: 10 }],
    ['Latencia > 3s durante 5 min', { raw: 'durante 5 min', unit: 'minute', min: 5, max: 5 }],
    ['Fehlerrate > 2 % für 5 Minuten', { raw: 'für 5 Minuten', unit: 'minute', min: 5, max: 5 }],
    ['Tasso di errore > 2% per 5 minuti', { raw: 'per 5 minuti', unit: 'minute', min: 5, max: 5 }],
    [
      'Foutpercentage > 2% gedurende 5 minuten',
      { raw: 'gedurende 5 minuten', unit: 'minute', min: 5, max: 5 },
    ],
    ['Monitor for 15-30 min', { raw: 'for 15-30 min', unit: 'minute', min: 15, max: 30 }],
  ])('should read the hold time in "%s", and no window', (text, expected) => {
    expect(parseHold(text)).toEqual(expected);
    expect(parseWindow(text)).toBeNull();
  });

  it('should still read the window written after an interval or a hold', () => {
    expect(parseWindow('Every 15 min from T-2h')).toMatchObject({ raw: 'T-2h', from: -2, anchor: 'launch' });
    expect(parseWindow('For 5 min at 10:00 CET')).toMatchObject({ raw: '10:00 CET', from: 600, zone: 'CET' });
  });
});
