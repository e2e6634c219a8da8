/**
 * Properties of the time grammar (src/plan/time.ts) over expressions written in seven languages:
 * what a plan writes is read back exactly, whatever text surrounds it, and no text makes it throw.
 * Calendar forms are in timeCalendar.property.test.ts, lengths in timeLengths.property.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TimeUnit } from '../../src/plan/model.ts';
import { parseDuration, parseWindow } from '../../src/plan/time.ts';
import { fcParams } from '../testing/seed.ts';

const SEED = 20261129;
const UNIT_WORDS: Record<TimeUnit, string[]> = {
  minute: ['min', 'minutes', 'minutos', 'Minuten', 'minuti', 'minuut'],
  hour: ['h', 'hours', 'heures', 'horas', 'Stunden', 'ore', 'uur'],
  day: ['days', 'jours', 'días', 'dias', 'Tage', 'giorni', 'dagen'],
  week: ['weeks', 'semaines', 'semanas', 'Wochen', 'settimane', 'weken'],
  month: ['months', 'mois', 'meses', 'Monate', 'mesi', 'maanden'],
};
const RANGE = ['to', 'à', 'a', 'até', 'bis', '-', '–', 'al', 'fino a', 'tot', 't/m', 'tot en met'];
/** "First" and a unit word, in English, French, Spanish, Portuguese, German, Italian and Dutch. */
const FIRST: Record<string, string[]> = {
  hour: ['First', 'Premières', 'Primeras', 'Primeiras', 'Erste', 'Prime', 'Eerste'],
  week: ['First', 'Première', 'Primera', 'Primeira', 'Erste', 'Prima', 'Eerste'],
};
const HOUR_WORDS = ['Hours', 'heures', 'Horas', 'horas', 'Stunden', 'ore', 'uur'];
const WEEK_WORDS = ['Week', 'Semaine', 'Semana', 'Semana', 'Woche', 'Settimana', 'Week'];
const language = fc.integer({ min: 0, max: 6 });
const unit = fc.constantFrom<TimeUnit>('minute', 'hour', 'day', 'week', 'month');
const surround = fc.tuple(
  fc.constantFrom('', 'Phase 2: Deploy (', '### 3.1 Cutover — ', '**When**: '),
  fc.constantFrom('', ')', ' — owner: Ops', '.'),
);

describe('the time grammar', () => {
  it('should read launch offsets with the unit after the range, in any language', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 0, max: 29 }),
        unit,
        fc.constantFrom(...RANGE),
        surround,
        (a, gap, u, sep, [before, after]) => {
          const from = -a;
          const to = Math.min(0, from + gap);
          const word = UNIT_WORDS[u][(a + gap) % UNIT_WORDS[u].length];
          const text = `${before}T-${a} ${sep} T${to === 0 ? '-0' : to} ${word}${after}`;
          expect(parseWindow(text)).toMatchObject({ unit: u, from, to, anchor: 'launch' });
        },
      ),
      fcParams(300, SEED),
    );
  });

  it('should read numbered weeks, days and months from the start', () => {
    const words: Partial<Record<TimeUnit, string[]>> = {
      week: ['Semaines', 'Weeks', 'Semanas', 'Wochen', 'Week', 'Semana', 'Woche', 'Settimana', 'Weken'],
      day: ['Day', 'Jour', 'Día', 'Dia', 'Tag', 'Giorno', 'Dag'],
      month: ['Mois', 'Month', 'Mes', 'Mês', 'Monat', 'Mese', 'Maand'],
    };
    fc.assert(
      fc.property(
        fc.constantFrom<TimeUnit>('week', 'day', 'month'),
        fc.integer({ min: 1, max: 52 }),
        fc.integer({ min: 0, max: 5 }),
        surround,
        (u, from, span, [before, after]) => {
          const list = words[u] ?? [];
          const word = list[(from + span) % list.length];
          const text = `${before}${word} ${from}${span ? `-${from + span}` : ''}${after}`;
          expect(parseWindow(text)).toMatchObject({ unit: u, from, to: from + span, anchor: 'start' });
        },
      ),
      fcParams(300, SEED),
    );
  });

  it('should read "first N hours" and "first week" as a span after the go-live', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 96 }), language, surround, (n, lang, [before, after]) => {
        expect(parseWindow(`${before}${FIRST.hour?.[lang]} ${n} ${HOUR_WORDS[lang]}${after}`)).toMatchObject({
          unit: 'hour',
          from: 0,
          to: n,
          anchor: 'launch',
        });
        expect(parseWindow(`${before}${FIRST.week?.[lang]} ${WEEK_WORDS[lang]}${after}`)).toMatchObject({
          unit: 'week',
          from: 0,
          to: 1,
          anchor: 'launch',
        });
      }),
      fcParams(200, SEED),
    );
  });

  it('should read clock windows and calendar dates exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 * 60 }),
        fc.integer({ min: 1, max: 59 }),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (start, length, date) => {
          const end = Math.min(start + length, 24 * 60 - 1);
          const clock = (minutes: number) =>
            `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
          expect(parseWindow(`(${clock(start)}-${clock(end)})`)).toMatchObject({
            unit: 'minute',
            from: start,
            to: end,
            anchor: 'clock',
          });
          const day = Math.floor(
            Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) / 86_400_000,
          );
          const dmy = `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`;
          expect(parseWindow(`Go-live ${dmy}`)).toMatchObject({
            unit: 'day',
            from: day,
            to: day,
            anchor: 'date',
          });
          expect(parseWindow(date.toISOString().slice(0, 10))).toMatchObject({ from: day, anchor: 'date' });
        },
      ),
      fcParams(300, SEED),
    );
  });

  it('should read durations as lengths, not places in time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 5 }),
        fc.constantFrom<TimeUnit>('day', 'week', 'month'),
        (min, span, u) => {
          const word = UNIT_WORDS[u][(min + span) % UNIT_WORDS[u].length];
          const text = `Durée cible : ${min}${span ? `-${min + span}` : ''} ${word}`;
          expect(parseDuration(text)).toMatchObject({ unit: u, min, max: min + span });
          expect(parseWindow(text)).toBeNull();
        },
      ),
      fcParams(300, SEED),
    );
  });

  it('should read an amount before or after the go-live in seven languages', () => {
    const relations: [string, string][] = [
      ['before', 'after'],
      ['avant', 'après'],
      ['antes', 'después'],
      ['antes', 'depois'],
      ['vorher', 'danach'],
      ['prima', 'dopo'],
      ['voor', 'na'],
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        unit,
        language,
        fc.boolean(),
        surround,
        (n, u, lang, isBefore, [before, after]) => {
          const word = UNIT_WORDS[u][lang % UNIT_WORDS[u].length];
          const relation = relations[lang]?.[isBefore ? 0 : 1];
          const value = isBefore ? -n : n;
          expect(parseWindow(`${before}${n} ${word} ${relation}${after}`)).toMatchObject({
            unit: u,
            from: value,
            to: value,
            anchor: 'launch',
          });
        },
      ),
      fcParams(300, SEED),
    );
  });

  it('should read the go-live day and hour by name, and offsets from them, at the launch anchor', () => {
    const days = [
      'D-Day',
      'Jour J',
      'Día D',
      'Dia D',
      'Tag X',
      'Giorno X',
      'D-dag',
      'Day of launch',
      'Launch Day',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...days),
        fc.integer({ min: -30, max: 30 }),
        fc.constantFrom('Day', 'Jour', 'Día', 'Tag', 'Giorno', 'Dag', 'Shadow Day'),
        surround,
        (name, n, dayWord, [before, after]) => {
          expect(parseWindow(`${before}${name}${after}`)).toMatchObject({
            unit: 'day',
            from: 0,
            to: 0,
            anchor: 'launch',
          });
          if (n !== 0 && name === 'D-Day')
            expect(parseWindow(`${before}${name} ${n > 0 ? '+' : '-'}${Math.abs(n)}${after}`)).toMatchObject({
              unit: 'day',
              from: n,
              anchor: 'launch',
            });
          // Day 0 and Day -N count from the go-live day; Day N (N ≥ 1) from the start, as Week N does.
          const numbered = parseWindow(`${before}${dayWord} ${n}${after}`);
          if (n >= 0)
            expect(numbered).toMatchObject({ unit: 'day', from: n, anchor: n === 0 ? 'launch' : 'start' });
          else expect(numbered).toMatchObject({ unit: 'day', from: n, to: n, anchor: 'launch' });
        },
      ),
      fcParams(300, SEED),
    );
  });

  it('should read T=0, T = 0, T0, T-0 and H-Hour as the go-live instant', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('T=0', 'T = 0', 'T0', 'T-0', 'T+0', 'H-Hour', 'Heure H', 'Hora H'),
        surround,
        (text, [before, after]) => {
          expect(parseWindow(`${before}${text}${after}`)).toMatchObject({
            unit: 'hour',
            from: 0,
            to: 0,
            anchor: 'launch',
          });
        },
      ),
      fcParams(100, SEED),
    );
  });

  it('should read approximate lengths as durations, never as windows', () => {
    const approx = [
      '± ',
      '±',
      '~',
      '~ ',
      '≈ ',
      'ca. ',
      'approx. ',
      'environ ',
      'circa ',
      'ongeveer ',
      'aprox. ',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...approx),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 50 }),
        unit,
        fc.constantFrom('-', '–', ' à ', ' to ', ' bis '),
        (mark, min, span, u, sep) => {
          const word = UNIT_WORDS[u][(min + span) % UNIT_WORDS[u].length];
          const text = `Bascule : ${mark}${min}${span ? `${sep}${min + span}` : ''} ${word}`;
          expect(parseWindow(text)).toBeNull();
          expect(parseDuration(text)).toMatchObject({ unit: u, min, max: min + span });
        },
      ),
      fcParams(300, SEED),
    );
  });

  it('should never throw, and give a raw text found in the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        const window = parseWindow(text);
        const duration = parseDuration(text);
        if (window) expect(text).toContain(window.raw);
        if (duration) expect(text).toContain(duration.raw);
      }),
      fcParams(1000, SEED),
    );
  });
});
