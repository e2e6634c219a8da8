/**
 * What a section is about, read from its heading in English, French, Spanish, Portuguese or
 * German. Words are matched whole and accent-folded (see keywords.ts), so "🆘 Plan de Continuité
 * (Rollback)" and "Rollback-Plan" land on the same role and "Preparación" is not a RACI table.
 *
 * Word lists stand several words to a line (`// prettier-ignore`): one word a line, as Prettier
 * lays them out, made the file about twice as long for nothing to read.
 */
import { memoized } from '../text.ts';
import {
  findKeyword,
  hasKeyword,
  keywords,
  keywordTest,
  wordsOf,
  type KeywordMatch,
  type Keywords,
} from './keywords.ts';

export type SectionRole =
  | 'rollback'
  | 'gate'
  | 'risks'
  | 'contents'
  | 'progress'
  | 'legend'
  | 'contacts'
  | 'links'
  | 'weekly'
  | 'calendar'
  | 'durations'
  | 'metrics'
  | 'objectives'
  | 'overview'
  | 'roles'
  | 'conclusion'
  | 'annex'
  | 'deliverables'
  | 'protocol'
  | 'work';

/** Heading words of each role, in the order they are tried (the first role that matches wins). */
const RULES: ReadonlyArray<[SectionRole, Keywords]> = [
  [
    'gate',
    // prettier-ignore
    keywords(
      'go no go', 'go nogo', 'gonogo', 'feu vert', 'decision de lancement', 'decision de mise en production',
      'launch decision', 'go live decision', 'release decision', 'go live approval', 'launch approval',
      'freigabe*', 'sign off', 'signoff', 'approval', 'approbation', 'aprobacion', 'aprovacao', 'genehmigung',
      'abnahme', 'decision go', 'decisao go', 'decision de go', 'decisao de go',
    ),
  ],
  [
    'rollback',
    // prettier-ignore
    keywords(
      'roll back', 'rollback*', 'retour arriere', 'plan de continuite', 'plan de reprise', 'plan de secours',
      'contingency', 'back out', 'backout', 'fallback', 'plan de repli', 'revert', 'reversion', 'reversao',
      'contingencia', 'ruckfall*', 'ruckabwicklung', 'zuruckrollen', 'ruckrollen', 'ruckrollung',
      'notfallplan',
    ),
  ],
  [
    'risks',
    // prettier-ignore
    keywords(
      'risque*', 'risk*', 'mitigation', 'riesgo*', 'mitigacion', 'risco*', 'mitigacao', 'risiko*', 'risiken',
    ),
  ],
  [
    'contents',
    // prettier-ignore
    keywords(
      'table of contents', 'contents', 'toc', 'sommaire', 'table des matieres', 'indice', 'contenido',
      'sumario', 'inhalt', 'inhaltsverzeichnis',
    ),
  ],
  [
    'progress',
    // prettier-ignore
    keywords(
      'progress', 'progres', 'avancement', 'progreso', 'progresso', 'fortschritt*', 'etat d avancement',
      'status summary', 'resume d avancement', 'statusubersicht', 'estado del proyecto', 'estado actual',
    ),
  ],
  ['legend', keywords('legend', 'legende', 'leyenda', 'legenda', 'key to symbols')],
  [
    'contacts',
    // prettier-ignore
    keywords(
      'contact*', 'contacto*', 'contato*', 'kontakt*', 'ansprechpartner*', 'annuaire', 'who to call',
      'a qui s adresser',
    ),
  ],
  [
    'links',
    // prettier-ignore
    keywords(
      'links', 'liens', 'liens utiles', 'useful links', 'resources', 'ressources', 'recursos', 'ressourcen',
      'enlaces', 'references', 'referencias', 'referenzen', 'documentation links', 'notes', 'remarques',
      'notas', 'notizen', 'anmerkungen', 'observaciones', 'observacoes',
    ),
  ],
  [
    'weekly',
    // prettier-ignore
    keywords(
      'weekly', 'hebdomadaire*', 'semanal*', 'wochenplan', 'wochenziele', 'plan semaine par semaine',
      'week by week',
    ),
  ],
  [
    'calendar',
    // prettier-ignore
    keywords(
      'calendrier', 'calendar', 'timeline', 'echeancier', 'chronogramme', 'schedule', 'planning des etapes',
      'gantt', 'cronograma', 'calendario', 'zeitplan', 'zeitleiste', 'terminplan', 'meilensteine',
      'milestones', 'jalons', 'hitos', 'marcos',
    ),
  ],
  [
    'durations',
    // prettier-ignore
    keywords(
      'duree*', 'duration', 'estimation', 'estimated time', 'duracion', 'duracao', 'dauer', 'zeitaufwand',
      'tiempo estimado', 'tempo estimado',
    ),
  ],
  [
    'metrics',
    // prettier-ignore
    keywords(
      'metriques de succes', 'success metrics', 'kpi', 'kpis', 'indicateurs', 'mesures de succes',
      'criteres de succes', 'success criteria', 'metricas de exito', 'indicadores', 'metricas de sucesso',
      'erfolgskennzahlen', 'kennzahlen', 'erfolgskriterien', 'criterios de exito', 'criterios de sucesso',
    ),
  ],
  [
    'objectives',
    // prettier-ignore
    keywords(
      'objectif*', 'objective*', 'goal', 'goals', 'but', 'buts', 'purpose', 'objetivo*', 'ziel', 'ziele',
      'zielsetzung', 'metas',
    ),
  ],
  [
    'overview',
    // prettier-ignore
    keywords(
      'vue d ensemble', 'overview', 'introduction', 'contexte', 'context', 'resume', 'summary', 'a propos',
      'about', 'resumen', 'contexto', 'visao geral', 'resumo', 'ubersicht', 'einleitung', 'hintergrund',
      'zusammenfassung', 'vision general', 'descripcion general', 'introduccion', 'introducao',
    ),
  ],
  [
    'roles',
    // prettier-ignore
    keywords(
      'roles', 'role', 'responsabilit*', 'responsibilit*', 'raci', 'owners', 'equipe projet', 'team',
      'rollen', 'verantwortlich*', 'zustandigkeit*', 'responsables', 'responsaveis', 'papeis',
      'equipo del proyecto',
    ),
  ],
  ['conclusion', keywords('conclusion', 'conclusao', 'fazit', 'schlussfolgerung*')],
  [
    'annex',
    // prettier-ignore
    keywords(
      'annexe', 'annexes', 'appendix', 'appendices', 'glossaire', 'glossary', 'anexo', 'anexos', 'anhang',
      'glosario', 'glossario', 'glossar',
    ),
  ],
  [
    'deliverables',
    // prettier-ignore
    keywords(
      'livrable*', 'deliverable*', 'outputs', 'entregable*', 'entregave*', 'lieferergebnis*', 'lieferobjekt*',
    ),
  ],
  [
    'protocol',
    // prettier-ignore
    keywords(
      'protocole', 'jour j', 'launch day', 'd day', 'runbook', 'cutover', 'bascule',
      'deroulement du lancement', 'dia d', 'dia del lanzamiento', 'dia do lancamento', 'go live tag',
      'umstellung', 'ablauf am go live',
    ),
  ],
];

/** A role and the heading words that chose it (null for 'work'). */
export interface TitleRole {
  role: SectionRole;
  match: KeywordMatch | null;
}

function firstRole(text: string): TitleRole {
  const words = wordsOf(text);
  for (const [role, list] of RULES) {
    const match = findKeyword(words, list);
    if (match) return { role, match };
  }
  return { role: 'work', match: null };
}

/** Roles a bracket may give a title by itself: "Plan de Continuité (Rollback)". */
const BRACKET_ROLES = new Set<SectionRole>(['rollback', 'gate', 'risks', 'protocol']);

/**
 * The role of a section from its title, with the words that decided it. A trailing bracket is
 * mostly time or length ("Release (Dauer: 2 Stunden)"): it names the role only when the title
 * does not and it says rollback, go/no-go, risks or a launch protocol.
 */
export const classifyTitle: (title: string) => TitleRole = memoized((title) => {
  const bracket = /\(([^()]*)\)\s*$/u.exec(title);
  const named = firstRole(bracket ? title.slice(0, bracket.index) : title);
  if (named.role !== 'work' || !bracket?.[1]) return named;
  const inBracket = firstRole(bracket[1]);
  return BRACKET_ROLES.has(inBracket.role) ? inBracket : named;
});

/** Titles that describe monitoring, whose thresholds are alert rules. */
// prettier-ignore
export const isMonitoringTitle = keywordTest(
  'monitor*', 'surveillance', 'seuil*', 'threshold*', 'alert*', 'alarm*', 'observabilit*', 'sla', 'slo',
  'slos', 'metriques', 'metrics', 'metricas', 'metrique systeme', 'health', 'monitoreo', 'monitorizacion',
  'monitoramento', 'uberwachung', 'schwellenwert*', 'umbral*', 'umbrales', 'limiar*', 'limites',
  'supervision', 'metriken', 'performance targets',
);

// prettier-ignore
const LAUNCH = keywords(
  'mise en production', 'puesta en produccion', 'entrada em producao', 'lancement', 'launch', 'ship',
  'rollout', 'roll out', 'go live', 'golive', 'production', 'prod', 'jour j', 'ouverture', 'release',
  'lanzamiento', 'produccion', 'lancamento', 'producao', 'inbetriebnahme', 'produktivsetzung', 'livegang',
  'produktion', 'cutover', 'bascule', 'corte', 'virada', 'd day', 'dia d', 'despliegue', 'implantacao',
  'mise en service', 'puesta en marcha', 'umstellung', 'liveschaltung',
);

/** "Launch checklist", "Préparation du lancement": about the go-live, not the go-live itself. */
// prettier-ignore
const ABOUT_LAUNCH = keywords(
  'checklist*', 'check list', 'readiness', 'tasks', 'taches', 'tareas', 'tarefas', 'aufgaben', 'preparation',
  'preparacion', 'preparacao', 'vorbereitung', 'planning', 'communication', 'comunicacion', 'comunicacao',
  'kommunikation', 'criteria', 'criteres', 'criterios', 'kriterien',
);

/** Titles that name the go-live itself (not a "Pre-" or "Post-" one, not its checklist): where a go/no-go stands before. */
export function isLaunchTitle(title: string): boolean {
  return hasKeyword(title, LAUNCH, { unprefixed: true }) && !hasKeyword(title, ABOUT_LAUNCH);
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
