/**
 * Properties of lengths of time (src/plan/timeLengths.ts) in seven languages: intervals ("every 5
 * min") and hold times ("for 5 min") are read with their amounts and units, are never windows,
 * and do not hide a window written after them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimeUnit } from '../../src/plan/model.ts';
import { parseHold, parseInterval, parseWindow } from '../../src/plan/time.ts';
import { fcParams } from '../testing/seed.ts';

const SEED = 20261208;
/** Unit words by language: English, French, Spanish, Portuguese, German, Italian, Dutch. */
const UNIT_WORDS: Record<TimeUnit, string[]> = {
  minute: ['min', 'minutes', 'minutos', 'minutos', 'Minuten', 'minuti', 'minuten'],
  hour: ['hours', 'heures', 'horas', 'horas', 'Stunden', 'ore', 'uur'],
  day: ['days', 'jours', 'días', 'dias', 'Tage', 'giorni', 'dagen'],
  week: ['weeks', 'semaines', 'semanas', 'semanas', 'Wochen', 'settimane', 'weken'],
  month: ['months', 'mois', 'meses', 'meses', 'Monate', 'mesi', 'maanden'],
};
const INTERVAL_LEADS = [
  ['every', 'each'],
  ['toutes les', 'tous les'],
  ['cada'],
  ['a cada', 'cada'],
  ['alle'],
  ['ogni'],
  ['elke', 'om de'],
];
const HOLD_LEADS = [
  ['for', 'hold', 'wait', 'hold for'],
  ['pendant'],
  ['durante'],
  ['durante'],
  ['für'],
  ['per'],
  ['gedurende'],
];
const SEPARATORS = ['-', '–', ' - ', ' to ', ' à ', ' a ', ' bis ', ' al ', ' tot '];

const unit = fc.constantFrom<TimeUnit>('minute', 'hour', 'day', 'week', 'month');
const language = fc.integer({ min: 0, max: 6 });
/** An amount or a range of amounts, as written and as read. */
const amounts = fc
  .tuple(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 0, max: 30 }), fc.constantFrom(...SEPARATORS))
  .map(([min, span, sep]) => ({
    written: span ? `${min}${sep}${min + span}` : `${min}`,
    min,
    max: min + span,
  }));

describe('lengths of time', () => {
  it.each([
    { kind: 'interval', leads: INTERVAL_LEADS, parse: parseInterval, other: parseHold },
    { kind: 'hold time', leads: HOLD_LEADS, parse: parseHold, other: parseInterval },
  ])('should read a $kind in seven languages, never as a window', ({ leads, parse, other }) => {
    fc.assert(
      fc.property(language, fc.nat(3), amounts, unit, (lang, pick, amount, u) => {
        const words = leads[lang] ?? [];
        const phrase = `${words[pick % words.length]} ${amount.written} ${UNIT_WORDS[u][lang]}`;
        const text = `Check the error rate ${phrase}`;
        expect(parse(text)).toEqual({ raw: phrase, unit: u, min: amount.min, max: amount.max });
        expect(other(text)).toBeNull();
        expect(parseWindow(text)).toBeNull();
        expect(parseWindow(`${text} from T-2h`)).toMatchObject({ raw: 'T-2h', from: -2, anchor: 'launch' });
      }),
      fcParams(400, SEED),
    );
  });

  it('should read an interval of one unit written as a word', () => {
    const words: [string, TimeUnit][] = [
      ['hourly', 'hour'],
      ['every day', 'day'],
      ['toutes les heures', 'hour'],
      ['quotidien', 'day'],
      ['cada semana', 'week'],
      ['diário', 'day'],
      ['täglich', 'day'],
      ['jede Stunde', 'hour'],
      ['ogni giorno', 'day'],
      ['settimanale', 'week'],
      ['dagelijks', 'day'],
      ['elke maand', 'month'],
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...words),
        fc.constantFrom('', 'Backups: ', '- [ ] Check '),
        ([phrase, u], before) => {
          expect(parseInterval(`${before}${phrase}`)).toEqual({ raw: phrase, unit: u, min: 1, max: 1 });
          expect(parseWindow(`${before}${phrase}`)).toBeNull();
        },
      ),
      fcParams(100, SEED),
    );
  });
});
