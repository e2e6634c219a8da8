/**
 * Thresholds as people write them, in seven languages: "Error rate > 5% for 5 min", "Taux
 * d'erreur < 0.1%", "responseTime: '<200ms'", "≤ 2 segundos (p95)", "alerts if >80%",
 * "Latenz unter 300 ms", "uptime: 99.9%", "latenza sotto 300 ms", "foutpercentage boven 2%".
 * A comparator (sign or words), a number, a unit, and the metric named before them; trailing
 * text such as "(p95)" is left aside. The comparison is kept as written; words around it
 * ("alerts if", "target") hint at which side of the line the number is (see thresholdSide.ts).
 */
import type { Comparison, Threshold } from '../model.ts';
import { fold, stripEmoji } from '../text.ts';
import { parseDuration } from '../time.ts';
import { withoutMark } from './status.ts';

const WORDS: ReadonlyArray<[Comparison, string]> = [
  [
    '<=',
    'at most|no more than|not more than|not over|not above|nicht mehr als|nicht uber|pas plus de|no mas de|nao mais de|non piu di|niet meer dan|max|maximum|au plus|au maximum|como maximo|maximo|no maximo|hochstens|maximal|up to|jusqu a|bis zu|ate|al massimo|massimo|non oltre|hoogstens|maximaal|ten hoogste',
  ],
  [
    '>=',
    'at least|no less than|nicht weniger als|pas moins de|no menos de|nao menos de|non meno di|niet minder dan|mind|min|minimum|au moins|al menos|como minimo|minimo|pelo menos|no minimo|mindestens|not less than|almeno|come minimo|minstens|ten minste|tenminste',
  ],
  [
    '<',
    'below|under|less than|lower than|moins de|inferieur a|inferieure a|en dessous de|sous|menos de|menor que|inferior a|por debajo de|abaixo de|unter|weniger als|kleiner als|unterhalb|sotto|meno di|inferiore a|al di sotto di|onder|minder dan|lager dan|kleiner dan',
  ],
  [
    '>',
    'above|over|more than|greater than|exceeds|exceed|exceeding|plus de|superieur a|superieure a|au dessus de|depasse|mas de|mayor que|superior a|por encima de|mais de|acima de|maior que|uber|mehr als|grosser als|oberhalb|sopra|piu di|superiore a|oltre|boven|meer dan|hoger dan|groter dan',
  ],
];
const SIGNS: Record<string, Comparison> = {
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
  '≤': '<=',
  '≥': '>=',
  '=': '=',
  '==': '=',
};

const UNIT = String.raw`ms|millisecond(?:e)?s?|milisegundos?|millisekunden|millisecondi|milliseconden|secondes?|seconds?|segundos?|sekunden|secondi|seconden|secs?|sek|s|minutes?|minutos?|minuten|minuti|mins?|hours?|heures?|horas?|stunden|ore|uur|h|%|req\/s(?:ec)?|req\/min|\/min|\/s(?:ec)?|\/h(?:ou)?r?|rps|rpm|qps|tps|\/100|\/5|mb|gb|kb|x`;
const COMPARATOR = new RegExp(
  // "max. 300 ms", "mind. 80 %", "mín. 95%": an abbreviation keeps its period.
  String.raw`(<=|>=|≤|≥|==|<|>|=|\b(?:${WORDS.map(([, words]) => words).join('|')})\b\.?)\s*(\d+(?:[.,]\d+)?)\s*(${UNIT})?(?![\p{L}\d])`,
  'u',
);
const PLAIN = new RegExp(String.raw`[:=]\s*(\d+(?:[.,]\d+)?)\s*(${UNIT})?(?![\p{L}\d])`, 'u');

const UNIT_NAMES: ReadonlyArray<[RegExp, string]> = [
  [/^(ms|milli|mili)/, 'ms'],
  [/^(s|sec|seg|sek)/, 's'],
  [/^min/, 'min'],
  [/^(h|heure|hora|stunde|ore$|uur)/, 'h'],
  [/^req\/s/, 'req/s'],
];

/** Metrics whose healthy side is "at least" when the plan writes no comparator (uptime: 99.9%). */
const AT_LEAST =
  /uptime|disponibilit|availability|verfugbarkeit|hit ?rate|satisfaction|satisfaccion|satisfacao|zufriedenheit|score|couverture|coverage|cobertura|abdeckung/;

/** Words between a metric and its comparator: "Error rate is < 1%", "CPU alerts if > 80%". */
const CONNECTORS =
  /(\s|:|=|-|\bis\b|\best\b|\bes\b|\bist\b|\bmust be\b|\bshould be\b|\bdoit etre\b|\bdoit rester\b|\bdebe ser\b|\bdeve ser\b|\bmuss\b|\bsollte\b|\balerts? if\b|\balertes? si\b|\balerta si\b|\balerta se\b|\balarm wenn\b|\bif\b|\bsi\b|\bse\b|\bwenn\b|\bwhen\b|\bquand\b|\bcuando\b|\bquando\b|\bstays\b|\breste\b|\bremains\b|\btarget\b|\bcible\b|\bdeve essere\b|\bmoet\b|\bmoet zijn\b|\ballarme se\b|\balarm als\b|\bse\b|\bals\b|\bobjetivo\b|\bziel\b|\bobiettivo\b|\bdoel\b)+$/;

/** Words saying the number is when to alert: "CPU alerts if > 80%", "rollback if", "alarm wenn". */
const ALERT_WHEN =
  /\b(alerts? (if|when|above|below|on)|page (if|when)|alert when|alerte si|alerter si|alerta (si|se|cuando|quando)|alarm (wenn|bei|als)|alarme si|allarme se|rollback (if|when|si|se|wenn|als)|trigger (if|when)|escalate (if|when)|if|when|si|wenn|falls|als|cuando|quando|se|qualora|indien)\b/;
/** Words saying the number is what good looks like: "target < 200 ms", "must stay below", "objectif". */
const HEALTHY_WHEN =
  /\b(target|goal|objective|expected|must (be|stay|remain)|should (be|stay|remain)|keep|stay|remain|cible|objectif|attendu|doit (etre|rester)|objetivo|esperado|debe (ser|estar|mantenerse)|deve (ser|estar|essere|rimanere)|ziel|zielwert|soll|muss|erwartet|obiettivo|atteso|doel|verwacht|moet|slo|sla)\b[^<>=≤≥]{0,30}$/;

/** "for 5 min", "pendant 10 minutes", "durante 5 min", "für 5 Minuten": how long the condition must hold. */
const SUSTAINED =
  /^\s*(?:\([^)]*\)\s*)?(?:(?:sustained|consistently|continuously|soutenue?s?|sostenid[oa]s?|sustentad[oa]s?|anhaltend)\s+)?(?:for|during|over|pendant|durant|sur|durante|por|fur|uber)\s+/;
/** Words after the number saying it alerts: "CPU > 85% raises an alert", "… déclenche une alerte". */
const ALERTS_AFTER =
  /^[^.;]{0,40}\b(?:raises? an? (?:alert|alarm|page)|triggers? (?:an? )?(?:alert|alarm|page|rollback)|pages? (?:the )?on[\s-]?call|declenche\w* (?:une? )?(?:alerte|alarme)|dispara\w* (?:una? |uma )?(?:alerta|alarma|alarme)|gera\w* (?:um )?alerta|lost (?:einen )?alarm aus|genera\w* (?:un )?allarme|geeft (?:een )?alarm)\b/;

/**
 * The threshold written in a line, with the metric before it (null when the line names none).
 * The comparison states the healthy side ("CPU alerts if > 80%" gives CPU <= 80).
 */
export type FoundThreshold = Omit<Threshold, 'metric'> & {
  metric: string | null;
  /** The side the words around the number say it is on, or null when they say nothing. */
  hint: 'alert' | 'healthy' | null;
};

/**
 * Every threshold written in a line, clause by clause: "CPU < 70%, Memory < 80%" gives two,
 * "☐ API p95 < 400ms ☐ LCP < 2.5s" two, "p95 < 300ms and p99 < 1s" two. A decimal comma
 * ("0,5 %") never splits.
 */
export function findThresholds(text: string): FoundThreshold[] {
  return text
    .split(/(?<!\d),|,(?!\d)|;|\s\|\s|[☐⬜✅☑✔❌🔲]|\s(?:and|et|y|e|und|en|ed)\s(?=[^<>=≤≥]*[<>=≤≥])/u)
    .map((clause) => findThreshold(clause))
    .filter((found): found is FoundThreshold => found !== null);
}

/**
 * The first threshold written in a line, with the metric before it (null when the line names
 * none). The comparison is as written ("CPU alerts if > 80%" gives CPU > 80, hint alert).
 */
export function findThreshold(text: string): FoundThreshold | null {
  if (!/\d/.test(text)) return null; // no number, no threshold
  const clean = stripEmoji(withoutMark(text.replace(/^\s*(?:[-*+]|\d+[.)])?\s*(?:\[[ xX]\])?\s*/u, '')))
    .replace(/[*`"_]|(?<!\p{L})['’]|['’](?!\p{L})/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const folded = foldInPlace(clean);
  const match = COMPARATOR.exec(folded);
  const plain = match ? null : PLAIN.exec(folded);
  const found = match ?? plain;
  if (!found?.index && found?.index !== 0) return null;
  const before = clean.slice(0, found.index);
  const metric = metricName(before);
  let comparison: Comparison | undefined;
  if (match)
    comparison =
      SIGNS[match[1] ?? ''] ??
      WORDS.find(([, words]) => new RegExp(`^(?:${words})$`).test((match[1] ?? '').replace(/\.$/u, '')))?.[0];
  else if (metric && AT_LEAST.test(fold(metric))) comparison = '>=';
  const number = match ? match[2] : plain?.[1];
  if (!comparison || number === undefined) return null;
  // "Set ROLLOUT_PERCENT=10" and "(TTL=300s)" set a value; they do not watch one.
  if (comparison === '=' && metric && (SETTING.test(fold(metric)) || /[\p{L}\d_]=\d/u.test(text)))
    return null;
  const foldedBefore = folded.slice(Math.max(0, found.index - 40), found.index);
  const rest = clean.slice(found.index + found[0].length);
  const hint =
    ALERT_WHEN.test(foldedBefore) || ALERTS_AFTER.test(fold(rest))
      ? 'alert'
      : HEALTHY_WHEN.test(foldedBefore)
        ? 'healthy'
        : null;
  const unitWord = (match ? match[3] : plain?.[2]) ?? '';
  // "for 2+ minutes" holds for at least two.
  const sustained = SUSTAINED.test(fold(rest)) ? parseDuration(rest.replace(/(\d)\s*\+/gu, '$1')) : null;
  return {
    metric,
    comparison,
    threshold: Number(number.replace(',', '.')),
    unit: UNIT_NAMES.find(([pattern]) => pattern.test(unitWord))?.[1] ?? unitWord,
    hint,
    ...(sustained ? { sustained } : {}),
  };
}

/**
 * The text folded with every index still on the same character, so a match in the folded text
 * cuts the original in the same place: the whole text at once when folding keeps its length (it
 * almost always does), else letter by letter.
 */
function foldInPlace(text: string): string {
  const whole = fold(text);
  return whole.length === text.length
    ? whole
    : Array.from(text, (char) => (fold(char).length === char.length ? fold(char) : char)).join('');
}

/** Words a metric never starts with: a condition or an article ("Si le RTO", "If the error rate"). */
const LEADING =
  /^(?:(?:if|when|si|se|quand|cuando|quando|wenn|falls|als|indien|qualora|and|et|y|e|und|en|ed|or|ou|o|oder|of)\s+)?(?:(?:the|le|la|les|l|el|los|las|lo|o|os|a|as|der|die|das|den|il|gli|de|het|een|an|un|une|una|um|uma|ein|eine)\s+)?/iu;

/** Verbs that set a value ("Set", "Définir", "Establecer", "Setze"): what follows is configuration. */
const SETTING =
  /^(?:set|setze|setzen|definir|configure[rz]?|configurar|establecer|impostare|zet|stel|change|update)\b/u;

/** A word that places a number in time ("after", "within", "nach", "binnen"): the words before it name no metric. */
const TIME_WORD =
  /^(?:after|within|before|until|apres|avant|sous|despues|antes|dentro|depois|em|nach|vor|innerhalb|binnen|bis|dopo|entro|prima|na|voor|binnen)$/u;

/** A label that says a number is what is expected, not what is measured. */
const EXPECTED_LABEL =
  /^(?:expected|esperad[oa]|attendue?|erwartet|atteso|verwacht|target|objetivo|objectif|cible|meta|ziel|sollwert)\s*:?\s*$/u;

/** The metric named before a comparator: the last clause, connecting words dropped, at most 8 words. */
function metricName(before: string): string | null {
  // "Target: p95 latency < 300 ms", "Alert on: page load > 4s": the label before the colon is not the metric.
  const unlabelled = before.replace(/^.*:\s+(?=\S)/u, '');
  const clauses = (/\p{L}/u.test(unlabelled) ? unlabelled : before).split(/[,;(|]/u);
  // "Chargement dégradé (> 8s par page)": nothing between the bracket and the comparator, the metric is before it.
  const last = (clauses.at(-1) ?? '').trim() || (clauses.at(-2) ?? '');
  // "Memory usage: ____ MB (expected: < 512 MB)": the words before the label name the metric.
  const clause = EXPECTED_LABEL.test(fold(last)) ? (/^([^:(]+):/u.exec(before)?.[1] ?? last) : last;
  const folded = foldInPlace(clause);
  const connectors = CONNECTORS.exec(folded);
  const name = Array.from(clause)
    .slice(0, connectors ? connectors.index : undefined)
    .join('')
    .trim()
    .replace(/^l['’]/iu, '');
  // "Roll back when error rate > 5%": what comes before the condition word is the action, not the metric.
  const condition =
    /^.*?\b(?:if|when|whenever|si|quand|lorsque|cuando|quando|wenn|falls|qualora|indien|zodra)\s+(?=\S)/iu.exec(
      name,
    );
  const words = (condition ? name.slice(condition[0].length) : name)
    .replace(LEADING, '')
    .split(/\s+/)
    .filter(Boolean);
  // "docker image prune --filter until=168h" is a command, not a metric.
  if (words.some((word) => /^--?\p{L}/u.test(word))) return null;
  // "Nach ≤5 Min.: row in the table", "Spätestens nach ≤ 5 Min." say when, not what is measured.
  if (TIME_WORD.test(fold(words.at(-1) ?? ''))) return null;
  return words.length === 0 || words.length > 8 || !/\p{L}/u.test(words.join(' ')) ? null : words.join(' ');
}
