/**
 * Which column of a table holds what, chosen from its header row in five languages: the item,
 * its owner, status, date or window, target and actual values, trigger and action, id, priority.
 * Each choice keeps the header word that made it, so `inspect --explain` can say why.
 *
 * Word lists stand several words to a line (`// prettier-ignore`): one word a line, as Prettier
 * lays them out, made the file about twice as long for nothing to read.
 */
import { memoized } from '../text.ts';
import { findKeyword, keywords, wordsOf, type Keywords } from './keywords.ts';

export type ColumnKind =
  'id' | 'status' | 'owner' | 'when' | 'target' | 'actual' | 'trigger' | 'action' | 'priority' | 'item';

/** Words of a batch or wave of a rollout ("Lot 2", "Welle 3"): an item column, and a task's. */
const BATCH = ['batch*', 'lot', 'lote', 'welle', 'vague', 'ola', 'onda', 'wave'];

/** Header words per kind, tried in this order for each header cell. */
const HEADERS: ReadonlyArray<[ColumnKind, Keywords]> = [
  ['id', keywords('id', 'no', 'n', 'num', 'nr', 'ref', 'numero', 'nummer')],
  [
    'status',
    // prettier-ignore
    keywords(
      'status', 'statut', 'estado', 'etat', 'state', 'stand', 'zustand', 'situacao', 'done', 'fait', 'ok',
      'avancement', 'progress', 'progreso', 'progresso', 'fortschritt', 'result', 'resultat', 'resultado',
      'ergebnis',
    ),
  ],
  [
    'owner',
    // prettier-ignore
    keywords(
      'owner*', 'responsable*', 'responsible', 'qui', 'who', 'quien', 'quem', 'wer', 'porteur', 'pilote',
      'assignee', 'assigned', 'asignado', 'atribuido', 'lead', 'equipe', 'team', 'equipo', 'verantwortlich*',
      'zustandig', 'rol', 'role', 'rolle', 'papel', 'dri', 'accountable', 'responsavel', 'responsaveis',
      'contact', 'contacto', 'contato', 'ansprechpartner',
    ),
  ],
  [
    'target',
    // prettier-ignore
    keywords(
      'target', 'cible', 'objectif', 'objetivo', 'meta', 'alvo', 'ziel', 'zielwert', 'seuil', 'seuils',
      'threshold', 'umbral', 'limiar', 'schwellenwert', 'expected', 'attendu', 'esperado', 'erwartet',
      'sollwert', 'valor esperado', 'limit', 'limite', 'alert', 'alerte', 'alerta', 'alarm',
    ),
  ],
  [
    'actual',
    // prettier-ignore
    keywords(
      'actual', 'reel', 'reelle', 'real', 'atual', 'actuel', 'ist', 'istwert', 'observed', 'observe',
      'measured', 'mesure', 'medido', 'valeur mesuree',
    ),
  ],
  [
    'trigger',
    // prettier-ignore
    keywords(
      'trigger*', 'declencheur*', 'disparador*', 'gatilho*', 'ausloser', 'condition*', 'condicion*',
      'condicao', 'condicoes', 'bedingung*', 'scenario', 'escenario', 'cenario', 'szenario', 'symptom*',
      'symptome', 'sintoma', 'situation', 'situacion', 'situacao', 'event', 'evenement', 'evento', 'ereignis',
      'if', 'si', 'se', 'wenn',
    ),
  ],
  [
    'when',
    // prettier-ignore
    keywords(
      'date*', 'fecha*', 'data', 'datum', 'quand', 'when', 'cuando', 'quando', 'wann', 'semaine', 'week',
      'semana', 'woche', 'kw', 'jour', 'day', 'dia', 'tag', 'periode', 'period', 'periodo', 'zeitraum',
      'echeance', 'deadline', 'due', 'prazo', 'plazo', 'frist', 'prevue', 'prevu', 'planned', 'prevista',
      'previsto', 'geplant', 'timing', 'sprint', 'debut', 'start', 'inicio', 'beginn', 'fin', 'end',
      'termino', 'ende', 'heure', 'hour', 'hora', 'uhrzeit', 'time', 'temps', 'tiempo', 'tempo', 'zeit',
      'horario', 'window', 'fenetre', 'ventana', 'janela', 'zeitfenster', 'slot', 'creneau', 'timeline',
      'calendrier', 'calendario', 'termin', 'offset', 'jalon', 'hito', 'marco', 'meilenstein', 'milestone',
    ),
  ],
  [
    'action',
    // prettier-ignore
    keywords(
      'action', 'actions', 'accion', 'acciones', 'acao', 'acoes', 'massnahme*', 'procedure', 'procedimiento',
      'procedimento', 'reaction', 'reaktion', 'response', 'reponse', 'respuesta', 'resposta', 'rollback',
      'plan',
    ),
  ],
  [
    'priority',
    // prettier-ignore
    keywords(
      'priority', 'priorite', 'prioridad', 'prioridade', 'prioritat', 'must', 'moscow', 'niveau', 'nivel',
      'level', 'stufe', 'importance', 'criticite', 'criticidad', 'criticidade', 'kritikalitat', 'severity',
      'severite', 'severidad', 'severidade',
    ),
  ],
  [
    'item',
    // prettier-ignore
    keywords(
      'phase*', 'fase*', 'etapa*', 'stage*', 'task*', 'tache*', 'tarea*', 'tarefa*', 'aufgabe*', 'item*',
      'activite*', 'activit*', 'actividad*', 'atividade*', 'aktivitat*', 'step*', 'etape*', 'paso*', 'passo*',
      'schritt*', 'what', 'quoi', 'que', 'o que', 'was', 'description', 'descripcion', 'descricao',
      'beschreibung', 'deliverable*', 'livrable*', 'entregable*', 'check', 'verification', 'verificacion',
      'verificacao', 'prufung', 'controle', 'control', 'requirement*', 'exigence*', 'requisito*',
      'anforderung*', 'tenant*', 'service*', 'servicio*', 'servico*', 'dienst*', 'component*', 'composant*',
      'componente*', 'komponente*', 'system*', 'sistema*', 'nom', 'name', 'nombre', 'nome', 'titel', 'title',
      'titre', 'point*', 'element*', 'punkt*', 'metric*', 'metrique*', 'metrica*', 'metrik*', 'indicateur*',
      'indicador*', 'kpi', 'critere*', 'criterio*', 'kriteri*', 'criterion', 'criteria', 'test*', 'prueba*',
      'teste*', ...BATCH,
    ),
  ],
];

export interface ColumnChoice {
  index: number;
  /** The header cell as written. */
  header: string;
  /** The header word that chose it. */
  word: string;
}

export type Columns = Partial<Record<ColumnKind, ColumnChoice>>;

/**
 * The columns of a header row: each header cell gets the first kind whose words it holds, and
 * each kind its first column. "Criterion | Target | Actual | Status" → item 0, target 1…
 */
export function chooseColumns(header: readonly string[]): Columns {
  // A header row is joined with a character no cell holds, to be remembered as one key.
  return columnsOf(header.join('\u0000'));
}

const columnsOf = memoized((key: string): Columns => {
  const header = key.split('\u0000');
  const columns: Columns = {};
  header.forEach((cell, index) => {
    const words = wordsOf(cell);
    for (const [kind, list] of HEADERS) {
      const match = findKeyword(words, list);
      if (!match) continue;
      // "Status" is a status column; "Status: 🔲 Not Started" in a cell is not a header.
      if (!columns[kind]) columns[kind] = { index, header: cell, word: match.matched };
      return;
    }
  });
  return columns;
});

// prettier-ignore
const TASK_ITEM = keywords(
  'task*', 'tache*', 'tarea*', 'tarefa*', 'aufgabe*', 'what', 'quoi', 'que', 'o que', 'was', 'activit*',
  'actividad*', 'atividade*', 'aktivitat*', 'item*', 'tenant*', ...BATCH,
);

/**
 * Whether a table's rows are work in themselves: it has a status column, or its item column
 * is headed as a task ("Task", "What", "Tenant"), not as a reference to steps ("Step", "Phase").
 */
export function isTaskHeader(columns: Columns): boolean {
  return (
    columns.status !== undefined ||
    (columns.item !== undefined && findKeyword([columns.item.word], TASK_ITEM) !== null)
  );
}

/** One line saying which column was taken for what ("item ← “Task”, owner ← “Owner”"). */
export function describeColumns(columns: Columns): string {
  return Object.entries(columns)
    .map(([kind, choice]) => `${kind} ← “${choice.header}”`)
    .join(', ');
}
