/**
 * The words that say what a part of a rollback protocol is, in seven languages: when to roll
 * back (triggers), how (the procedure), what must hold before (readiness checks), alternative
 * ways to do it (Option A / Method 2), and what is not the procedure at all (contacts, messages,
 * "do not roll back when"). rollback.ts reads labels and headings with them.
 *
 * Word lists stand several words to a line (`// prettier-ignore`).
 */
import { fold } from '../text.ts';
import { parseWindow } from '../time.ts';
import { findKeyword, hasKeyword, keywords, wordsOf } from './keywords.ts';
import type { Language } from './language.ts';
import type { Section } from './parse.ts';
import { TITLE_WORDS, WHEN_SOMETHING_GOES_WRONG } from './roleWords.ts';

export type RollbackMode = 'triggers' | 'steps' | 'checks' | 'skip';

// prettier-ignore
const TRIGGERS = keywords(
  'trigger*', 'declencheur*', 'declenchement', 'disparador*', 'gatilho*', 'ausloser', 'criteria', 'criteres',
  'criterios', 'kriterien', 'criteri', 'criteria', 'conditions', 'condiciones', 'condicoes', 'bedingungen',
  'condizioni', 'voorwaarden', 'when to', 'quand declencher', 'quand faire', 'quand l utiliser',
  'cuando', 'quando', 'wann', 'wanneer', 'signals', 'signaux', 'seuils', 'umbrales', 'limiares',
  'schwellenwerte', 'soglie', 'drempels', 'thresholds', 'decision criteria', 'rollback if', 'rollback si',
  'rollback se', 'rollback wenn', 'rollback als', 'roll back if', 'immediate rollback if', 'rollback immediato se',
  'symptom*', 'symptome*', 'sintoma*', 'sintomi', 'symptomen', 'stop criteria', 'criterios de stop',
  'abbruchkriterien', 'kill switch criteria',
);

// prettier-ignore
const STEPS = keywords(
  'procedure*', 'procedimiento*', 'procedimento*', 'procedura', 'procedures', 'steps', 'etapes', 'pasos',
  'passos', 'schritte', 'passi', 'stappen', 'ablauf', 'how to', 'comment', 'como', 'wie', 'come', 'hoe',
  'actions', 'acciones', 'acoes', 'massnahmen', 'azioni', 'acties', 'proceso', 'processo', 'process',
  'processus', 'execution', 'ejecucion', 'execucao', 'durchfuhrung', 'esecuzione', 'uitvoering', 'runbook',
);

// prettier-ignore
const CHECKS = keywords(
  'prerequisit*', 'prerequis', 'pre requis', 'prerrequisitos', 'pre requisitos', 'requisitos previos',
  'voraussetzung*', 'prerequisiti', 'randvoorwaarden', 'readiness', 'rollback readiness', 'before rolling back',
  'avant le retour arriere', 'antes del rollback', 'antes do rollback', 'vor dem rollback', 'prima del rollback',
  'voor de terugval', 'preparation', 'preparacion', 'preparacao', 'vorbereitung', 'preparazione',
  'voorbereiding', 'ready', 'pret', 'listo', 'pronto', 'bereit', 'klaar',
);

// prettier-ignore
const SKIP = keywords(
  'contact*', 'contacto*', 'contato*', 'kontakt*', 'contatti', 'escalation*', 'escalade', 'escalada',
  'eskalation*', 'escalation matrix', 'communication*', 'comunicacion', 'comunicacao', 'kommunikation',
  'comunicazione', 'communicatie', 'notify stakeholders template', 'do not roll back', 'don t roll back',
  'ne pas revenir', 'no hacer rollback', 'nao fazer rollback', 'kein rollback', 'non fare rollback',
  'geen rollback', 'template', 'modele', 'plantilla', 'modelo', 'vorlage', 'modello', 'sjabloon', 'report',
  'rapport', 'informe', 'relatorio', 'bericht', 'verslag', 'post mortem', 'postmortem', 'lessons learned',
);

/** What a label or heading says the lists after it are, or null. */
export function modeOf(label: string): RollbackMode | null {
  if (hasKeyword(label, SKIP)) return 'skip';
  if (hasKeyword(label, STEPS)) return 'steps';
  if (hasKeyword(label, CHECKS)) return 'checks';
  return hasKeyword(label, TRIGGERS) ? 'triggers' : null;
}

/** An alternative way to roll back: "Option A", "Méthode 2", "Variante B", "Plan B", "Opción 1". */
export const ALTERNATIVE =
  /^\P{L}*(?:option|opción|opcion|opção|opcao|opzione|optie|méthode|methode|method|método|metodo|variante?|alternative|alternativa|alternatief|plan)\s+(?:[A-Z]|\d+)\b/iu;

/**
 * A way to roll back named by its speed or its extent ("Rollback Rápido" and "Rollback Completo",
 * "Quick rollback", "Retour arrière partiel"): each is one of the alternatives, not a part of one.
 */
export const ROLLBACK_WAY = keywords(
  ...['quick', 'fast', 'rapid', 'immediate', 'express', 'partial', 'full', 'complete', 'total'],
  ...['rapido', 'rapida', 'completo', 'completa', 'parcial', 'inmediato', 'inmediata', 'imediato'],
  ...['rapide', 'complet', 'partiel', 'partielle', 'immediat', 'veloce', 'parziale', 'immediato'],
  ...['schnell*', 'vollstandig*', 'teilweise*', 'sofort*', 'snel*', 'volledig*', 'gedeeltelijk*'],
);

/** A numbered level or step of the procedure: "Niveau 2", "Level 1", "Step 3", "Stufe 1". */
export const NUMBERED_STEP =
  /^\P{L}*(?:niveau|level|nivel|nível|livello|stufe|step|étape|etape|paso|passo|schritt|stap|fase|phase|stage)\s*\d+/iu;
/** A sub-heading numbered "1." or "2)" (an action when its words start with a verb: "3. Run the rollback script"). */
export const BARE_NUMBER = /^\s*\d{1,2}[.)]\s+(?=\p{L})/u;

/** A line that states a readiness fact rather than an action: "Backup verified", "Rollback plan documented". */
export const READY_STATE =
  /\b(?:documented|tested|rehearsed|verified|validated|available|exists|ready|prepared|defined|identified|in place|configured|backed up|documente|teste|verifie|disponible|existe|pret|defini|identifie|documentado|probado|ensayado|verificado|listo|definido|identificado|testado|pronto|dokumentiert|getestet|gepruft|verfugbar|vorhanden|bereit|definiert|documentato|testato|verificato|disponibile|definito|gedocumenteerd|getest|geverifieerd|beschikbaar|klaar|gedefinieerd)\b/u;

/** Headings of what to do when something goes wrong, by symptom: each sub-section is its own way. */
export const BY_SYMPTOM = keywords(...WHEN_SOMETHING_GOES_WRONG);

/** A heading that opens with the case it is for: "If …", "Si …", "En caso de …", "Wenn …", "Als …". */
export const SCENARIO =
  /^\P{L}*(?:if|when|in case of|should|si|en cas d|lorsque|cuando|en caso de|se|em caso de|quando|wenn|falls|bei|als|indien|in geval van|in caso di|qualora)\s/u;

/** "If something goes wrong", "Se der problema", "If needed": any case, so the procedure itself. */
export const ANY_CASE = keywords(
  ...['problem*', 'issue*', 'wrong', 'needed', 'necessary', 'required', 'probleme*', 'necessaire'],
  ...['problema*', 'errado', 'mal', 'necesario', 'necessario', 'schief*', 'fehler*', 'notig', 'misgaat'],
  ...['probleem*', 'nodig', 'problemi'],
);

/** Sub-sections named by their speed or extent ("Quick" and "Full" rollback), when there are two or more: one alone is the procedure. */
export function waysAmong(children: readonly Section[]): ReadonlySet<Section> {
  const ways = children.filter((child) => hasKeyword(child.title, ROLLBACK_WAY));
  return new Set(ways.length >= 2 ? ways : []);
}

/** A sub-section of fields to fill in, roles or contacts ("Datos generales", "Responsables"): not the procedure. */
export function namesNoProcedure(title: string): boolean {
  const words = wordsOf(title);
  return (
    (['fields', 'roles', 'contacts'] as const).some(
      (role) => findKeyword(words, TITLE_WORDS[role]) !== null,
    ) || findKeyword(words, NOT_THE_PROCEDURE) !== null
  );
}

/** Who decides and what to keep in mind ("Decision Authority", "Data Considerations"): about the rollback, not its steps. */
// prettier-ignore
const NOT_THE_PROCEDURE = keywords(
  'authority', 'decision authority', 'autorite', 'autoridad', 'autoridade', 'befugnis*', 'entscheidungsbefugnis*',
  'bevoegdheid', 'autorita', 'considerations', 'consideration', 'considerations', 'consideraciones', 'consideracoes',
  'uberlegungen', 'overwegingen', 'considerazioni',
);

/** A label that says when a step is done ("Immediately", "Within 5min", "T+15", "Sofort", "Sous 30 min"). */
const WHEN_WORDS =
  /^(?:immediately|immediate|asap|now|within\b|after\b|sofort|umgehend|innerhalb\b|nach\b|immediatement|des que|sous\b|dans les?\b|inmediatamente|dentro de\b|en menos de\b|imediatamente|em ate\b|subito|immediatamente|entro\b|direct|onmiddellijk|binnen\b)/u;

export function isWhenLabel(label: string): boolean {
  const folded = fold(label.replace(/[*_]/gu, '')).trim();
  return WHEN_WORDS.test(folded) || parseWindow(folded)?.raw.length === folded.length;
}

/** "si …", "if …", "quand …": the condition under which a step applies; whole words only. */
export const CONDITION =
  /(?<![\p{L}\p{N}])(si|if|lorsque|quand|when|unless|sauf si|en cas d['e]\s*|cuando|quando|wenn|falls|se|als|indien)(?![\p{L}\p{N}])\s*([^,.;:()]+?)\s*(?:[,;:()]|\.\s|$)/iu;

/**
 * The condition a step states ("si impossible à fixer < 1h"), or null. In Spanish and French "se"
 * is a pronoun ("el acceso se otorga por…"), and "(if needed)" is no condition worth keeping.
 */
export function conditionOf(text: string, language: Language): string | null {
  const found = CONDITION.exec(text);
  const word = found?.[1]?.toLowerCase();
  const value = found?.[2]?.trim();
  if (!word || !value || /^en cas/u.test(word)) return null;
  if (word === 'se' && language !== 'pt' && language !== 'it') return null;
  return /^(?:needed|necessary|required|applicable|nécessaire|necesario|aplica|nötig|notwendig|necessario|nodig)$/iu.test(
    value,
  )
    ? null
    : value;
}
