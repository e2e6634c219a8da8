/**
 * What the items of a go/no-go are for. Under a label or heading, a gate's list may hold its
 * criteria (MUST HAVE, "Go if"), nice-to-haves (NICE TO HAVE), refusal conditions ("NO-GO if",
 * "Critères d'arrêt": the decision is no if one holds, they are not criteria to tick), or the
 * actions taken once decided ("If GO:", "Après la décision"). Only the criteria block a go.
 */
import type { Step } from '../model.ts';
import { flattenItems } from '../query.ts';
import { findKeyword, hasKeyword, keywords, wordsOf } from './keywords.ts';
import { TITLE_WORDS } from './roleWords.ts';

export type ItemClass = 'criterion' | 'advisory' | 'refusal' | 'after';

/** Item ids of a gate that are not criteria, by why. */
export interface Classified {
  advisory: string[];
  refusal: string[];
  after: string[];
}

export const emptyClassified = (): Classified => ({ advisory: [], refusal: [], after: [] });

// prettier-ignore
const REFUSAL = keywords(
  'no go if', 'no go si', 'no go se', 'no go wenn', 'no go als', 'no go when', 'no go criteria',
  'no go conditions', 'criteres de no go', 'criterios de no go', 'criterios no go', 'criterios de nao go',
  'no go kriterien', 'criteri di no go', 'no go criteria', 'stop criteria', 'criterios de stop',
  'criteres d arret', 'criterios de parada', 'abbruchkriterien', 'abbruch', 'criteri di stop', 'stopcriteria',
  'kill criteria', 'showstopper*', 'no go', 'nogo', 'refuse if', 'refuser si', 'do not go if',
  'ne pas lancer si', 'no lanzar si', 'nao lancar se', 'nicht starten wenn', 'non procedere se',
  'niet doorgaan als',
);

// prettier-ignore
const AFTER = keywords(
  'if go', 'si go', 'se go', 'wenn go', 'als go', 'on go', 'once approved', 'if approved', 'une fois valide',
  'une fois la decision prise', 'after the decision', 'apres la decision', 'despues de la decision',
  'apos a decisao', 'nach der entscheidung', 'dopo la decisione', 'na het besluit', 'post decision',
  'after go', 'apres le go', 'despues del go', 'apos o go', 'nach dem go', 'dopo il go', 'na de go',
  'actions after', 'actions apres', 'following the decision',
);

// prettier-ignore
const ADVISORY = keywords(
  'nice to have', 'should have', 'could have', 'optional', 'optionnel', 'optionnels', 'souhaitable*',
  'recommande*', 'deseable*', 'opcional*', 'desejave*', 'wunschenswert', 'kann', 'nice', 'non bloquant*',
  'no bloqueante*', 'nao bloqueante*', 'nicht blockierend', 'facoltativ*', 'non bloccant*', 'opzionale',
  'niet blokkerend', 'optioneel', 'wenselijk',
);

// prettier-ignore
const CRITERION = keywords(
  'must have', 'must', 'obligatoire*', 'indispensable*', 'bloquant*', 'blocking', 'blocker*', 'requis',
  'required', 'obligatorio*', 'imprescindible*', 'bloqueante*', 'obrigatorio*', 'muss', 'pflicht*',
  'zwingend', 'critical', 'critique*', 'critico*', 'kritisch*', 'go if', 'go si', 'go se', 'go wenn',
  'go als', 'go when', 'go criteria', 'criteres de go', 'criterios de go', 'obbligatori*', 'bloccant*',
  'verplicht', 'blokkerend',
);

/** What a label or heading says the items after it are, or null when it says nothing of it. */
export function labelClass(label: string): ItemClass | null {
  if (hasKeyword(label, AFTER)) return 'after';
  if (hasKeyword(label, REFUSAL)) return 'refusal';
  if (hasKeyword(label, ADVISORY)) return 'advisory';
  return hasKeyword(label, CRITERION) ? 'criterion' : null;
}

/** The ids that block a go: all of them but the advisory ones, the refusal conditions and the actions after. */
export function blocking(ids: readonly string[], classified: Classified): string[] {
  const not = new Set([...classified.advisory, ...classified.refusal, ...classified.after]);
  return ids.filter((id) => !not.has(id));
}

/**
 * The criteria of a gate from the steps it lists: when some of them are headed as criteria ("3.1
 * Go/No-Go Criteria" beside "3.2 Go/No-Go Meeting"), only theirs; never the advisory items, the
 * refusal conditions or the actions after the decision.
 */
export function gateCriteria(steps: readonly Step[], classified: Classified): string[] {
  const headed = steps.filter((step) => findKeyword(wordsOf(step.title), TITLE_WORDS.criteria));
  const chosen = headed.length > 0 && headed.length < steps.length ? headed : steps;
  return blocking(
    chosen.flatMap((step) => flattenItems(step.items).map((item) => item.id)),
    classified,
  );
}
