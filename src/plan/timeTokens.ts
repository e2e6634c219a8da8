/**
 * The words of the time grammar (time.ts): a tokenizer that cuts text into numbers, clock times,
 * dates, words and signs, and the vocabulary of units, range words, months and "first"/"before"
 * in English, French, Spanish, Portuguese and German.
 */
import type { TimeUnit } from './model.ts';
import { fold } from './text.ts';

export type Token =
  | { type: 'num'; value: number; start: number; end: number; gap: boolean }
  | { type: 'clock'; minutes: number; start: number; end: number; gap: boolean }
  | {
      type: 'date';
      day: number;
      month: number;
      year: number | null;
      start: number;
      end: number;
      gap: boolean;
    }
  | { type: 'word'; value: string; start: number; end: number; gap: boolean }
  | { type: 'sign'; value: 1 | -1; start: number; end: number; gap: boolean }
  | { type: 'punct'; value: string; start: number; end: number; gap: boolean };

// One alternative per token kind, tried in this order at each position.
const TOKEN =
  /(\d{4}-\d{1,2}-\d{1,2})|(\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}\/\d{1,2}(?![/\d]))|(\d{1,2}(?::\s?\d{2}|h\d{2}))(?!\d)|(\d+(?:[.,]\d+)?)|(\p{L}+)|([+\-−–—])|([()[\]:,;/=])|(\s+)|./gu;

/** Cuts text into tokens; `gap` says whether space came before the token. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let gap = true;
  for (const match of text.matchAll(TOKEN)) {
    const [whole, iso, dmy, clock, num, word, sign, punct, space] = match;
    const start = match.index;
    const end = start + whole.length;
    if (space !== undefined) {
      gap = true;
      continue;
    }
    if (iso !== undefined) {
      const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
      tokens.push({ type: 'date', day, month, year, start, end, gap });
    } else if (dmy !== undefined) {
      const [day, month, year] = dmy.split(/[/.]/).map(Number) as [number, number, number | undefined];
      tokens.push({
        type: 'date',
        day,
        month,
        year: year === undefined ? null : year < 100 ? 2000 + year : year,
        start,
        end,
        gap,
      });
    } else if (clock !== undefined) {
      const [hours, minutes] = clock.split(/\s?(?::|h)\s?/).map(Number) as [number, number];
      tokens.push({ type: 'clock', minutes: hours * 60 + minutes, start, end, gap });
    } else if (num !== undefined)
      tokens.push({ type: 'num', value: Number(num.replace(',', '.')), start, end, gap });
    else if (word !== undefined) tokens.push({ type: 'word', value: fold(word), start, end, gap });
    else if (sign !== undefined) tokens.push({ type: 'sign', value: sign === '+' ? 1 : -1, start, end, gap });
    else tokens.push({ type: 'punct', value: punct ?? whole, start, end, gap });
    gap = false;
  }
  return tokens;
}

const UNITS: Record<string, TimeUnit> = {};
const addUnit = (unit: TimeUnit, words: string) => words.split(' ').forEach((word) => (UNITS[word] = unit));
addUnit('minute', 'm min mins minute minutes minuto minutos minuten mn');
addUnit('hour', 'h hr hrs hour hours heure heures hora horas stunde stunden std hs');
addUnit('day', 'j d day days jour jours dia dias tag tage tagen jr jrs');
addUnit('week', 'w wk wks week weeks semaine semaines sem semana semanas woche wochen kw');
addUnit('month', 'mo month months mois mes meses monat monate monaten');

/** The unit a (folded) word names, or null. */
export function unitOfWord(word: string): TimeUnit | null {
  return UNITS[word] ?? null;
}

/** Minutes in each unit, to compare and convert (a month counts 30 days). */
export const UNIT_MINUTES: Record<TimeUnit, number> = {
  minute: 1,
  hour: 60,
  day: 1440,
  week: 10080,
  month: 43200,
};

/** Words between the two ends of a range ("1-2", "1 à 2", "T-2 Wochen bis T-1 Tag"). */
export const RANGE_WORDS = new Set([
  'a',
  'to',
  'bis',
  'al',
  'ate',
  'y',
  'e',
  'et',
  'and',
  'und',
  'through',
  'thru',
  'hasta',
  'au',
]);

/** "First" in five languages: "First 24 hours", "Premières 24h", "Primera semana", "Erste Woche". */
export const FIRST_WORDS = new Set([
  'first',
  'premier',
  'premiere',
  'premiers',
  'premieres',
  'primer',
  'primera',
  'primeros',
  'primeras',
  'primeiro',
  'primeira',
  'primeiros',
  'primeiras',
  'erste',
  'ersten',
  'erster',
  'erstes',
]);

/** "Before" / "after" after an amount: "1 week before", "2 jours avant", "3 días después", "2 Wochen vorher". */
export const BEFORE_WORDS = new Set(['before', 'prior', 'avant', 'antes', 'vorher', 'davor', 'vor']);
export const AFTER_WORDS = new Set([
  'after',
  'apres',
  'despues',
  'depois',
  'nachher',
  'danach',
  'nach',
  'later',
]);

/** Words that make the next amount a length, not a place in time: "Durée cible : 1-2 semaines". */
export const DURATION_WORDS = new Set([
  'duree',
  'duration',
  'duracion',
  'duracao',
  'dauer',
  'estimation',
  'estimated',
  'estimee',
  'estime',
  'estimado',
  'estimada',
  'geschatzt',
  'approx',
  'environ',
  'about',
  'aprox',
  'ca',
  'cible',
  'target',
  'objetivo',
  'alvo',
]);

const MONTHS: Record<string, number> = {};
const addMonths = (names: string) => names.split(' ').forEach((name, index) => (MONTHS[name] = index + 1));
addMonths('january february march april may june july august september october november december');
addMonths('jan feb mar apr may jun jul aug sep oct nov dec');
addMonths('janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre');
addMonths('enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre');
addMonths('janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro');
addMonths('januar februar marz april mai juni juli august september oktober november dezember');

/** The month (1–12) a folded word names, or null. */
export function monthOfWord(word: string): number | null {
  return MONTHS[word] ?? null;
}
