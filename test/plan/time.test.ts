/**
 * The time grammar's windows around the go-live and from the start (src/plan/time.ts), on lines
 * as plans write them in English, French, Spanish, Portuguese, German, Italian and Dutch.
 */
import { describe, expect, it } from 'vitest';
import type { Window } from '../../src/plan/model.ts';
import { parseWindow } from '../../src/plan/time.ts';

type Expected = Omit<Window, 'raw'> & { raw: string };
const at = (
  raw: string,
  unit: Window['unit'],
  from: number,
  to: number,
  anchor: Window['anchor'],
): Expected => ({
  raw,
  unit,
  from,
  to,
  anchor,
});

describe('windows around the go-live', () => {
  it.each([
    ['### Settimana 2 – Test di carico', at('Settimana 2', 'week', 2, 2, 'start')],
    ['## Settimane 1-3: Preparazione', at('Settimane 1-3', 'week', 1, 3, 'start')],
    ['| Giorno 3 | Migrazione dati | DBA |', at('Giorno 3', 'day', 3, 3, 'start')],
    ['## Mese 1 – Stabilizzazione', at('Mese 1', 'month', 1, 1, 'start')],
    ['### Week 2: Acceptatietest', at('Week 2', 'week', 2, 2, 'start')],
    ['| Dag 3 | Datamigratie | Team Data |', at('Dag 3', 'day', 3, 3, 'start')],
    ['## Maand 1 – Nazorg', at('Maand 1', 'month', 1, 1, 'start')],
    ['## Week 1 t/m 3: Voorbereiding', at('Week 1 t/m 3', 'week', 1, 3, 'start')],
    ['## Settimane 1 fino a 4', at('Settimane 1 fino a 4', 'week', 1, 4, 'start')],
  ])('should read the numbered form in "%s"', (text, expected) => {
    expect(parseWindow(text)).toEqual(expected);
  });

  it.each([
    ['## Day Before Go-Live', at('Day Before', 'day', -1, -1, 'launch')],
    ['### La veille du lancement', at('veille', 'day', -1, -1, 'launch')],
    ['## Folgetag', at('Folgetag', 'day', 1, 1, 'launch')],
  ])('should read the day beside the go-live in "%s"', (text, expected) => {
    expect(parseWindow(text)).toEqual(expected);
  });

  it('should not read a label and a number ("Week 1: 10% → 50%") as a time of day', () => {
    expect(parseWindow('**Week 1: 10% → 50%**')).toEqual(at('Week 1', 'week', 1, 1, 'start'));
    expect(parseWindow('Step 1: 10 min')).toBeNull();
  });

  it('should not read "the day after tomorrow" as the day after the go-live', () => {
    expect(parseWindow('- Day after tomorrow we test the backups')).toBeNull();
  });

  it.each([
    ['- [ ] Congelare il codice 2 giorni prima', at('2 giorni prima', 'day', -2, -2, 'launch')],
    ['- [ ] Verifica dei log 3 ore dopo il lancio', at('3 ore dopo', 'hour', 3, 3, 'launch')],
    ['- [ ] Code freeze 1 week voor de livegang', at('1 week voor', 'week', -1, -1, 'launch')],
    ['- [ ] Back-up maken 2 uur voorafgaand', at('2 uur voorafgaand', 'hour', -2, -2, 'launch')],
    ['- [ ] Monitoring controleren 1 dag na', at('1 dag na', 'day', 1, 1, 'launch')],
    ['- [ ] Evaluatie 2 weken daarna', at('2 weken daarna', 'week', 2, 2, 'launch')],
    ['## Prime 24 ore', at('Prime 24 ore', 'hour', 0, 24, 'launch')],
    ['## Prima settimana dopo il lancio', at('Prima settimana', 'week', 0, 1, 'launch')],
    ['## Eerste 48 uur', at('Eerste 48 uur', 'hour', 0, 48, 'launch')],
    ['## Eerste week', at('Eerste week', 'week', 0, 1, 'launch')],
    ['- [ ] Warm-up T-3 fino a T-1 ore', at('T-3 fino a T-1 ore', 'hour', -3, -1, 'launch')],
    ['- [ ] Smoke tests T+1 tot T+2 uur', at('T+1 tot T+2 uur', 'hour', 1, 2, 'launch')],
  ])('should read before/after and "first" in "%s"', (text, expected) => {
    expect(parseWindow(text)).toEqual(expected);
  });

  it.each([
    ['## Day -1: Dress rehearsal', at('Day -1', 'day', -1, -1, 'launch')],
    ['## Day 0 – Go-live', at('Day 0', 'day', 0, 0, 'launch')],
    ['### Shadow Day -1', at('Day -1', 'day', -1, -1, 'launch')],
    ['## D-Day', at('D-Day', 'day', 0, 0, 'launch')],
    ['## D-Day +1: Hypercare', at('D-Day +1', 'day', 1, 1, 'launch')],
    ['## Day of launch', at('Day of launch', 'day', 0, 0, 'launch')],
    ['## Launch Day', at('Launch Day', 'day', 0, 0, 'launch')],
    ['## Protocole de Lancement (Jour J)', at('Jour J', 'day', 0, 0, 'launch')],
    ['- [ ] Gel du code à Jour J-3', at('Jour J-3', 'day', -3, -3, 'launch')],
    ['- [ ] Geler les déploiements J-3', at('J-3', 'day', -3, -3, 'launch')],
    ['## Jour -1 : Répétition générale', at('Jour -1', 'day', -1, -1, 'launch')],
    ['## Día D: Puesta en producción', at('Día D', 'day', 0, 0, 'launch')],
    ['## Dia D – Virada', at('Dia D', 'day', 0, 0, 'launch')],
    ['## Tag X: Umstellung', at('Tag X', 'day', 0, 0, 'launch')],
    ['## Giorno X – Messa in produzione', at('Giorno X', 'day', 0, 0, 'launch')],
    ['## D-dag: livegang', at('D-dag', 'day', 0, 0, 'launch')],
    ['## H-Hour', at('H-Hour', 'hour', 0, 0, 'launch')],
    ['- [ ] Switch DNS at H-2', at('H-2', 'hour', -2, -2, 'launch')],
    ['## T=0: Cutover', at('T=0', 'hour', 0, 0, 'launch')],
    ['## T = 0 – Bascule', at('T = 0', 'hour', 0, 0, 'launch')],
    ['- [ ] T0 announce', at('T0', 'hour', 0, 0, 'launch')],
    ['- [ ] T-0 flip the flag', at('T-0', 'hour', 0, 0, 'launch')],
    ['## J+0 – Mise en production', at('J+0', 'day', 0, 0, 'launch')],
    ['## J+1 - J+5 : Hypercare', at('J+1 - J+5', 'day', 1, 5, 'start')],
  ])('should read the day-relative form in "%s"', (text, expected) => {
    expect(parseWindow(text)).toEqual(expected);
  });

  it.each([
    ['## Pre-launch day checks', null],
    ['- [ ] Launch Day - 3 tasks left', at('Launch Day', 'day', 0, 0, 'launch')],
    ['- [ ] Manter 2 dias na produção', null],
    ['- [ ] Monitor for 24 hours after go-live', null],
    ['- [ ] Surveiller pendant 2 heures après la bascule', null],
    ['- [ ] Reserveer 2 uur voor de tests', null],
  ])('should not take a false friend for a window in "%s"', (text, expected) => {
    expect(parseWindow(text)).toEqual(expected);
  });
});
