/**
 * Kinds of titles the readers ask about beyond a section's role: the go-live itself (not a Pre-
 * or Post- one, not its checklist), what comes after it, continuous phases, and checklists (where
 * a leading ✅ is a status). Words are matched whole and accent-folded (keywords.ts).
 *
 * Word lists stand several words to a line (`// prettier-ignore`): one word a line, as Prettier
 * lays them out, made the file about twice as long for nothing to read.
 */
import { hasKeyword, keywords, keywordTest } from './keywords.ts';
import { TITLE_WORDS } from './roleWords.ts';

/** "Launch checklist", "Préparation du lancement", "Deployment information": about the go-live, not the go-live itself. */
// prettier-ignore
const ABOUT_LAUNCH = keywords(
  'checklist*', 'check list', 'readiness', 'tasks', 'taches', 'tareas', 'tarefas', 'aufgaben', 'preparation',
  'preparacion', 'preparacao', 'vorbereitung', 'planning', 'communication', 'comunicacion', 'comunicacao',
  'kommunikation', 'criteria', 'criteres', 'criterios', 'kriterien', 'criteri', 'preparazione',
  'voorbereiding', 'strategy', 'strategie', 'estrategia', 'estrategia', 'strategia', 'aanpak', 'approach',
  'overview', 'summary', 'requirements', 'prerequisites', 'decision', 'approval', 'sign off', 'prep',
  'war room', 'retrospective', 'review', 'information*', 'informacion', 'informacao', 'informazioni',
  'informatie', 'general', 'generales', 'generale', 'allgemein*', 'details', 'detalles', 'detalhes',
  'dettagli', 'context', 'contexte', 'contexto', 'kontext', 'contesto',
);

/** Titles that name the go-live itself (not a "Pre-" or "Post-" one, not its checklist): where a go/no-go stands before. */
export function isLaunchTitle(title: string): boolean {
  return hasKeyword(title, TITLE_WORDS.launch, { unprefixed: true }) && !hasKeyword(title, ABOUT_LAUNCH);
}

/** Titles of what comes after the go-live ("Post-Launch", "Après le lancement", "Hypercare"). */
// prettier-ignore
export const isAfterLaunchTitle = keywordTest(
  'post', 'apres', 'pos', 'nach', 'despues', 'after', 'hypercare', 'stabilisation', 'stabilization',
  'estabilizacion', 'estabilizacao', 'stabilisierung',
);

/** Continuous phases never finish: maintenance, run, evolution… */
// prettier-ignore
export const isContinuousTitle = keywordTest(
  'continu', 'continue', 'continuous', 'ongoing', 'en continu', 'maintenance', 'run', 'operations',
  'continuo', 'continua', 'mantenimiento', 'manutencao', 'wartung', 'betrieb', 'laufend*', 'kontinuierlich*',
);

/** Titles of checklists, where a leading ✅ is a status and not decoration. */
// prettier-ignore
export const isChecklistTitle = keywordTest(
  'checklist*', 'check list', 'liste de controle', 'liste de verification', 'lista de verificacion',
  'lista de control', 'lista de verificacao', 'lista de checagem', 'checkliste', 'prufliste', 'status',
  'statut', 'estado', 'progress', 'avancement', 'progreso', 'progresso', 'fortschritt*', 'suivi',
  'seguimiento', 'acompanhamento', 'todo', 'to do', 'a faire', 'tareas', 'tarefas', 'aufgaben', 'tasks',
  'taches',
);
