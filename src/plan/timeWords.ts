/**
 * The vocabulary of the time grammar (time.ts) in English, French, Spanish, Portuguese, German,
 * Italian and Dutch: units, months, weekdays, range words, "first", "before"/"after", bounds,
 * interval and hold words, names of the go-live day and time zones. Words are folded (lower
 * case, no accents: see text.ts), except time-zone abbreviations, which are matched as written.
 * Several-word entries ("no later than", "fino a") are read by `phraseAt` in timeTokens.ts.
 */
import type { TimeUnit } from './model.ts';

const words = (list: string) => list.split(' ');

const UNITS = new Map<string, TimeUnit>();
const addUnit = (unit: TimeUnit, list: string) => words(list).forEach((word) => UNITS.set(word, unit));
addUnit('minute', 'm min mins minute minutes minuto minutos minuten mn minuti minuut');
addUnit('hour', 'h hr hrs hour hours heure heures hora horas stunde stunden std hs ora ore uur uren');
addUnit('day', 'j d day days jour jours dia dias tag tage tagen jr jrs giorno giorni gg dag dagen');
addUnit('week', 'w wk wks week weeks semaine semaines sem semana semanas woche wochen kw settimana');
addUnit('week', 'settimane sett weken');
addUnit('month', 'mo month months mois mes meses monat monate monaten mese mesi maand maanden mnd');

/** The unit a (folded) word names, or null. */
export function unitOfWord(word: string): TimeUnit | null {
  return UNITS.get(word) ?? null;
}

/** Minutes in each unit, to compare and convert (a month counts 30 days). */
export const UNIT_MINUTES: Record<TimeUnit, number> = {
  minute: 1,
  hour: 60,
  day: 1440,
  week: 10080,
  month: 43200,
};

/** Words between the two ends of a range ("1-2", "1 à 2", "T-2 Wochen bis T-1 Tag", "1 tot 3"). */
export const RANGE_WORDS = new Set(words('a to bis al ate y e et and und through thru hasta au tot'));
/** Ranges of several words: "Settimane 1 fino a 3", "Week 1 t/m 3", "Week 1 tot en met 3". */
export const RANGE_PHRASES = ['fino a', 'fino al', 'tot en met', 't / m'];

/** "First": "First 24 hours", "Premières 24h", "Primera semana", "Erste Woche", "Prime 24 ore", "Eerste week". */
export const FIRST_WORDS = new Set([
  ...words('first premier premiere premiers premieres primer primera primeros primeras'),
  ...words('primeiro primeira primeiros primeiras erste ersten erster erstes'),
  ...words('primo prima primi prime eerste'),
]);

/** "Before" / "after" after an amount: "1 week before", "2 jours avant", "2 giorni prima", "1 dag voor". */
export const BEFORE_WORDS = new Set(
  words('before prior avant antes vorher davor vor prima voor voorafgaand'),
);
export const AFTER_WORDS = new Set(
  words('after apres despues depois nachher danach nach later dopo na daarna'),
);
/**
 * "voor" is also Dutch "for" ("2 uur voor de tests") and "na" Portuguese "in the" ("2 dias na
 * produção"): after an amount they mean before/after only at the end of a phrase or before a
 * name of the go-live, "de"/"het" allowed between ("2 uur voor de livegang", "1 dag na go-live").
 */
export const AMBIGUOUS_RELATIONS = new Set(['voor', 'na']);
export const RELATION_ARTICLES = new Set(['de', 'het']);
export const GO_LIVE_WORDS = new Set(
  words(
    'go livegang lancering launch release cutover overstap migratie ingebruikname oplevering golive lancement lanzamiento lancamento lancio deploy deployment despliegue bascule corte',
  ),
);

/** Words that make the next amount a length, not a place in time: "Durée cible : 1-2 semaines". */
export const DURATION_WORDS = new Set([
  ...words('duree duration duracion duracao dauer durata duur estimation estimated estimee estime'),
  ...words('estimado estimada geschatzt stima stimato stimata geschat approx approximately environ'),
  ...words('about aprox aproximadamente ca circa ungefahr etwa ongeveer cible target objetivo alvo'),
  ...words('obiettivo doel'),
]);
/** Words a length label may stand behind: "Durée de 2h à 4h", "Duration of 2-3 weeks". */
export const LINK_WORDS = new Set(words('de of du von van di da del das'));
/** Marks of an approximate length: "± 20–40 min", "~2h", "≈ 3 Tage". */
export const APPROX_MARKS = new Set(['~', '±', '≈', '∼']);

const MONTHS = new Map<string, number>();
const addMonths = (list: string) => words(list).forEach((name, index) => MONTHS.set(name, index + 1));
addMonths('january february march april may june july august september october november december');
addMonths('jan feb mar apr may jun jul aug sep oct nov dec');
addMonths('janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre');
addMonths('enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre');
addMonths('janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro');
addMonths('januar februar marz april mai juni juli august september oktober november dezember');
addMonths('gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre');
addMonths('gen feb mar apr mag giu lug ago set ott nov dic');
addMonths('januari februari maart april mei juni juli augustus september oktober november december');
addMonths('jan feb mrt apr mei jun jul aug sep okt nov dec');
MONTHS.set('sept', 9);

/** The month (1–12) a folded word names, or null. */
export function monthOfWord(word: string): number | null {
  return MONTHS.get(word) ?? null;
}

/** Weekdays and their abbreviations, read before a date ("Friday, December 19, 2025", "Mo., 4. Sept. 2023"). */
export const WEEKDAYS = new Set([
  ...words(
    'monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun',
  ),
  ...words('lundi mardi mercredi jeudi vendredi samedi dimanche lun mar mer jeu ven sam dim'),
  ...words('lunes martes miercoles jueves viernes sabado domingo mie jue vie sab dom'),
  ...words('segunda terca quarta quinta sexta seg ter qua qui sex'),
  ...words('montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag mo di mi do fr sa so'),
  ...words('die mit don fre son'),
  ...words('lunedi martedi mercoledi giovedi venerdi sabato domenica gio'),
  ...words(
    'maandag dinsdag woensdag donderdag vrijdag zaterdag zondag ma wo vr za zo maa din woe vri zat zon',
  ),
]);
/** Between a weekday and its day: "Monday the 4th", "lundi le 15", "Montag, den 4.", "el martes 4". */
export const DATE_ARTICLES = new Set(words('the le el il den de'));
/** After a day number: "4th", "1st", "2nd", "3rd", "1er", "2e", "2eme", "1º", "1ª", "4e". */
export const ORDINAL_SUFFIXES = new Set(words('st nd rd th er re e eme o º ª'));

/** Before a date or time of day, a bound: "before March 3, 2026", "avant le 15/03/2026", "ab 16 Uhr". */
export const BOUND_PHRASES: Record<string, 'before' | 'after'> = {};
const addBounds = (bound: 'before' | 'after', list: string) =>
  list.split(', ').forEach((phrase) => (BOUND_PHRASES[phrase] = bound));
addBounds('before', 'before, by, no later than, not later than, until, till, avant, au plus tard');
addBounds('before', "jusqu ' au, jusqu ' a, antes, hasta, a mas tardar, ate, vor, bis, spatestens, entro");
addBounds('before', 'prima, voor, uiterlijk, tot');
addBounds('after', 'after, starting, starting from, as of, a partir, apres, des, despues, desde, depois');
addBounds('after', 'ab, nach, dal, dalla, a partire, dopo, vanaf, na');
/** Between a bound and its date: "avant le", "antes del", "até o", "entro il", "jusqu'au", "bis zum". */
export const BOUND_ARTICLES = new Set(
  words("the le la l du de del dal el il lo dem zum zur am den o ao do da het op '"),
);

/**
 * Leads of an interval, true where a unit alone follows ("every hour", "toutes les heures", "ogni
 * giorno"), false where an amount must ("alle 5 Minuten": Italian "alle ore 9" is a time).
 */
export const INTERVAL_LEADS: Record<string, boolean> = {
  every: true,
  each: true,
  'toutes les': true,
  'tous les': true,
  chaque: true,
  cada: true,
  'a cada': true,
  jede: true,
  jeden: true,
  jedes: true,
  ogni: true,
  elke: true,
  iedere: true,
  ieder: true,
  alle: false,
  'om de': false,
};
/** Intervals in one word: "hourly", "quotidien", "täglich", "giornaliero", "dagelijks". */
export const INTERVAL_ADVERBS = new Map<string, TimeUnit>();
const addAdverbs = (unit: TimeUnit, list: string) =>
  words(list).forEach((word) => INTERVAL_ADVERBS.set(word, unit));
addAdverbs('hour', 'hourly stundlich uurlijks');
addAdverbs('day', 'daily quotidien quotidienne diario diaria diariamente taglich quotidiano quotidiana');
addAdverbs('day', 'giornaliero giornaliera dagelijks');
addAdverbs('week', 'weekly hebdomadaire semanal wochentlich settimanale wekelijks');
addAdverbs('month', 'monthly mensuel mensuelle mensual mensal monatlich mensile maandelijks');
/** Leads of a hold: "for 5 min", "hold 30 min", "pendant 10 minutes", "per 5 minuti", "gedurende 5 minuten". */
export const HOLD_LEADS = [
  ...words('for hold wait pendant durant durante fur per gedurende attendre esperar aguardar aspettare'),
  'hold for',
  'wait for',
];
/** Between an interval or hold lead and its amount: "for the next 30 min", "toutes les 5 minutes". */
export const LENGTH_FILLERS = new Set(words('the next les los las die'));

/**
 * Names of the go-live day or hour, as the letter of the offsets they stand for: "D-Day" and
 * "Día D" are D (D-1, D+2), "Jour J" is J, "H-Hour" is H. Hyphens between the words are optional.
 */
export const ZERO_NAMES: Record<string, 'd' | 'j' | 'h'> = {
  'd day': 'd',
  'jour j': 'j',
  'dia d': 'd',
  'tag x': 'd',
  'x tag': 'd',
  'giorno x': 'd',
  'd dag': 'd',
  'h hour': 'h',
  'heure h': 'h',
  'hora h': 'h',
  'day of launch': 'd',
  'day of go live': 'd',
  'launch day': 'd',
  'go live day': 'd',
  'cutover day': 'd',
  'cutover tag': 'd',
  'go live tag': 'd',
  umstellungstag: 'd',
  'jour de bascule': 'j',
  'jour de lancement': 'j',
  'jour de mise en production': 'j',
  'dia del corte': 'd',
  'dia de lanzamiento': 'd',
  'dia del lanzamiento': 'd',
  'dia do lancamento': 'd',
  'dia do go live': 'd',
  'dia da virada': 'd',
  'giorno del lancio': 'd',
  'giorno del rilascio': 'd',
  livegangdag: 'd',
  lanceerdag: 'd',
};

/** The days beside the go-live, named: "Day Before Go-Live", "la veille", "Folgetag". */
export const NEIGHBOUR_DAYS: Record<string, -1 | 1> = {
  'day before': -1,
  veille: -1,
  'dia anterior': -1,
  'dia antes': -1,
  vortag: -1,
  'giorno prima': -1,
  'dag ervoor': -1,
  'day after': 1,
  lendemain: 1,
  'dia siguiente': 1,
  'dia seguinte': 1,
  'dia depois': 1,
  folgetag: 1,
  'giorno dopo': 1,
  'dag erna': 1,
};

/** Before a time of day that has no minutes ("à 9h", "um 9 h", "om 9 uur", "a las 9h"). */
export const CLOCK_LEADS = new Set(words('at a as um om vers las'));
/** Before "à"/"a", a comparison makes the hour a length: "supérieure à 2 h", "inferior a 2h", "limité à 2h". */
export const COMPARISON_WORDS = new Set([
  ...words('superieur superieure superieurs superieures inferieur inferieure inferieurs inferieures'),
  ...words('superior superiores inferior inferiores superiore superiori inferiore inferiori'),
  ...words('egal egale egaux igual iguales uguale limite limitee limitado limitada limitato limitata'),
  ...words('jusqu hasta ate fino plus moins mas menos max maximum min minimum'),
]);
/** Before a range of such times: "de 9h à 17h", "van 9 uur tot 17 uur". */
export const CLOCK_RANGE_LEADS = new Set(words('de from van von desde dalle das'));
/** After a time of day: "14:00 Uhr", "14:00 h", "14.30 uur". */
export const CLOCK_SUFFIXES = new Set(words('uhr h hs uur'));
/** Between a date and its time: "15/03/2025 à 06h00", "4. März um 14 Uhr", "4 maart om 9.30 uur". */
export const DATE_TIME_LINKS = new Set(words('a at um om as alle ore las @'));

/** Time-zone abbreviations, matched as written (upper case): "10:00 AM MSK", "9am PT", "14:00 CET". */
export const ZONES = new Set(
  words(
    'UTC GMT CET CEST MEZ MESZ EET EEST WET WEST BST IST MSK PT PST PDT MT MST MDT CT CST CDT ET EST EDT AKST AKDT ' +
      'HST AEST AEDT ACST AWST JST KST SGT HKT ICT WIB NZST NZDT BRT ART SAST WAT EAT CAT GST PKT',
  ),
);
/** Zones that take an offset ("UTC+2", "GMT-3"), in any case. */
export const OFFSET_ZONES = new Set(['utc', 'gmt']);
/** The first part of an IANA zone name: "Europe/Paris", "America/New_York". */
export const ZONE_AREAS = new Set(
  words('europe america asia africa australia pacific atlantic indian antarctica'),
);
