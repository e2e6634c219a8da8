/**
 * Properties of the calendar part of the time grammar (src/plan/timeCalendar.ts) in seven
 * languages: times of day in 24- and 12-hour forms with their zone, dates written out with their
 * weekday and time, and bounds before a date or time, read back exactly; and the go-live anchor.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration, parseGoLiveAnchor, parseWindow } from '../../src/plan/time.ts';
import { fcParams } from '../testing/seed.ts';

const SEED = 20261207;
const LANGUAGES = ['en', 'fr', 'es', 'pt', 'de', 'it', 'nl'] as const;
type Language = (typeof LANGUAGES)[number];

const MONTHS: Record<Language, string[]> = {
  en: 'January February March April May June July August September October November December'.split(' '),
  fr: 'janvier février mars avril mai juin juillet août septembre octobre novembre décembre'.split(' '),
  es: 'enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre'.split(' '),
  pt: 'janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro'.split(' '),
  de: 'Januar Februar März April Mai Juni Juli August September Oktober November Dezember'.split(' '),
  it: 'gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre'.split(
    ' ',
  ),
  nl: 'januari februari maart april mei juni juli augustus september oktober november december'.split(' '),
};
/** Weekdays from Sunday, as Date.getUTCDay() counts them. */
const WEEKDAYS: Record<Language, string[]> = {
  en: 'Sunday Monday Tuesday Wednesday Thursday Friday Saturday'.split(' '),
  fr: 'dimanche lundi mardi mercredi jeudi vendredi samedi'.split(' '),
  es: 'domingo lunes martes miércoles jueves viernes sábado'.split(' '),
  pt: 'domingo segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado'.split(' '),
  de: 'Sonntag Montag Dienstag Mittwoch Donnerstag Freitag Samstag'.split(' '),
  it: 'domenica lunedì martedì mercoledì giovedì venerdì sabato'.split(' '),
  nl: 'zondag maandag dinsdag woensdag donderdag vrijdag zaterdag'.split(' '),
};
const ordinal = (day: number) =>
  day % 10 === 1 && day !== 11
    ? 'st'
    : day % 10 === 2 && day !== 12
      ? 'nd'
      : day % 10 === 3 && day !== 13
        ? 'rd'
        : 'th';

/** The ways each language writes a day out, the weekday optional (`wd` is '' or "Monday "). */
const DATE_FORMS: Record<Language, ((wd: string, d: number, month: string, y: number) => string)[]> = {
  en: [
    (wd, d, m, y) => `${wd}${d}${ordinal(d)} ${m} ${y}`,
    (wd, d, m, y) => `${wd ? `${wd.trim()}, ` : ''}${m} ${d}, ${y}`,
    (wd, d, m, y) => `${wd ? `${wd}the ` : ''}${d}${ordinal(d)} of ${m} ${y}`,
  ],
  fr: [(wd, d, m, y) => `${wd}${d === 1 ? '1er' : d} ${m} ${y}`],
  es: [
    (wd, d, m, y) => `${wd}${d} de ${m} de ${y}`,
    (wd, d, m, y) => `${wd ? `${wd.trim()}, ` : ''}${d} de ${m} de ${y}`,
  ],
  pt: [(wd, d, m, y) => `${wd ? `${wd.trim()}, ` : ''}${d === 1 ? '1º' : d} de ${m} de ${y}`],
  de: [
    (wd, d, m, y) => `${wd ? `${wd.trim()}, ` : ''}${d}. ${m} ${y}`,
    (wd, d, m, y) => `${wd ? `${wd.trim()}, den ` : ''}${d}. ${m} ${y}`,
  ],
  it: [(wd, d, m, y) => `${wd}${d === 1 ? '1°' : d} ${m} ${y}`],
  nl: [(wd, d, m, y) => `${wd}${d} ${m} ${y}`],
};
const pad = (value: number) => String(value).padStart(2, '0');
/** The ways each language writes a time after a date. */
const TIME_FORMS: Record<Language, ((h: number, m: number) => string)[]> = {
  en: [(h, m) => `, ${h % 12 || 12}:${pad(m)} ${h < 12 ? 'AM' : 'PM'}`, (h, m) => ` at ${pad(h)}:${pad(m)}`],
  fr: [(h, m) => ` à ${pad(h)}h${pad(m)}`, (h, m) => `, ${h}:${pad(m)}`],
  es: [(h, m) => ` a las ${pad(h)}:${pad(m)}`],
  pt: [(h, m) => ` às ${pad(h)}h${pad(m)}`],
  de: [(h, m) => ` um ${pad(h)}:${pad(m)} Uhr`, (h, m) => `, ${h}.${pad(m)} Uhr`],
  it: [(h, m) => ` alle ${pad(h)}:${pad(m)}`, (h, m) => `, ore ${pad(h)}:${pad(m)}`],
  nl: [(h, m) => ` om ${h}.${pad(m)} uur`, (h, m) => ` ${pad(h)}:${pad(m)}`],
};
const ZONES = [
  'UTC',
  'CET',
  'CEST',
  'MSK',
  'PT',
  'EST',
  'UTC+2',
  'GMT-3',
  'UTC+05:30',
  'Europe/Paris',
  'America/New_York',
];

const language = fc.constantFrom(...LANGUAGES);
const calendarDay = fc.date({
  min: new Date('1990-01-01'),
  max: new Date('2150-12-31'),
  noInvalidDate: true,
});
const epochDay = (date: Date) =>
  Math.floor(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) / 86_400_000);
const minuteOfDay = fc.integer({ min: 0, max: 24 * 60 - 1 });
const clock24 = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** A date written out in `lang`, with or without its weekday (in full, or its first three letters). */
function writeDate(lang: Language, date: Date, form: number, weekday: 'none' | 'full' | 'short'): string {
  const full = WEEKDAYS[lang][date.getUTCDay()] ?? '';
  const wd = weekday === 'none' ? '' : weekday === 'full' ? `${full} ` : `${full.slice(0, 3)} `;
  const forms = DATE_FORMS[lang];
  const write = forms[form % forms.length];
  return write?.(wd, date.getUTCDate(), MONTHS[lang][date.getUTCMonth()] ?? '', date.getUTCFullYear()) ?? '';
}

describe('the calendar of the time grammar', () => {
  it('should read a range of 24-hour times with any separator, and the zone after it', () => {
    fc.assert(
      fc.property(
        minuteOfDay,
        minuteOfDay,
        fc.constantFrom('-', '–', ' - ', ' to ', ' à ', ' bis ', ' al ', ' tot ', ' a '),
        fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
        (from, to, sep, zone) => {
          const text = `${clock24(from)}${sep}${clock24(to)}${zone ? ` ${zone}` : ''}`;
          const window = parseWindow(`Cutover (${text})`);
          expect(window).toMatchObject({ unit: 'minute', from, to, anchor: 'clock', raw: text });
          expect(window?.zone).toBe(zone);
        },
      ),
      fcParams(300, SEED),
    );
  });

  it('should read 12-hour times with AM/PM in their written forms', () => {
    fc.assert(
      fc.property(
        minuteOfDay,
        fc.constantFrom(' AM', 'AM', 'am', ' a.m.', 'a.m.'),
        fc.boolean(),
        fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
        (minutes, am, withMinutes, zone) => {
          const hours = Math.floor(minutes / 60);
          const shown = withMinutes ? minutes : hours * 60;
          const meridiem = hours < 12 ? am : am.replace(/a/u, 'p').replace(/A/u, 'P');
          const time = `${hours % 12 || 12}${withMinutes ? `:${pad(minutes % 60)}` : ''}${meridiem}`;
          const window = parseWindow(`Go-live ${time}${zone ? ` ${zone}` : ''}`);
          expect(window).toMatchObject({ unit: 'minute', from: shown, to: shown, anchor: 'clock' });
          expect(window?.zone).toBe(zone);
        },
      ),
      fcParams(300, SEED),
    );
  });

  it('should read an hour alone as a time after "à", "at", "um", "om", but as a length elsewhere', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom('Bascule à ', 'Deploy at ', 'Start um ', 'Begin om ', 'Inicio a las ', 'Início às '),
        fc.constantFrom('h', ' h'),
        (hour, lead, h) => {
          expect(parseWindow(`${lead}${hour}${h}`)).toMatchObject({
            from: hour * 60,
            to: hour * 60,
            anchor: 'clock',
          });
          expect(parseWindow(`Deploy (${hour}${h})`)).toBeNull();
          expect(parseDuration(`Deploy (${hour}${h})`)).toMatchObject({ unit: 'hour', min: hour, max: hour });
        },
      ),
      fcParams(100, SEED),
    );
  });

  it('should read a date written out in seven languages, with or without its weekday', () => {
    fc.assert(
      fc.property(
        calendarDay,
        language,
        fc.nat(5),
        fc.constantFrom<'none' | 'full' | 'short'>('none', 'full', 'short'),
        (date, lang, form, weekday) => {
          const text = writeDate(lang, date, form, weekday);
          const day = epochDay(date);
          expect(parseWindow(text)).toEqual({ raw: text, unit: 'day', from: day, to: day, anchor: 'date' });
          expect(parseWindow(`Go-live: ${text.toUpperCase()}.`)).toMatchObject({ from: day, anchor: 'date' });
        },
      ),
      fcParams(400, SEED),
    );
  });

  it('should keep the time and zone written after a date, and give them as the go-live anchor', () => {
    fc.assert(
      fc.property(
        calendarDay,
        language,
        fc.nat(5),
        minuteOfDay,
        fc.option(fc.constantFrom(...ZONES), { nil: undefined }),
        (date, lang, form, minutes, zone) => {
          const forms = TIME_FORMS[lang];
          const time = forms[form % forms.length]?.(Math.floor(minutes / 60), minutes % 60) ?? '';
          const text = `${writeDate(lang, date, form, 'full')}${time}${zone ? ` ${zone}` : ''}`;
          const day = epochDay(date);
          const window = parseWindow(text);
          expect(window).toMatchObject({
            raw: text,
            unit: 'day',
            from: day,
            to: day,
            anchor: 'date',
            time: minutes,
          });
          expect(window?.zone).toBe(zone);
          expect(parseGoLiveAnchor(`Go-Live Date: ${text}`)).toEqual({
            raw: text,
            date: date.toISOString().slice(0, 10),
            time: clock24(minutes),
            ...(zone ? { zone } : {}),
          });
        },
      ),
      fcParams(400, SEED),
    );
  });

  it('should read numeric dates with the time and zone after them, and ISO date-times', () => {
    fc.assert(
      fc.property(
        calendarDay,
        minuteOfDay,
        fc.constantFrom('iso', 'dmy', 'dashes', 'dots'),
        fc.constantFrom(' ', ' à ', ', ', ' um ', ' om '),
        fc.option(fc.constantFrom('UTC', 'CET', 'UTC+1', 'GMT-3'), { nil: undefined }),
        fc.constantFrom('Z', '+01:00', '-03:00', ':00Z', ':00+02:00'),
        (date, minutes, shape, sep, zone, isoZone) => {
          const [y, m, d] = [date.getUTCFullYear(), pad(date.getUTCMonth() + 1), pad(date.getUTCDate())];
          const iso = `${y}-${m}-${d}`;
          const day = { iso, dmy: `${d}/${m}/${y}`, dashes: `${d}-${m}-${y}`, dots: `${d}.${m}.${y}` }[shape];
          const text = `${day}${sep}${clock24(minutes)}${zone ? ` ${zone}` : ''}`;
          const window = parseWindow(`Cutover ${text}`);
          expect(window).toMatchObject({ raw: text, from: epochDay(date), anchor: 'date', time: minutes });
          expect(window?.zone).toBe(zone);
          const stamp = `${iso}T${clock24(minutes)}${isoZone}`;
          expect(parseWindow(stamp)).toMatchObject({
            raw: stamp,
            time: minutes,
            zone: isoZone.replace(/^:00/u, ''),
          });
        },
      ),
      fcParams(300, SEED),
    );
  });

  it('should read a bound before a date or time in seven languages, never as a plain day', () => {
    const before = [
      'before',
      'by',
      'no later than',
      'avant le',
      'au plus tard le',
      "jusqu'au",
      'antes del',
      'antes de',
      'até',
      'bis zum',
      'vor dem',
      'spätestens am',
      'entro il',
      'prima del',
      'vóór',
      'uiterlijk op',
    ];
    const after = [
      'after',
      'à partir du',
      'après le',
      'a partir del',
      'desde el',
      'a partir de',
      'ab dem',
      'ab',
      'dal',
      'a partire dal',
      'vanaf',
      'na',
    ];
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.nat(20),
        calendarDay,
        language,
        fc.constantFrom('numeric', 'words', 'time'),
        (isBefore, pick, date, lang, shape) => {
          const words = isBefore ? before : after;
          const bound = words[pick % words.length] ?? '';
          const minutes = (pick * 97) % (24 * 60);
          const place =
            shape === 'numeric'
              ? `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`
              : shape === 'words'
                ? writeDate(lang, date, pick, 'none')
                : clock24(minutes);
          const text = `${bound} ${place}`;
          const expected =
            shape === 'time'
              ? { from: minutes, anchor: 'clock' }
              : { from: epochDay(date), to: epochDay(date), anchor: 'date' };
          expect(parseWindow(`Freeze ${text}`)).toMatchObject({
            raw: text,
            ...expected,
            bound: isBefore ? 'before' : 'after',
          });
        },
      ),
      fcParams(400, SEED),
    );
  });
});
